// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import { describe, expect, it } from 'vitest';
import rule, { isTrusted } from '../../../../src/lint/rules/dockerfile/trusted-registry.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const trusted = { trustedRegistries: ['docker.io', '*.corp.example', 'ghcr.io/my-org'] };

ruleTester(rule, {
  valid: [
    { name: 'no list configured: anything goes', code: 'FROM quay.io/prometheus/node-exporter:v1.8.2\n' },
    { name: 'Docker Hub short name', code: 'FROM node:22-slim\n', settings: trusted },
    { name: 'Docker Hub aliases', code: 'FROM index.docker.io/library/node:22\n', settings: trusted },
    {
      name: 'wildcard subdomain',
      code: 'FROM eu.registry.corp.example/base/python:3.12\n',
      settings: trusted,
    },
    { name: 'org prefix', code: 'FROM ghcr.io/my-org/base:1.0\n', settings: trusted },
    { name: 'scratch and stages', code: 'FROM scratch AS a\nFROM a\n', settings: trusted },
    { name: 'unresolved ARG', code: 'ARG REGISTRY\nFROM ${REGISTRY}/app:1.0\n', settings: trusted },
    {
      name: 'COPY --from a stage',
      code: 'FROM node:22 AS build\nFROM node:22-slim\nCOPY --from=build /app /app\n',
      settings: trusted,
    },
  ],
  invalid: [
    {
      code: 'FROM quay.io/prometheus/node-exporter:v1.8.2\n',
      settings: trusted,
      errors: [
        {
          messageId: 'untrusted',
          line: 1,
          column: 6,
          endColumn: 13,
          message:
            'Image `quay.io/prometheus/node-exporter:v1.8.2` comes from `quay.io`, which is not a trusted registry (docker.io, *.corp.example, ghcr.io/my-org)',
        },
      ],
    },
    {
      name: 'another org on a trusted-by-prefix registry',
      code: 'FROM ghcr.io/other-org/base:1.0\n',
      settings: trusted,
      errors: [{ messageId: 'untrusted', line: 1, column: 6 }],
    },
    {
      name: 'the bare wildcard domain is not a subdomain',
      code: 'FROM corp.example/base:1.0\n',
      settings: trusted,
      errors: [{ messageId: 'untrusted', line: 1 }],
    },
    {
      name: 'Docker Hub image when only a private registry is trusted',
      code: 'ARG IMAGE=node:22\nFROM $IMAGE\n',
      settings: { trustedRegistries: ['registry.corp.example'] },
      errors: [{ messageId: 'untrusted', line: 2, column: 6, endColumn: 12 }],
    },
    {
      name: 'COPY --from an image pulls from a registry too',
      code: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\n',
      settings: trusted,
      errors: [{ messageId: 'untrusted', line: 2, column: 13, endColumn: 37 }],
    },
    {
      name: 'retired registry, even without a list',
      code: 'FROM k8s.gcr.io/pause:3.9\n',
      errors: [{ messageId: 'retired', line: 1, column: 6, endColumn: 16 }],
    },
  ],
});

describe('isTrusted', () => {
  it('normalises Docker Hub and matches case-insensitively', () => {
    expect(isTrusted('registry-1.docker.io', 'library/node', ['docker.io'])).toBe(true);
    expect(isTrusted('GHCR.IO', 'org/x', ['ghcr.io'])).toBe(true);
    expect(isTrusted('docker.io', 'library/node', ['docker.io/node'])).toBe(true);
    expect(isTrusted('docker.io', 'bitnami/node', ['docker.io/node'])).toBe(false);
    expect(isTrusted('quay.io', 'a/b', ['*'])).toBe(true);
  });
});
