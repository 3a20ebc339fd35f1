// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/base-image-tag.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\n',
    {
      name: 'digest only',
      code: 'FROM node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    },
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\n' },
    {
      name: 'earlier stage as base',
      code: 'FROM golang:1.23 AS build\nRUN go build\nFROM build AS test\nRUN go test\n',
    },
    { name: 'stage reference is case-insensitive', code: 'FROM golang:1.23 AS Build\nFROM build\n' },
    { name: 'registry with port and tag', code: 'FROM registry.local:5000/team/app:1.2\n' },
    { name: 'ARG default with tag', code: 'ARG BASE=node:22-slim\nFROM $BASE\n' },
    { name: 'ARG without default is left to the build', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'tag from ARG', code: 'ARG VERSION=22\nFROM node:${VERSION}-alpine\n' },
    { name: 'ARG pointing at a stage', code: 'ARG SRC=build\nFROM alpine:3.20 AS build\nFROM ${SRC}\n' },
  ],
  invalid: [
    {
      code: 'FROM node\nCMD ["node"]\n',
      errors: [{ messageId: 'missingTag', line: 1, column: 6, endColumn: 10 }],
    },
    {
      name: 'registry port is not a tag',
      code: 'FROM registry.local:5000/team/app AS base\n',
      errors: [{ messageId: 'missingTag', line: 1, column: 6, endColumn: 34 }],
    },
    {
      name: 'untagged ARG default (the FROM word is reported)',
      code: 'ARG BASE=ubuntu\nFROM ${BASE}\n',
      errors: [
        {
          messageId: 'missingTag',
          line: 2,
          column: 6,
          endColumn: 13,
          message:
            'Base image `ubuntu` has no tag, so it means `ubuntu:latest` and changes under you; pin a version such as `ubuntu:<version>`',
        },
      ],
    },
    {
      name: 'continuation and lower-case keyword',
      code: 'from \\\n    --platform=$BUILDPLATFORM \\\n    python AS build\nRUN true\n',
      errors: [{ messageId: 'missingTag', line: 3, column: 5, endColumn: 11 }],
    },
    {
      name: 'a later stage name is not a stage reference',
      code: 'FROM build\nFROM alpine:3.20 AS build\n',
      errors: [{ messageId: 'missingTag', line: 1 }],
    },
    {
      name: 'only the untagged stage',
      code: 'FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
      errors: [{ messageId: 'missingTag', line: 2, column: 6 }],
    },
  ],
});
