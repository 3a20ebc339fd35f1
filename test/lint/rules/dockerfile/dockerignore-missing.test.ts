import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../../../src/lint/rules/dockerfile/dockerignore-missing.js';
import { createMatcher } from '../../../../src/parse/dockerignore/index.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const dir = mkdtempSync(join(tmpdir(), 'ops-dockerignore-'));
for (const d of ['.git', 'node_modules', 'app/__pycache__']) mkdirSync(join(dir, d), { recursive: true });
for (const f of ['.env', '.env.example', 'app/main.py']) writeFileSync(join(dir, f), '');

function ctx(patterns?: string[]) {
  const m = patterns && createMatcher(patterns);
  return {
    dir,
    exists: (p: string) => existsSync(join(dir, p)),
    ...(m
      ? {
          dockerignore: { path: join(dir, 'Dockerfile.dockerignore'), excludes: (p: string) => m.matches(p) },
        }
      : {}),
  };
}

ruleTester(rule, {
  valid: [
    {
      code: 'FROM python:3.12-slim\nCOPY . /app\n',
      buildContext: ctx(['.git', '.env*', 'node_modules', '**/__pycache__']),
    },
    {
      name: 'allow-list style',
      code: 'FROM python:3.12-slim\nCOPY . /app\n',
      buildContext: ctx(['*', '!app', '**/__pycache__']),
    },
    {
      name: 'only named files copied',
      code: 'FROM python:3.12-slim\nCOPY app/main.py /app/\n',
      buildContext: ctx(),
    },
    { name: 'context unknown', code: 'FROM python:3.12-slim\nCOPY . /app\n' },
    {
      name: 'from another stage',
      code: 'FROM python:3.12-slim AS b\nRUN true\nFROM python:3.12-slim\nCOPY --from=b . /app\n',
      buildContext: ctx(),
    },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nCOPY . /app\n',
      buildContext: ctx(),
      errors: [{ messageId: 'missing', line: 2, column: 6, endColumn: 7 }],
    },
    {
      name: 'COPY * copies dotfiles too',
      code: 'FROM python:3.12-slim\nCOPY * /app/\n',
      buildContext: ctx(),
      errors: [{ messageId: 'missing', line: 2, column: 6 }],
    },
    {
      name: 'incomplete .dockerignore, reported once',
      code: 'FROM python:3.12-slim\nCOPY ./ /app\nADD . /again\n',
      buildContext: ctx(['.git', '__pycache__']),
      errors: [
        {
          messageId: 'notExcluded',
          line: 2,
          message:
            'The whole build context is copied and Dockerfile.dockerignore does not exclude node_modules, .env, app/__pycache__',
        },
      ],
    },
  ],
});
