// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/base-image-latest.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\n',
    { name: 'untagged is base-image-tag, not this rule', code: 'FROM node\n' },
    {
      name: 'latest pinned by digest',
      code: 'FROM node:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    },
    { name: 'Chainguard free tier only has latest', code: 'FROM cgr.dev/chainguard/static:latest\n' },
    { name: 'a tag that merely contains latest', code: 'FROM myorg/app:latest-release\n' },
    { name: 'stage reference', code: 'FROM alpine:3.20 AS latest\nFROM latest\n' },
    {
      name: 'COPY --from images are not base images',
      code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\n',
    },
  ],
  invalid: [
    {
      code: 'FROM ubuntu:latest\n',
      errors: [{ messageId: 'latest', line: 1, column: 13, endColumn: 19 }],
    },
    {
      name: 'with registry and stage name',
      code: 'FROM --platform=$BUILDPLATFORM ghcr.io/org/builder:latest AS build\nFROM alpine:3.20\n',
      errors: [{ messageId: 'latest', line: 1, column: 52, endColumn: 58 }],
    },
    {
      name: 'latest from an ARG default reports the FROM word',
      code: 'ARG TAG=latest\nFROM debian:${TAG}\n',
      errors: [
        {
          messageId: 'latest',
          line: 2,
          column: 6,
          endColumn: 19,
          message:
            'Base image `debian:latest` uses the moving `:latest` tag; pin a version such as `debian:<version>`',
        },
      ],
    },
  ],
});
