import rule from '../../../../src/lint/rules/dockerfile/copy-relative-destination.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n',
    { name: 'absolute destination', code: 'FROM alpine:3.20\nCOPY app.sh /usr/local/bin/\n' },
    {
      name: 'WORKDIR in a base stage',
      code: 'FROM node:22-slim AS base\nWORKDIR /app\nFROM base AS build\nCOPY . .\n',
    },
    {
      name: 'variable expanding to an absolute path',
      code: 'FROM alpine:3.20\nENV APP=/srv\nCOPY a $APP/\n',
    },
    { name: 'unknown variable (may come from the base image)', code: 'FROM alpine:3.20\nCOPY a $HOME/\n' },
    {
      name: 'Windows path',
      code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:\\\\app\\\\\n',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCOPY package.json ./\nWORKDIR /app\n',
      errors: [{ messageId: 'relative', line: 2, column: 19, endColumn: 21 }],
    },
    {
      name: 'WORKDIR in another (unrelated) stage does not count',
      code: 'FROM alpine:3.20 AS a\nWORKDIR /app\nFROM alpine:3.20\nADD app.tar.gz app\n',
      errors: [{ messageId: 'relative', line: 4, column: 16 }],
    },
    {
      name: 'JSON form and variables',
      code: 'FROM alpine:3.20\nARG D=etc\nCOPY ["conf", "$D/"]\n',
      errors: [
        {
          messageId: 'relative',
          line: 3,
          column: 15,
          message:
            "Destination 'etc/' is relative but no WORKDIR is set in this stage, so it lands wherever the base image's WORKDIR points (often /); add WORKDIR or use an absolute path",
        },
      ],
    },
    {
      name: 'heredoc source',
      code: 'FROM alpine:3.20\nCOPY <<EOF run.sh\necho hi\nEOF\n',
      errors: [{ messageId: 'relative', line: 2, column: 12 }],
    },
  ],
});
