import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, runCli } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('dockwright detect', () => {
  it('prints the facts with the file behind each one', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'node-express-npm')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain('● orders-api');
    expect(r.stdout).toMatch(/language\s+node 20\.11\.1\s+\.nvmrc/);
    expect(r.stdout).toMatch(/package manager\s+npm 9\s+package-lock\.json/);
    expect(r.stdout).toMatch(/port\s+8080\s+server\.js:\d+/);
    expect(r.stdout).toMatch(/health\s+\/healthz\s+server\.js:\d+/);
    expect(r.stdout).toMatch(/services\s+postgres, redis/);
    expect(r.stdout).toContain('SESSION_SECRET*');
  });

  it('resolves the directory against the working directory and colours only when asked', async () => {
    const r = await runCli(['detect', 'node-pnpm-packagemanager', '--color'], { cwd: FIXTURES });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toContain('pnpm');
  });

  it('--format json prints the versioned schema', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'pnpm-turbo-monorepo'), '--format', 'json']);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout);
    expect(facts.schemaVersion).toBe(1);
    expect(facts.monorepo.tools).toEqual(['pnpm-workspaces', 'turborepo']);
    expect(facts.apps.map((a: { path: string }) => a.path)).toEqual(['apps/api', 'apps/web']);
    for (const app of facts.apps) {
      for (const key of [
        'path',
        'language',
        'packageManager',
        'framework',
        'kind',
        'port',
        'buildCommand',
        'startCommand',
        'healthPath',
        'services',
        'env',
        'evidence',
      ]) {
        expect(app, key).toHaveProperty(key);
      }
    }
  });

  it('--json is the same as --format json, and --app picks one app', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'pnpm-turbo-monorepo'), '--json', '--app', '@acme/web']);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout);
    expect(facts.apps).toHaveLength(1);
    expect(facts.apps[0].framework.name).toBe('next');
  });

  it('an unknown --app exits 2 and lists the apps there are', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'pnpm-turbo-monorepo'), '--app', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no app named 'nope'");
    expect(r.stderr).toContain('@acme/api (apps/api)');
  });

  it('a missing directory exits 2 with the path as given and a hint', async () => {
    const r = await runCli(['detect', 'does/not/exist'], { cwd: FIXTURES });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('does/not/exist: error: no such directory');
    expect(r.stderr).toContain('hint:');
  });

  it('a file instead of a directory exits 2', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'node-express-npm', 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a directory');
  });

  it('more than one directory is a usage error', async () => {
    const r = await runCli(['detect', 'a', 'b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected one directory');
  });

  it('a directory without an app says so and still exits 0', async () => {
    const r = await runCli(['detect', join(FIXTURES, 'no-project')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no application found');
  });
});
