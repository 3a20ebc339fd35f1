import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../../../src/lint/rules/dockerfile/copy-source-missing.js';
import { createMatcher } from '../../../../src/parse/dockerignore/index.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const dir = mkdtempSync(join(tmpdir(), 'ops-copy-missing-'));
mkdirSync(join(dir, 'src'));
writeFileSync(join(dir, 'src/app.py'), '');
writeFileSync(join(dir, 'package.json'), '{}');
writeFileSync(join(dir, 'secret.env'), '');
const { existsSync } = await import('node:fs');
const m = createMatcher(['*.env']);
const ctx = {
  dir,
  exists: (p: string) => existsSync(join(dir, p)),
  dockerignore: { path: join(dir, '.dockerignore'), excludes: (p: string) => m.matches(p) },
};

ruleTester(rule, {
  valid: [
    { code: 'FROM node:22-slim\nCOPY package.json ./\nCOPY src/ /app/src/\nCOPY . .\n', buildContext: ctx },
    {
      name: 'empty wildcard is allowed by BuildKit',
      code: 'FROM node:22-slim\nCOPY package.json package-lock.json* ./\n',
      buildContext: ctx,
    },
    {
      name: 'absolute and ./ forms',
      code: 'FROM node:22-slim\nCOPY /src/app.py ./src/app.py /app/\n',
      buildContext: ctx,
    },
    {
      name: 'ignored: reported by copy-ignored-file instead',
      code: 'FROM node:22-slim\nCOPY secret.env /\n',
      buildContext: ctx,
    },
    { name: 'context unknown', code: 'FROM node:22-slim\nCOPY nope /\n' },
    {
      name: 'from a stage',
      code: 'FROM node:22-slim AS b\nRUN true\nFROM node:22-slim\nCOPY --from=b /nope /\n',
      buildContext: ctx,
    },
    { name: 'unset variable', code: 'FROM node:22-slim\nCOPY $NOPE/x /\n', buildContext: ctx },
    {
      name: 'heredoc and URL',
      code: 'FROM node:22-slim\nCOPY <<EOF /x\nhi\nEOF\nADD https://x/y /y\n',
      buildContext: ctx,
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCOPY package.json yarn.lock ./\n',
      buildContext: ctx,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          endColumn: 28,
          message: `COPY source "yarn.lock" does not exist in the build context ${dir}`,
        },
      ],
    },
    {
      name: 'ARG expanded, ADD',
      code: 'FROM node:22-slim\nARG APP=lib\nADD ./$APP/ /app/\n',
      buildContext: ctx,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 5,
          message: `ADD source "lib" does not exist in the build context ${dir}`,
        },
      ],
    },
  ],
});
