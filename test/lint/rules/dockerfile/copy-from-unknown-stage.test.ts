import rule from '../../../../src/lint/rules/dockerfile/copy-from-unknown-stage.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
    {
      name: 'earlier stage by index',
      code: 'FROM alpine:3.20\nRUN true\nFROM alpine:3.20\nCOPY --from=0 /x /x\n',
    },
    {
      name: 'image with tag',
      code: 'FROM alpine:3.20\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv\n',
    },
    {
      name: 'bare library image without tag (hadolint#859)',
      code: 'FROM alpine:3.20 AS app\nCOPY --from=nginx /etc/nginx/nginx.conf /etc/nginx/\n',
    },
    {
      name: 'stage name via ARG',
      code: 'FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nARG SRC=build\nCOPY --from=$SRC /x /x\n',
    },
    { name: 'self reference is another rule', code: 'FROM alpine:3.20 AS a\nCOPY --from=a /x /x\n' },
    {
      name: 'case-insensitive stage names',
      code: 'FROM alpine:3.20 AS Build\nRUN true\nFROM alpine:3.20\nCOPY --from=BUILD /x /x\n',
    },
    {
      name: 'near a stage name but also used as a base image',
      code: 'FROM node:22 AS nodes\nRUN true\nFROM alpine:3.20\nCOPY --from=node /usr/local/bin/node /usr/local/bin/\nFROM node:22-slim\n',
    },
  ],
  invalid: [
    {
      name: 'stage defined later',
      code: 'FROM alpine:3.20 AS app\nCOPY --from=build /x /x\nFROM golang:1.23 AS build\nRUN true\n',
      errors: [{ messageId: 'later', line: 2, column: 13, endColumn: 18 }],
    },
    {
      name: 'index out of range',
      code: 'FROM alpine:3.20\nRUN true\nFROM alpine:3.20\nCOPY --from=3 /x /x\n',
      errors: [{ messageId: 'index', line: 4, column: 13 }],
    },
    {
      name: 'index of a later stage',
      code: 'FROM alpine:3.20\nCOPY --from=1 /x /x\nFROM alpine:3.20\n',
      errors: [{ messageId: 'later', line: 2, column: 13 }],
    },
    {
      name: 'typo of a stage name',
      code: 'FROM golang:1.23 AS builder\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=buidler /app /app\n',
      errors: [
        {
          messageId: 'typo',
          line: 4,
          column: 13,
          message:
            "'--from=buidler' is not a stage of this Dockerfile; it will be pulled as the image 'buidler'. Did you mean stage 'builder'?",
        },
      ],
    },
    {
      name: 'RUN --mount from= a later stage',
      code: 'FROM alpine:3.20 AS app\nRUN --mount=type=bind,from=deps,target=/d ls /d\nFROM alpine:3.20 AS deps\n',
      errors: [{ messageId: 'later', line: 2, column: 28 }],
    },
  ],
});
