import rule from '../../../../src/lint/rules/dockerfile/json-args-recommended.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "app.js"]\n',
    {
      name: 'BuildKit: SHELL before CMD',
      code: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n',
    },
    {
      name: 'BuildKit: SHELL before ENTRYPOINT',
      code: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n',
    },
    {
      name: 'BuildKit: SHELL in the base stage (CMD)',
      code: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n',
    },
    {
      name: 'BuildKit: SHELL in the base stage (ENTRYPOINT)',
      code: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n',
    },
    {
      name: 'HEALTHCHECK shell form is fine',
      code: 'FROM alpine:3.20\nHEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n',
    },
    { name: 'broken JSON is invalid-json-form', code: "FROM alpine:3.20\nCMD ['node', 'app.js']\n" },
    {
      name: 'BuildKit: check=skip above CMD',
      code: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n',
    },
    {
      name: 'BuildKit: check=skip above ENTRYPOINT',
      code: '\nFROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n',
    },
  ],
  invalid: [
    {
      name: 'BuildKit: CMD',
      code: '\nFROM scratch\nCMD mycommand\n',
      errors: [{ messageId: 'cmd', line: 3, column: 5, endColumn: 14 }],
      output: '\nFROM scratch\nCMD ["mycommand"]\n',
    },
    {
      name: 'BuildKit: ENTRYPOINT',
      code: '\nFROM scratch\nENTRYPOINT mycommand\n',
      errors: [{ messageId: 'entrypoint', line: 3, column: 12 }],
      output: '\nFROM scratch\nENTRYPOINT ["mycommand"]\n',
    },
    {
      name: 'quotes, flags, exec and continuation',
      code: 'FROM python:3.12-slim\nCMD exec gunicorn app:wsgi \\\n    --bind "0.0.0.0:8000" --log-level=info\n',
      errors: [
        {
          messageId: 'cmd',
          line: 2,
          column: 5,
          endLine: 3,
          message:
            'CMD in shell form runs under /bin/sh -c: the shell is PID 1, so SIGTERM never reaches the app (slow, unclean stops); use the JSON form: CMD ["gunicorn", "app:wsgi", "--bind", "0.0.0.0:8000", "--log-level=info"]',
        },
      ],
      output:
        'FROM python:3.12-slim\nCMD ["gunicorn", "app:wsgi", "--bind", "0.0.0.0:8000", "--log-level=info"]\n',
    },
    {
      name: 'shell features: reported without a fix',
      code: 'FROM alpine:3.20\nCMD echo $HOME && sleep 1\nENTRYPOINT /entry.sh > /log 2>&1\nCMD PORT=80 ./server\nCMD [ -f /ready ] && ./run\n',
      errors: [
        { messageId: 'cmd', line: 2 },
        { messageId: 'entrypoint', line: 3 },
        { messageId: 'cmd', line: 4 },
        { messageId: 'cmd', line: 5 },
      ],
      output: null,
    },
    {
      name: 'SHELL in another, unrelated stage does not count',
      code: 'FROM alpine:3.20 AS a\nSHELL ["/bin/bash", "-c"]\nFROM alpine:3.20\nCMD ./run\n',
      errors: [{ messageId: 'cmd', line: 4 }],
      output: 'FROM alpine:3.20 AS a\nSHELL ["/bin/bash", "-c"]\nFROM alpine:3.20\nCMD ["./run"]\n',
    },
  ],
});
