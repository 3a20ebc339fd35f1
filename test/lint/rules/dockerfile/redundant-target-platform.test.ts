// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/redundant-target-platform.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n',
    { name: 'no flag', code: 'FROM alpine:3.20\n' },
    {
      name: 'buildkit: skipped by a check comment above FROM',
      code: '\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n',
    },
    {
      name: 'buildkit: skipped by check directive',
      code: '# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n',
    },
    {
      name: 'more than TARGETPLATFORM',
      code: 'ARG VARIANT=v8\nFROM --platform=$TARGETPLATFORM/$VARIANT alpine:3.20\n',
    },
    {
      name: 'TARGETOS/TARGETARCH spelled out is not flagged',
      code: 'FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n',
    },
  ],
  invalid: [
    {
      name: 'buildkit: $TARGETPLATFORM',
      code: '\nFROM --platform=$TARGETPLATFORM scratch\n',
      errors: [{ messageId: 'redundant', line: 2, column: 6, endColumn: 32 }],
      output: '\nFROM scratch\n',
    },
    {
      name: 'buildkit: ${TARGETPLATFORM}',
      code: '\nFROM --platform=${TARGETPLATFORM} scratch\n',
      errors: [{ messageId: 'redundant', line: 2 }],
      output: '\nFROM scratch\n',
    },
    {
      name: 'quoted, with stage name and continuation',
      code: 'FROM --platform="$TARGETPLATFORM" \\\n  alpine:3.20 AS base\nRUN true\n',
      errors: [{ messageId: 'redundant', line: 1 }],
      output: 'FROM \\\n  alpine:3.20 AS base\nRUN true\n',
    },
    {
      name: 'a global default for TARGETPLATFORM: reported, not fixed',
      code: 'ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n',
      errors: [{ messageId: 'redundant', line: 2 }],
      output: null,
    },
  ],
});
