import rule from '../../../../src/lint/rules/dockerfile/workdir-relative.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nWORKDIR /app\n',
    {
      name: 'BuildKit: relative after an absolute WORKDIR in the base stage',
      code: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n',
    },
    {
      name: 'BuildKit: check=skip above the WORKDIR',
      code: '\nFROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n',
    },
    {
      name: 'relative after absolute in the same stage',
      code: 'FROM alpine:3.20\nWORKDIR /src\nWORKDIR cmd/app\n',
    },
    {
      name: 'ARG expanding to an absolute path',
      code: 'FROM alpine:3.20\nARG APP_DIR=/srv/app\nWORKDIR $APP_DIR\n',
    },
    { name: 'variable from the base image', code: 'FROM alpine:3.20\nWORKDIR $HOME/app\n' },
    { name: 'Windows', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: relative WORKDIR',
      code: '\nFROM scratch\nWORKDIR app/\n',
      errors: [{ messageId: 'relative', line: 3, column: 9, endColumn: 13 }],
    },
    {
      name: 'ENV expanding to a relative path',
      code: 'FROM alpine:3.20\nENV APP=app\nWORKDIR $APP/src\n',
      errors: [
        {
          messageId: 'relative',
          line: 3,
          column: 9,
          message:
            "WORKDIR 'app/src' is relative and no absolute WORKDIR was set before it, so it depends on the base image's working directory; use an absolute path such as /app/src",
        },
      ],
    },
    {
      name: 'only the first relative WORKDIR of the chain',
      code: 'FROM alpine:3.20 AS a\nWORKDIR app\nWORKDIR src\nFROM alpine:3.20\nWORKDIR "build dir"\n',
      errors: [
        { messageId: 'relative', line: 2 },
        { messageId: 'relative', line: 5, column: 9 },
      ],
    },
  ],
});
