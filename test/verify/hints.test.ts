import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/verify/format.js';
import { buildHint, exitHint, HINTS, healthHint } from '../../src/verify/hints.js';
import { naiveDockerfile, naivePlan, reductionPct } from '../../src/verify/naive.js';
import type { VerifyReport } from '../../src/verify/types.js';

describe('hints from the spec error-handling table', () => {
  it('build failures', () => {
    expect(buildHint('ERROR: failed to compute cache key: "/missing.txt": not found')).toBe(HINTS.copyPath);
    expect(buildHint('npm error code ERESOLVE')).toBe(HINTS.buildDeps);
    expect(buildHint('dockerfile parse error line 3: unknown instruction: FOO')).toBe(HINTS.parse);
  });
  it('containers that exit', () => {
    expect(exitHint({ exitCode: 137, oomKilled: true }, '')).toBe(HINTS.oom);
    expect(
      exitHint({ exitCode: 1, oomKilled: false }, 'Error: listen EADDRINUSE: address already in use :::3000'),
    ).toBe(HINTS.portInUse);
    expect(
      exitHint({ exitCode: 1, oomKilled: false }, "Error: EACCES: permission denied, open '/app/x'"),
    ).toBe(HINTS.permission);
    expect(exitHint({ exitCode: 1, oomKilled: false }, 'Error: getaddrinfo ENOTFOUND db')).toBe(HINTS.dns);
    expect(
      exitHint({ exitCode: 1, oomKilled: false }, "Error: Cannot find module '/app/dist/server.js'"),
    ).toBe(HINTS.commandMissing);
    expect(exitHint({ exitCode: 3, oomKilled: false }, 'boom')).toBe(HINTS.exitsImmediately);
    expect(
      exitHint(
        { exitCode: 1, oomKilled: false },
        "Error: ENOENT: no such file or directory, open '/run/secrets/db'",
      ),
    ).toBe(HINTS.secretMissing);
    expect(HINTS.exitsImmediately).toMatch(/CMD exec form, PID 1/);
  });
  it('health probes', () => {
    expect(healthHint(['/bin/sh: 1: curl: not found'])).toBe(HINTS.healthBinary);
    expect(healthHint(['connect ECONNREFUSED'])).toBe(HINTS.healthFailing);
    expect(HINTS.healthFailing).toMatch(/startup grace period/);
  });
});

describe('--compare-naive plans', () => {
  it('node: the full toolchain image of the pinned major, COPY . ., install, build, start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-naive-'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ scripts: { build: 'tsc', start: 'node dist' } }),
    );
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    writeFileSync(join(dir, '.nvmrc'), 'v20.11.0\n');
    const plan = await naivePlan(dir);
    expect(plan?.images[0]).toBe('node:20');
    expect(naiveDockerfile('node:20', plan!)).toBe(
      '# dockwright verify --compare-naive: a naive single-stage build of the same app\nFROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n',
    );
  });
  it('go and python; unknown → undefined', async () => {
    const go = mkdtempSync(join(tmpdir(), 'dw-naive-'));
    writeFileSync(join(go, 'go.mod'), 'module x\n\ngo 1.22\n');
    expect((await naivePlan(go))?.images).toEqual(['golang:1.22']);
    const py = mkdtempSync(join(tmpdir(), 'dw-naive-'));
    writeFileSync(join(py, 'requirements.txt'), 'flask\n');
    expect((await naivePlan(py))?.body).toMatch(/pip install -r requirements.txt/);
    expect(await naivePlan(mkdtempSync(join(tmpdir(), 'dw-naive-')))).toBeUndefined();
  });
  it('reduction %', () => {
    expect(reductionPct(100, 1000)).toBe(90);
    expect(reductionPct(600, 1000)).toBe(40);
  });
  it('text report shows the comparison and the services table', () => {
    const plain = (s: string) => s;
    const c = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
    const r: VerifyReport = {
      schemaVersion: 1,
      dir: '/p',
      engine: 'docker',
      mode: 'compose',
      ok: true,
      steps: [],
      notes: [],
      totalMs: 1000,
      comparison: {
        naiveBase: 'node:22',
        naiveSize: 1_100_000_000,
        size: 220_000_000,
        reductionPct: 80,
        meetsTarget: true,
      },
      services: [
        { service: 'api', built: true, started: true, healthy: true, user: 'node (uid 1000)', stopped: true },
      ],
    };
    const text = formatText(r, c);
    expect(text).toMatch(/size: 220\.0 MB vs naive 1100\.0 MB \(FROM node:22\): 80% smaller \(spec: > 50%\)/);
    expect(text).toMatch(/api\s+yes\s+yes\s+yes\s+yes\s+node \(uid 1000\)/);
  });
});
