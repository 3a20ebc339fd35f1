import rule from '../../../../src/lint/rules/dockerfile/last-user-root.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nUSER 1001\n',
    { name: 'no USER at all is missing-user, not this rule', code: 'FROM alpine:3.20\nRUN true\n' },
    {
      name: 'root then back to a user',
      code: 'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER app:app\n',
    },
    {
      name: 'root only in a build stage',
      code: 'FROM golang:1.23 AS build\nUSER root\nRUN go build\nFROM gcr.io/distroless/static:nonroot\nUSER 65532\n',
    },
    { name: 'rootless / root-like names', code: 'FROM alpine:3.20\nUSER rootless\n' },
    { name: 'unresolved variable', code: 'FROM alpine:3.20\nARG RUN_AS\nUSER $RUN_AS\n' },
    { name: 'uid 1000', code: 'FROM alpine:3.20\nUSER 1000:0\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nUSER root\n',
      errors: [{ messageId: 'root', line: 2, column: 6, endColumn: 10 }],
    },
    {
      name: 'uid 0 with group',
      code: 'FROM alpine:3.20\nUSER app\nUSER 0:0\nCMD ["sh"]\n',
      errors: [{ messageId: 'root', line: 3, column: 6 }],
    },
    {
      name: 'root:group',
      code: 'FROM alpine:3.20\nuser root:staff\n',
      errors: [{ messageId: 'root', line: 2 }],
    },
    {
      name: 'inherited from the base stage',
      code: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nRUN true\n',
      errors: [{ messageId: 'root', line: 2 }],
    },
    {
      name: 'resolved from an ARG default',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
      code: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
      errors: [{ messageId: 'root', line: 3, column: 6 }],
    },
    {
      name: 'only the final stage counts',
      code: 'FROM alpine:3.20 AS build\nUSER 1001\nFROM alpine:3.20\nUSER 1001\nUSER root\n',
      errors: [{ messageId: 'root', line: 5 }],
    },
  ],
});
