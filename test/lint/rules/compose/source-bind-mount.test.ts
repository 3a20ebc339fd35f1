import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintComposeProject } from '../../../../src/lint/engine/compose.js';
import { DEFAULT_SETTINGS } from '../../../../src/lint/engine/linter.js';
import rule from '../../../../src/lint/rules/compose/source-bind-mount.js';
import { loadCompose } from '../../../../src/parse/compose/loader.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

/** The shared tester writes flat files only; these cases need folders in the project. */
async function lintTree(
  code: string,
  files: Record<string, string>,
): Promise<{ line: number; message: string }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dw-source-mount-'));
  try {
    await writeFile(join(dir, 'compose.yaml'), code);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const project = await loadCompose({ workingDir: dir, env: {} });
    return lintComposeProject(project, {
      rules: [{ rule, severity: rule.meta.severity, options: {} }],
      settings: DEFAULT_SETTINGS,
    })
      .diagnostics.filter((d) => d.code === rule.name)
      .map((d) => ({ line: d.start.line, message: d.message }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('source-bind-mount with folders', () => {
  it('ignores config file and config folder mounts', async () => {
    const code =
      'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n      - ./nginx/conf.d:/etc/nginx/conf.d:ro\n';
    expect(await lintTree(code, { 'nginx/nginx.conf': '', 'nginx/conf.d/default.conf': '' })).toEqual([]);
  });

  it('ignores a source mount in the override file', async () => {
    const files = {
      Dockerfile: 'FROM node:20\nWORKDIR /app\n',
      'src/index.js': '',
      'compose.override.yaml': 'services:\n  api:\n    volumes:\n      - ./src:/app/src\n',
    };
    expect(await lintTree('services:\n  api:\n    build: .\n', files)).toEqual([]);
  });

  it('ignores a data folder mounted outside the WORKDIR', async () => {
    const code = 'services:\n  api:\n    build: .\n    volumes:\n      - ./data:/var/lib/api\n';
    expect(await lintTree(code, { Dockerfile: 'FROM node:20\nWORKDIR /app\n', 'data/x': '' })).toEqual([]);
  });

  it('reports a folder under the image WORKDIR (relative WORKDIR through a stage chain)', async () => {
    const code =
      'services:\n  api:\n    build:\n      context: .\n      target: dev\n    volumes:\n      - type: bind\n        source: ./lib\n        target: /srv/service/lib\n';
    const files = {
      Dockerfile: 'FROM node:20 AS base\nWORKDIR /srv\nFROM base AS dev\nWORKDIR service\n',
      'lib/a.js': '',
    };
    expect(await lintTree(code, files)).toEqual([
      {
        line: 7,
        message:
          'service "api" bind-mounts ./lib over /srv/service/lib (the image\'s WORKDIR is /srv/service) in compose.yaml: in production the container runs the host checkout instead of the image; move this mount to compose.override.yaml or use `develop.watch`',
      },
    ]);
  });

  it('reports a source folder mounted into an image-only service', async () => {
    const code = 'services:\n  php:\n    image: php:8.3-apache\n    volumes:\n      - ./app:/var/www/html\n';
    expect((await lintTree(code, { 'app/index.php': '' })).map((f) => f.line)).toEqual([5]);
  });

  it('reports a code folder by its name', async () => {
    const code = 'services:\n  worker:\n    image: python:3.12\n    volumes:\n      - ./src:/opt/worker\n';
    expect((await lintTree(code, { 'src/main.py': '' })).map((f) => f.line)).toEqual([5]);
  });
});

composeRuleTester(rule, {
  valid: [
    {
      name: 'dev profile service',
      code: 'services:\n  dev:\n    image: node:20\n    profiles: [dev]\n    volumes:\n      - .:/app\n',
      profiles: ['dev'],
    },
    {
      name: 'project folder mounted by the override file',
      code: 'services:\n  api:\n    image: node:20\n',
      files: { 'compose.override.yaml': 'services:\n  api:\n    volumes:\n      - .:/app\n' },
    },
    {
      name: 'named volume',
      code: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - data:/var/lib/postgresql/data\nvolumes:\n  data: {}\n',
    },
    {
      name: 'host path outside the project',
      code: 'services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - /var/log:/host/log:ro\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  api:\n    build: .\n    volumes:\n      - .:/usr/src/app\n',
      files: { Dockerfile: 'FROM node:20\n' },
      errors: [{ messageId: 'sourceMount', line: 5, column: 9 }],
    },
    {
      name: 'parent folder',
      code: 'services:\n  tool:\n    image: example/tool:1\n    volumes:\n      - ..:/workspace\n',
      errors: [{ messageId: 'sourceMount', line: 5 }],
    },
  ],
});
