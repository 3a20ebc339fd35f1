import rule from '../../../../src/lint/rules/dockerfile/healthcheck-probe-binary.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1\n',
    {
      name: 'curl installed in the final stage',
      code: 'FROM node:22-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n',
    },
    {
      name: 'apk add curl',
      code: 'FROM node:22-alpine\nRUN apk add --no-cache curl\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
    },
    {
      name: 'full language image ships curl',
      code: 'FROM node:22\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n',
    },
    {
      name: 'distroless with its own probe',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY --from=b /hc /hc\nHEALTHCHECK CMD ["/hc"]\n',
    },
    {
      name: 'curl copied from a build stage',
      code: 'FROM alpine:3.20 AS b\nRUN apk add curl\nFROM gcr.io/distroless/base-debian12\nCOPY --from=b /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD ["/usr/bin/curl", "-f", "http://localhost/"]\n',
    },
    {
      name: 'build stage is not checked',
      code: 'FROM alpine:3.20 AS t\nHEALTHCHECK CMD curl -f http://x\nFROM node:22\nRUN true\n',
    },
    {
      name: 'nginx:alpine ships curl',
      code: 'FROM nginx:1.27-alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    },
    {
      name: 'php images ship curl',
      code: 'FROM php:8.3-fpm-alpine\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    },
    {
      name: 'unknown registry image',
      code: 'FROM ghcr.io/acme/base:1-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    },
    { name: 'NONE', code: 'FROM scratch\nHEALTHCHECK NONE\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n',
      errors: [
        {
          messageId: 'noTool',
          line: 2,
          column: 17,
          endColumn: 53,
          message:
            'HEALTHCHECK uses curl, which python -slim images do not contain and this image does not install: the container will never be healthy',
        },
      ],
    },
    {
      name: 'curl on Alpine, JSON form',
      code: 'FROM alpine:3.20\nHEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]\n',
      errors: [
        {
          messageId: 'noTool',
          line: 2,
          column: 33,
          message:
            'HEALTHCHECK uses curl, which Alpine images do not contain and this image does not install: the container will never be healthy',
        },
      ],
    },
    {
      name: 'shell form on distroless',
      code: 'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nHEALTHCHECK CMD /app -health\n',
      errors: [{ messageId: 'noShell', line: 5, column: 13, endColumn: 16 }],
    },
    {
      name: 'wget on scratch via JSON form',
      code: 'FROM scratch\nHEALTHCHECK CMD ["wget", "-q", "http://localhost/"]\n',
      errors: [{ messageId: 'noTool', line: 2 }],
    },
    {
      name: 'final stage built on a slim stage',
      code: 'FROM docker.io/library/debian:12-slim AS base\nRUN true\nFROM base\nHEALTHCHECK CMD wget -q http://localhost/ || exit 1\n',
      errors: [{ messageId: 'noTool', line: 4, column: 17 }],
    },
  ],
});
