import rule from '../../../../src/lint/rules/dockerfile/base-image-digest.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

ruleTester(rule, {
  valid: [
    `FROM node:22-slim@${DIGEST}\n`,
    { name: 'digest without tag', code: `FROM gcr.io/distroless/static-debian12@${DIGEST}\n` },
    { name: 'scratch', code: 'FROM scratch\n' },
    { name: 'stage reference', code: `FROM golang:1.23@${DIGEST} AS build\nFROM build\n` },
    { name: 'digest from an ARG default', code: `ARG BASE=alpine:3.20@${DIGEST}\nFROM \${BASE}\n` },
    { name: 'unset ARG is left to the build', code: 'ARG BASE\nFROM $BASE\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\n',
      errors: [{ messageId: 'notPinned', line: 1, column: 6, endColumn: 18 }],
    },
    {
      name: 'every stage that pulls an image',
      code: `FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12@${DIGEST}\nFROM build AS test\nFROM alpine:3.20\n`,
      errors: [
        { messageId: 'notPinned', line: 1 },
        { messageId: 'notPinned', line: 4 },
      ],
    },
  ],
});
