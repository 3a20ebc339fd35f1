import rule from '../../../../src/lint/rules/dockerfile/missing-user.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nUSER 1001\n',
    { name: 'USER root is last-user-root, not this rule', code: 'FROM alpine:3.20\nUSER root\n' },
    {
      name: 'scratch',
      code: 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    { name: 'distroless nonroot', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'distroless debug-nonroot', code: 'FROM gcr.io/distroless/base:debug-nonroot\n' },
    { name: 'chainguard', code: 'FROM cgr.dev/chainguard/node:latest\n' },
    {
      name: 'USER in the base stage',
      code: 'FROM node:22-slim AS base\nUSER node\nFROM base\nCMD ["node", "app.js"]\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCMD ["sh"]\n',
      errors: [{ messageId: 'missing', line: 1, column: 6, endColumn: 17 }],
    },
    {
      name: 'USER only in a build stage',
      code: 'FROM node:22 AS build\nUSER node\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n',
      errors: [{ messageId: 'missing', line: 4, column: 6 }],
    },
    {
      name: 'distroless root tag',
      code: 'FROM gcr.io/distroless/static:latest\n',
      errors: [{ messageId: 'missing', line: 1 }],
    },
    {
      name: 'chainguard dev',
      code: 'FROM cgr.dev/chainguard/python:latest-dev\n',
      errors: [{ messageId: 'missing', line: 1 }],
    },
  ],
});
