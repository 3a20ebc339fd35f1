// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/invalid-default-arg-in-from.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ARG IMAGE=alpine:3.20\nFROM $IMAGE\n',
    { name: 'tag variable with default', code: 'ARG VERSION=22\nFROM node:${VERSION}-slim\n' },
    { name: 'inline default', code: 'ARG VERSION\nFROM node:${VERSION:-22}\n' },
    { name: 'no variables', code: 'FROM node:22\n' },
    { name: 'default naming a stage', code: 'ARG BASE=build\nFROM alpine:3.20 AS build\nFROM $BASE\n' },
    {
      name: 'default built from another ARG',
      code: 'ARG REG=ghcr.io/org\nARG IMAGE=${REG}/app:1\nFROM $IMAGE\n',
    },
    {
      name: 'buildkit: unset-only default',
      code: '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n',
    },
    {
      name: 'build args do not matter',
      code: 'ARG IMAGE=alpine:3.20\nFROM $IMAGE\n',
      buildArgs: { IMAGE: '' },
    },
    {
      name: 'digest default',
      code: 'ARG D=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM alpine@${D}\n',
    },
  ],
  invalid: [
    {
      name: 'buildkit: ARG without default',
      code: '\nARG IMAGE\nFROM $IMAGE\n',
      errors: [
        {
          messageId: 'empty',
          line: 3,
          column: 6,
          endColumn: 12,
          message:
            'With only ARG defaults, FROM `$IMAGE` is empty; give the ARG a default such as `ARG IMAGE=<image>:<tag>` or the build fails without --build-arg',
        },
      ],
    },
    {
      name: 'empty tag',
      code: 'ARG VERSION\nFROM node:${VERSION}\n',
      errors: [
        {
          messageId: 'invalid',
          line: 2,
          message:
            'With only ARG defaults, FROM `node:${VERSION}` becomes `node:`, which is not a valid image name; give the ARG a default such as `ARG VERSION=<image>:<tag>`',
        },
      ],
    },
    {
      name: 'a build arg does not hide a bad default',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/app:1.0\n',
      buildArgs: { REGISTRY: 'ghcr.io/org' },
      errors: [{ messageId: 'invalid', line: 2 }],
    },
    {
      name: 'upper case default',
      code: 'ARG IMAGE=Alpine:3.20\nFROM $IMAGE AS base\n',
      errors: [{ messageId: 'invalid', line: 2 }],
    },
  ],
});
