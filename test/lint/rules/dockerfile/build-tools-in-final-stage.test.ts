import rule from '../../../../src/lint/rules/dockerfile/build-tools-in-final-stage.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const build =
  'FROM golang:1.23 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev\n';

ruleTester(rule, {
  valid: [
    `${build}FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n`,
    {
      name: "single-stage build is another rule's concern",
      code: 'FROM debian:12\nRUN apt-get install -y gcc make\n',
    },
    {
      name: 'apk virtual package removed in the same RUN',
      code: `${build}FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir cffi \\\n && apk del .build-deps\n`,
    },
    {
      name: 'purged in the same RUN',
      code: `${build}FROM debian:12-slim\nRUN apt-get install -y gcc && make-thing && apt-get purge -y gcc\n`,
    },
    {
      name: 'apt-mark auto + purge --auto-remove pattern',
      code: `${build}FROM debian:12-slim\nRUN savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc libssl-dev; apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove\n`,
    },
    {
      name: 'runtime libs are fine',
      code: `${build}FROM debian:12-slim\nRUN apt-get install -y libssl3 libpq5\n`,
    },
  ],
  invalid: [
    {
      code: `${build}FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git build-essential\n`,
      errors: [
        {
          messageId: 'tool',
          line: 4,
          column: 66,
          endColumn: 69,
          message:
            'git is a build tool installed in the final image; install it in a build stage and COPY --from the artifacts',
        },
        { messageId: 'tool', line: 4, column: 70 },
      ],
    },
    {
      name: 'apk -dev package, alpine, sudo',
      code: `${build}FROM alpine:3.20\nRUN sudo apk add --no-cache postgresql-dev\n`,
      errors: [{ messageId: 'tool', line: 4, column: 29 }],
    },
    {
      name: 'installed in the stage the final stage builds on',
      code: 'FROM node:22-slim AS base\nRUN apt-get install -y make g++\nFROM base AS build\nRUN npm ci\nFROM base\nCMD ["node", "s.js"]\n',
      errors: [
        { messageId: 'tool', line: 2, column: 24 },
        { messageId: 'tool', line: 2, column: 29 },
      ],
    },
    {
      name: 'dnf devel',
      code: `${build}FROM fedora:40\nRUN dnf install -y gcc-c++ openssl-devel && dnf clean all\n`,
      errors: [
        { messageId: 'tool', line: 4 },
        { messageId: 'tool', line: 4 },
      ],
    },
  ],
});
