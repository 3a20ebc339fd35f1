import rule from '../../../../src/lint/rules/dockerfile/workdir-system-dir.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nWORKDIR /app\nCOPY . .\n',
    {
      name: 'sub-directories of /usr and /etc are fine',
      code: 'FROM alpine:3.20\nWORKDIR /usr/src/app\nWORKDIR /etc/nginx\n',
    },
    {
      name: 'WORKDIR / as a reset',
      code: 'FROM alpine:3.20\nWORKDIR /tmp/build\nRUN make\nWORKDIR /\nCMD ["sh"]\n',
    },
    {
      name: 'WORKDIR / with absolute COPY',
      code: 'FROM alpine:3.20\nWORKDIR /\nCOPY app /usr/local/bin/app\n',
    },
    {
      name: 'WORKDIR / then another WORKDIR before COPY',
      code: 'FROM alpine:3.20\nWORKDIR /\nWORKDIR /app\nCOPY . .\n',
    },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nWORKDIR $APP_HOME\n' },
    { name: '/procedures is not /proc', code: 'FROM alpine:3.20\nWORKDIR /procedures\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nWORKDIR /proc/app\n',
      errors: [{ messageId: 'virtual', line: 2, column: 9, endColumn: 18 }],
    },
    {
      name: 'system directories, trailing slash and variables',
      code: 'FROM alpine:3.20\nARG BIN=/usr/bin/\nWORKDIR $BIN\nWORKDIR /etc\nWORKDIR /dev\n',
      errors: [
        {
          messageId: 'system',
          line: 3,
          column: 9,
          message:
            "WORKDIR '/usr/bin' is a system directory; files written or copied there mix with the OS's. Use a dedicated directory such as /app",
        },
        { messageId: 'system', line: 4 },
        { messageId: 'virtual', line: 5 },
      ],
    },
    {
      name: 'WORKDIR / then COPY . .',
      code: 'FROM node:22-slim\nWORKDIR /\nCOPY . .\nCMD ["node", "index.js"]\n',
      errors: [
        {
          messageId: 'root',
          line: 2,
          column: 9,
          message:
            "WORKDIR '/' followed by a relative COPY (line 3) spreads the app over the filesystem root; use a dedicated directory such as /app",
        },
      ],
    },
  ],
});
