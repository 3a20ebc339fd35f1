import rule from '../../../../src/lint/rules/dockerfile/cache-mount-suggestion.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const FINAL = 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out /app\n';

ruleTester(rule, {
  valid: [
    `FROM node:22 AS build\nRUN --mount=type=cache,target=/root/.npm npm ci\n${FINAL}`,
    { name: 'single-stage images are not build stages', code: 'FROM node:22\nRUN npm ci\n' },
    {
      name: 'go with both mounts',
      code: `FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...\n${FINAL}`,
    },
    {
      name: 'module download cache subdirectory and GOCACHE on a mount',
      code: `FROM golang:1.22 AS build\nENV GOCACHE /go-build\nRUN --mount=type=cache,target=/go/pkg/mod/cache --mount=type=cache,target=/go-build go build ./...\n${FINAL}`,
    },
    { name: 'non-root user without HOME', code: `FROM node:22 AS build\nUSER node\nRUN npm ci\n${FINAL}` },
    {
      name: 'custom cache dir',
      code: `FROM python:3.12 AS build\nENV PIP_CACHE_DIR=/cache\nRUN pip install -r r.txt\n${FINAL}`,
    },
    {
      name: 'running scripts is not installing',
      code: `FROM node:22 AS build\nRUN npm run build && go version\n${FINAL}`,
    },
  ],
  invalid: [
    {
      code: `FROM node:22 AS build\nRUN npm ci\n${FINAL}`,
      errors: [{ messageId: 'suggest', line: 2, column: 5, endColumn: 11 }],
      output: `FROM node:22 AS build\nRUN --mount=type=cache,target=/root/.npm npm ci\n${FINAL}`,
    },
    {
      name: 'go build needs the module and build caches; only the missing one is suggested',
      code: `FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out ./cmd/app\n${FINAL}`,
      errors: [{ messageId: 'suggest', line: 2, column: 43 }],
      output: `FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /out ./cmd/app\n${FINAL}`,
    },
    {
      name: 'pip in a heredoc; apt-get with locked sharing',
      code: `FROM python:3.12 AS build\nRUN <<EOF\npip install -r requirements.txt\nEOF\nRUN apt-get update && apt-get install -y gcc\n${FINAL}`,
      errors: [
        { messageId: 'suggest', line: 3, column: 1 },
        { messageId: 'suggest', line: 5, column: 23 },
      ],
      output: `FROM python:3.12 AS build\nRUN --mount=type=cache,target=/root/.cache/pip <<EOF\npip install -r requirements.txt\nEOF\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y gcc\n${FINAL}`,
    },
    {
      name: 'maven repository only',
      code: `FROM maven:3.9 AS build\nRUN mvn -B package\n${FINAL}`,
      errors: [{ messageId: 'suggest', line: 2, column: 5 }],
      output: `FROM maven:3.9 AS build\nRUN --mount=type=cache,target=/root/.m2/repository mvn -B package\n${FINAL}`,
    },
  ],
});
