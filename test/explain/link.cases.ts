import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainLog, loadProject } from '../../src/explain/index.js';

const LOGS = join(import.meta.dirname, 'logs');
const log = (name: string) => readFileSync(join(LOGS, name), 'utf8');
const roots: string[] = [];

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-explain-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function explainIn(logName: string, files: Record<string, string>) {
  const p = await loadProject(project(files));
  return explainLog(log(logName), { project: p });
}

const NODE_DOCKERFILE = [
  'FROM node:22-bookworm-slim',
  'WORKDIR /app',
  '# manifests first',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY . .',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

export function linkCases(covered: (situation: string, test: string) => void): void {
  describe('explain --dir: linking to the project', () => {
    afterAll(() => {
      for (const r of roots) rmSync(r, { recursive: true, force: true });
    });

    it('COPY source excluded by .dockerignore → Dockerfile line and .dockerignore line', async () => {
      const r = await explainIn('copy-source-not-found-1.log', {
        Dockerfile: NODE_DOCKERFILE,
        '.dockerignore': 'node_modules\n*.lock\npackage-lock.json\n',
        'package.json': '{}',
        'package-lock.json': '{}',
      });
      const f = r.findings[0]!;
      expect(f.cause).toBe('copy-source-not-found/excluded-by-dockerignore');
      expect(f.locations.map((l) => `${l.file}:${l.line}`)).toEqual(['Dockerfile:4', '.dockerignore:3']);
      expect(f.details).toMatchObject({ pattern: 'package-lock.json', ignoreLine: 3 });
      covered('copy-source-not-found', '--dir: .dockerignore');
    });

    it('COPY source elsewhere in the project → wrong build context', async () => {
      const r = await explainIn('copy-source-not-found-1.log', {
        Dockerfile: NODE_DOCKERFILE,
        'web/package.json': '{}',
        'web/package-lock.json': '{}',
      });
      expect(r.findings[0]).toMatchObject({
        cause: 'copy-source-not-found/wrong-context',
        details: { foundAt: 'web/package-lock.json' },
      });
      expect(r.findings[0]!.locations[0]).toMatchObject({ file: 'Dockerfile', line: 4, via: 'project' });
      covered('copy-source-not-found', '--dir: wrong context');
    });

    it('COPY source nowhere → missing file', async () => {
      const r = await explainIn('copy-source-not-found-2.log', {
        Dockerfile:
          'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      });
      expect(r.findings[0]).toMatchObject({ cause: 'copy-source-not-found/missing-file' });
      expect(r.findings[0]!.locations[0]).toMatchObject({ file: 'Dockerfile', line: 3 });
      covered('copy-source-not-found', '--dir: missing file');
    });

    it('failing RUN → its Dockerfile line (continuation lines joined)', async () => {
      const r = await explainIn('dependency-install-1.log', {
        Dockerfile: [
          'FROM debian:bookworm-slim',
          '',
          'RUN apt-get update && apt-get install -y --no-install-recommends \\',
          '      curl libssl1.1 ca-certificates',
          'COPY . /srv',
          '',
        ].join('\n'),
      });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 3, via: 'project' }]);
      covered('dependency-install', '--dir: RUN line');
    });

    it('# syntax line → Dockerfile:1', async () => {
      const r = await explainIn('syntax-frontend-offline-1.log', {
        Dockerfile: '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\n',
      });
      expect(r.findings[0]!.locations).toEqual([
        { file: 'Dockerfile', line: 1, what: '# syntax=docker/dockerfile:1', via: 'project' },
      ]);
      covered('syntax-frontend-offline', '--dir: directive');
    });

    const COMPOSE = [
      'name: shop',
      'services:',
      '  api:',
      '    build: .',
      '    environment:',
      '      DATABASE_URL: postgres://app@postgres:5432/app',
      '    networks: [front]',
      '  postgresql:',
      '    image: postgres:16',
      '    ports:',
      '      - "5432:5432"',
      '    networks: [back]',
      '  worker:',
      '    image: shop/worker:1.4.0',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 256M',
      'networks:',
      '  front: {}',
      '  back: {}',
      '',
    ].join('\n');

    it('unknown service name → closest service and the environment line', async () => {
      const r = await explainIn('service-network-1.log', {
        'compose.yaml': COMPOSE,
        Dockerfile: NODE_DOCKERFILE,
      });
      const f = r.findings[0]!;
      expect(f).toMatchObject({
        cause: 'service-network/unknown-service',
        service: 'api',
        details: { host: 'postgres', suggestion: 'postgresql' },
      });
      expect(f.locations).toMatchObject([{ file: 'compose.yaml', line: 6 }]);
      covered('service-network', '--dir: unknown service');
    });

    it('services on different networks → not attached', async () => {
      const r = await explainLog(
        'api-1  | Error: getaddrinfo ENOTFOUND postgresql\napi-1 exited with code 1\n',
        {
          project: await loadProject(project({ 'compose.yaml': COMPOSE })),
        },
      );
      expect(r.findings[0]).toMatchObject({ cause: 'service-network/not-attached' });
      expect(r.findings[0]!.locations.map((l) => l.line)).toContain(7);
      covered('service-network', '--dir: networks');
    });

    it('port already allocated → the compose ports entry', async () => {
      const r = await explainIn('port-allocated-1.log', { 'compose.yaml': COMPOSE });
      expect(r.findings[0]).toMatchObject({ cause: 'port-allocated/host-port-taken', service: 'postgresql' });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'compose.yaml', line: 11 }]);
      covered('port-allocated', '--dir: ports');
    });

    it('OOM killed → the memory limit in compose', async () => {
      const r = await explainIn('oom-killed-1.log', { 'compose.yaml': COMPOSE });
      expect(r.findings[0]).toMatchObject({ cause: 'oom-killed/container-limit', service: 'worker' });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'compose.yaml', line: 18 }]);
      covered('oom-killed', '--dir: limits');
    });

    it('killed after stop with a shell-form CMD → high confidence, CMD line', async () => {
      const r = await explainIn('container-exits-4.log', {
        Dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD npm start\n',
      });
      expect(r.findings[0]).toMatchObject({ cause: 'container-exits/pid1-signals', confidence: 'high' });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 4 }]);
      covered('container-exits', '--dir: shell-form CMD');
    });

    it('permission denied → the USER line and the COPY without --chown', async () => {
      const r = await explainIn('permission-denied-1.log', {
        Dockerfile:
          'FROM node:22-slim\nWORKDIR /app\nCOPY . /app\nUSER node\nCMD ["node", "dist/server.js"]\n',
      });
      expect(r.findings[0]).toMatchObject({
        cause: 'permission-denied/user-vs-ownership',
        details: { user: 'node' },
      });
      expect(r.findings[0]!.locations.map((l) => l.line)).toEqual([4, 3]);
      covered('permission-denied', '--dir: USER/COPY');
    });

    it('health check probe missing → the HEALTHCHECK line', async () => {
      const r = await explainIn('healthcheck-failing-1.log', {
        Dockerfile:
          'FROM node:22-slim\nUSER node\nHEALTHCHECK CMD curl -fsS http://127.0.0.1:3000/health || exit 1\nCMD ["node", "server.js"]\n',
      });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 3 }]);
      covered('healthcheck-failing', '--dir: HEALTHCHECK');
    });

    it('image too large → the final stage FROM, and a hand-off to analyze', async () => {
      const r = await explainIn('image-too-large-1.log', {
        Dockerfile: 'FROM node:22 AS build\nRUN npm ci\nFROM node:22\nCOPY --from=build /app /app\n',
      });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 3 }]);
      expect(r.findings[0]!.next).toEqual(['dockwright analyze shop/api:1.4.0']);
      covered('image-too-large', '--dir: final FROM');
    });

    it('pull failure → the FROM that names the image', async () => {
      const r = await explainIn('pull-failure-1.log', { Dockerfile: 'FROM node:22-alpine\nCMD ["node"]\n' });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 1 }]);
      covered('pull-failure', '--dir: FROM');
    });

    it('layer order → the broad COPY and the install RUN', async () => {
      const r = await explainIn('build-cache-miss-1.log', {
        Dockerfile:
          'FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nUSER node\n',
      });
      expect(r.findings[0]!.locations.map((l) => l.line)).toEqual([3, 4]);
      covered('build-cache-miss', '--dir: COPY/RUN');
    });

    it('secret in history → the ARG line', async () => {
      const r = await explainIn('secret-in-layers-1.log', {
        Dockerfile:
          'FROM node:22-slim\nARG NPM_TOKEN\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n',
      });
      expect(r.findings[0]!.locations).toMatchObject([{ file: 'Dockerfile', line: 2 }]);
      covered('secret-in-layers', '--dir: ARG');
    });
  });
}
