import rule from '../../../../src/lint/rules/dockerfile/no-empty-continuation.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache \\\n      curl \\\n      git\n',
    {
      name: 'comment lines inside a continuation are fine',
      code: 'FROM alpine:3.20\nRUN echo a \\\n  # note\n  && echo b\n',
    },
    { name: 'blank line between instructions', code: 'FROM alpine:3.20\n\nRUN true\n\n' },
    { name: 'blank lines in a heredoc body', code: 'FROM alpine:3.20\nRUN <<EOF\necho a\n\necho b\nEOF\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: reported on the line the instruction ends',
      code: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n',
      errors: [
        {
          messageId: 'empty',
          line: 6,
          column: 1,
          endColumn: 2,
          message:
            'Empty continuation line (line 5) inside this COPY; empty lines after a line continuation are deprecated and will become errors',
        },
      ],
      output:
        '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n.\nCOPY Dockerfile \\\n.\n',
    },
    {
      name: 'several blank and whitespace-only lines, comments, CRLF',
      code: 'FROM alpine:3.20\r\nRUN apk add \\\r\n\r\n    curl \\\r\n  \r\n    # git\r\n    git\r\n',
      errors: [{ messageId: 'empty', line: 7, column: 5, endColumn: 8 }],
      output: 'FROM alpine:3.20\r\nRUN apk add \\\r\n    curl \\\r\n    # git\r\n    git\r\n',
    },
  ],
});
