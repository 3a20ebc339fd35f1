import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildContextInfo } from '../../../../src/lint/engine/rule.js';
import rule from '../../../../src/lint/rules/dockerfile/secret-files-copied.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

function contextWith(files: Record<string, string>, ignored: readonly string[] = []): BuildContextInfo {
  const dir = mkdtempSync(join(tmpdir(), 'dw-secret-files-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return {
    dir,
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    dockerignore: { path: join(dir, '.dockerignore'), excludes: (p) => ignored.includes(p) },
  };
}

const leaky = contextWith({
  '.env': 'DB_PASSWORD=x\n',
  'package.json': '{}',
  '.npmrc': 'engine-strict=true\n',
});
const ignored = contextWith({ '.env': 'DB_PASSWORD=x\n', 'package.json': '{}' }, ['.env']);
const npmToken = contextWith({
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n',
});
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
const npmEnv = contextWith({ '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' });

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCOPY package.json package-lock.json ./\n',
    { name: '.env.example', code: 'FROM node:22-slim\nCOPY .env.example /app/.env.example\n' },
    {
      name: 'CA certificate',
      code: 'FROM debian:12\nCOPY certs/corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt\n',
    },
    {
      name: 'glob of PEM files',
      code: 'FROM debian:12\nCOPY certs/*.pem /usr/local/share/ca-certificates/\n',
    },
    { name: 'public key', code: 'FROM debian:12\nCOPY id_rsa.pub /home/app/.ssh/authorized_keys\n' },
    {
      name: 'COPY --from a stage',
      code: 'FROM alpine:3.20 AS keys\nFROM alpine:3.20\nCOPY --from=keys /tls/server.key /tls/server.key\n',
    },
    {
      name: 'COPY . . ignored by .dockerignore',
      code: 'FROM node:22-slim\nCOPY . .\n',
      buildContext: ignored,
    },
    { name: 'COPY . . without context info', code: 'FROM node:22-slim\nCOPY . .\n' },
    { name: '.npmrc without context info', code: 'FROM node:22-slim\nCOPY .npmrc package.json ./\n' },
    {
      name: '.npmrc that reads the token from the environment',
      code: 'FROM node:22-slim\nCOPY .npmrc ./\n',
      buildContext: npmEnv,
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCOPY .env /app/.env\n',
      errors: [{ messageId: 'file', line: 2, column: 6, endColumn: 10 }],
    },
    {
      name: 'several kinds',
      code: 'FROM debian:12\nCOPY id_rsa server.key tls/privkey.pem /secrets/\nADD .aws/credentials /root/.aws/credentials\n',
      errors: [
        { messageId: 'file', line: 2, column: 6 },
        { messageId: 'file', line: 2, column: 13 },
        { messageId: 'file', line: 2, column: 24 },
        { messageId: 'file', line: 3, column: 5 },
      ],
    },
    {
      name: '.env.production, lower-case copy',
      code: 'FROM node:22-slim\ncopy ./.env.production ./\n',
      errors: [{ messageId: 'file', line: 2 }],
    },
    {
      name: '.pypirc and .netrc',
      code: 'FROM python:3.12\nCOPY .pypirc .netrc /root/\n',
      errors: [{ messageId: 'file' }, { messageId: 'file' }],
    },
    {
      name: '.ssh directory',
      code: 'FROM debian:12\nCOPY .ssh /root/.ssh\n',
      errors: [{ messageId: 'file', line: 2, column: 6 }],
    },
    {
      name: '.npmrc with a literal token',
      code: 'FROM node:22-slim\nCOPY .npmrc ./\n',
      buildContext: npmToken,
      errors: [{ messageId: 'file' }],
    },
    {
      name: 'COPY . . with a .env the .dockerignore misses',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\n',
      buildContext: leaky,
      errors: [
        {
          messageId: 'context',
          line: 3,
          column: 6,
          endColumn: 7,
          message: '`COPY .` sends the whole context, including `.env`, which .dockerignore does not exclude',
        },
      ],
    },
  ],
});
