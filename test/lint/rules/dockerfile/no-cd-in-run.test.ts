import rule from '../../../../src/lint/rules/dockerfile/no-cd-in-run.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nWORKDIR /src\nRUN make\n',
    { name: 'subshell scopes the cd', code: 'FROM alpine:3.20\nRUN (cd /src && make) && make -C /other\n' },
    { name: 'sh -c string', code: "FROM alpine:3.20\nRUN sh -c 'cd /src && make'\n" },
    { name: 'temporary directory', code: 'FROM alpine:3.20\nRUN cd "$(mktemp -d)" && wget -q https://x/y\n' },
    { name: 'JSON form', code: 'FROM alpine:3.20\nRUN ["sh", "-c", "make"]\n' },
    { name: 'word cd as an argument', code: 'FROM alpine:3.20\nRUN echo cd /tmp\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN cd /src && make\n',
      errors: [
        {
          messageId: 'useWorkdir',
          line: 2,
          column: 5,
          endColumn: 12,
          message: 'Use WORKDIR /src instead of `cd` in RUN',
        },
      ],
    },
    {
      name: 'after a continuation, with sudo',
      code: 'FROM debian:12\nRUN apt-get update \\\n && sudo cd /opt/app; make\n',
      errors: [{ messageId: 'useWorkdir', line: 3, column: 5 }],
    },
    {
      name: 'inside if, and in a heredoc',
      code: 'FROM alpine:3.20\nRUN if true; then cd /a; fi\nRUN <<EOF\ncd /b\nmake\nEOF\n',
      errors: [
        { messageId: 'useWorkdir', line: 2, column: 19 },
        { messageId: 'useWorkdir', line: 4, column: 1 },
      ],
    },
  ],
});
