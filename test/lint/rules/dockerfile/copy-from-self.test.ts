import rule from '../../../../src/lint/rules/dockerfile/copy-from-self.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
    {
      name: 'earlier stage by index',
      code: 'FROM alpine:3.20\nRUN true\nFROM alpine:3.20\nCOPY --from=0 /etc/os-release /x\n',
    },
    {
      name: 'an image',
      code: 'FROM alpine:3.20 AS app\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\n',
    },
    {
      name: 'same name as a later stage is not self',
      code: 'FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20 AS b\nCOPY --from=a /x /x\n',
    },
  ],
  invalid: [
    {
      code: 'FROM golang:1.23 AS build\nCOPY --from=build /src /src\n',
      errors: [{ messageId: 'self', line: 2, column: 13, endColumn: 18 }],
    },
    {
      name: 'case-insensitive, variable',
      code: 'FROM alpine:3.20 AS Build\nARG SRC=build\nCOPY --from=$SRC /src /src\n',
      errors: [{ messageId: 'self', line: 3, column: 13 }],
    },
    {
      name: 'by own index',
      code: 'FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20\nCOPY --from=1 /x /x\n',
      errors: [{ messageId: 'self', line: 4, column: 13 }],
    },
    {
      name: 'RUN --mount from= the own stage',
      code: 'FROM alpine:3.20 AS deps\nRUN --mount=type=bind,from=deps,target=/d ls /d\n',
      errors: [{ messageId: 'self', line: 2, column: 28, endColumn: 32 }],
    },
  ],
});
