// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/from-platform-constant.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n',
    { name: 'no flag', code: 'FROM alpine:3.20\n' },
    // BuildKit check cases (testFromPlatformFlagConstDisallowed).
    {
      name: 'buildkit: arch in stage name',
      code: '\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n',
    },
    { name: 'buildkit: os in stage name', code: '\nFROM --platform=linux/amd64 scratch AS linux\n' },
    {
      name: 'alias arch in stage name',
      code: 'FROM --platform=linux/aarch64 alpine:3.20 AS runtime-arm64\n',
    },
    {
      name: 'variable from a global ARG',
      code: 'ARG PLATFORM=linux/arm64\nFROM --platform=$PLATFORM alpine:3.20\n',
    },
    { name: 'TARGETPLATFORM', code: 'FROM --platform=${TARGETPLATFORM} alpine:3.20\n' },
  ],
  invalid: [
    {
      name: 'buildkit: constant platform',
      code: '\nFROM --platform=linux/amd64 scratch\n',
      errors: [{ messageId: 'constant', line: 2, column: 6, endColumn: 28 }],
    },
    {
      name: 'stage name that does not mention the platform',
      code: 'FROM --platform=linux/arm64/v8 node:22-slim AS runtime\n',
      errors: [{ messageId: 'constant', line: 1, column: 6 }],
    },
    {
      name: 'quoted constant',
      code: 'FROM --platform="linux/amd64" alpine:3.20\n',
      errors: [{ messageId: 'constant', line: 1 }],
    },
  ],
});
