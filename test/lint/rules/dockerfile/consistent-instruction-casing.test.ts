import rule from '../../../../src/lint/rules/dockerfile/consistent-instruction-casing.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN true\nCMD ["sh"]\n',
    { name: 'all lower-case is consistent too', code: 'from alpine:3.20\nrun true\ncmd ["sh"]\n' },
    { name: 'BuildKit: all lower', code: '\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n' },
    { name: 'BuildKit: all upper', code: '\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n' },
    { name: 'arguments are not keywords', code: 'FROM alpine:3.20\nRUN echo From run\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: mixed-case From, upper majority (tie goes upper)',
      code: '\n# c\n#\nFrom scratch as base\nFROM scratch AS base2\n',
      errors: [{ messageId: 'mixed', line: 4, column: 1, endColumn: 5 }],
      output: '\n# c\n#\nFROM scratch as base\nFROM scratch AS base2\n',
    },
    {
      name: 'BuildKit: copy in an upper-case file',
      code: '\nFROM scratch\n# c\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n',
      errors: [{ messageId: 'majority', line: 4 }],
      output: '\nFROM scratch\n# c\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n',
    },
    {
      name: 'BuildKit: frOM with lower majority',
      code: '\n# c\n#\nfrOM scratch as base\nfrom scratch as base2\n',
      errors: [{ messageId: 'mixed', line: 4 }],
      output: '\n# c\n#\nfrom scratch as base\nfrom scratch as base2\n',
    },
    {
      name: 'BuildKit: COPY in a lower-case file',
      code: '\nfrom scratch\n# c\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n',
      errors: [{ messageId: 'majority', line: 4 }],
      output: '\nfrom scratch\n# c\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n',
    },
    {
      name: 'BuildKit: from in an upper-case file',
      code: '\n# c\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n',
      errors: [{ messageId: 'majority', line: 4 }],
      output: '\n# c\n#\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n',
    },
    {
      name: 'BuildKit: FROM in a lower-case file',
      code: '\n# c\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n',
      errors: [{ messageId: 'majority', line: 4 }],
      output: '\n# c\n#\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n',
    },
    {
      name: 'ONBUILD trigger keyword and continuation lines',
      code: 'FROM alpine:3.20\nONBUILD run echo \\\n  hi\nRun true\n',
      errors: [
        { messageId: 'majority', line: 2, column: 9 },
        { messageId: 'mixed', line: 4, column: 1 },
      ],
      output: 'FROM alpine:3.20\nONBUILD RUN echo \\\n  hi\nRUN true\n',
    },
  ],
});
