/**
 * `dockwright verify` on the real engine: `init` output for Node fixtures built, run, checked healthy,
 * non-root and gracefully stopped, then nothing labelled left; plus a broken build and a crashing app.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { pickEngine } from '../../src/engine/pick.js';
import type { ContainerEngine } from '../../src/engine/types.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import type { SetupOptions } from '../../src/generate/types.js';
import type { VerifyReport } from '../../src/verify/types.js';
import { VERIFY_RUN_LABEL, verifySetup } from '../../src/verify/verify.js';
import { describeWithEngine } from '../helpers/engine.js';

const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

function step(r: VerifyReport, name: string) {
  const s = r.steps.find((x) => x.step === name);
  if (!s) throw new Error(`no ${name} step in ${JSON.stringify(r, null, 2)}`);
  return s;
}

describeWithEngine('dockwright verify on a real engine', (engine) => {
  let ce: ContainerEngine;
  const env = { ...process.env, ...engine.env };

  beforeAll(async () => {
    const picked = await pickEngine({ env });
    if (!picked.ok) throw new Error(picked.reason);
    ce = picked.engine;
  });

  /** Copy a fixture, give it a real lockfile (the fixtures' are stubs), run init's library API on it. */
  async function initFixture(
    fixture: string,
    options: SetupOptions,
    tweak?: (dir: string) => void,
  ): Promise<string> {
    const dir = join(engine.tempDir('dw-verify-'), fixture);
    cpSync(join(FIXTURES, fixture), dir, { recursive: true });
    tweak?.(dir);
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: 'pipe',
      timeout: 180_000,
    });
    const facts = await detectProject(dir);
    for (const f of renderPlan(planSetup(facts, options))) {
      const p = join(dir, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.content);
    }
    return dir;
  }

  async function verify(dir: string, extra: Partial<Parameters<typeof verifySetup>[0]> = {}) {
    const r = await verifySetup({ dir, engine: ce, graceSeconds: 10, healthTimeoutMs: 90_000, ...extra });
    console.log(
      `verify ${dir}: ${r.ok ? 'ok' : 'FAILED'} in ${(r.totalMs / 1000).toFixed(1)}s\n${r.steps
        .map(
          (s) =>
            `  ${s.step} ${s.status} ${(s.ms / 1000).toFixed(1)}s ${s.summary}${s.details ? `\n    ${s.details.join('\n    ')}` : ''}`,
        )
        .join('\n')}\n  notes: ${r.notes.join(' | ')}`,
    );
    const runId = /dockwright\.verify\.run=(\S+)/.exec(step(r, 'cleanup').summary)?.[1];
    expect(runId).toBeTruthy();
    const left = await engine.exec(['ps', '-aq', '--filter', `label=${VERIFY_RUN_LABEL}=${runId}`]);
    expect(left.stdout.trim()).toBe('');
    const imgs = await engine.exec(['images', '-aq', '--filter', `label=${VERIFY_RUN_LABEL}=${runId}`]);
    expect(imgs.stdout.trim()).toBe('');
    return r;
  }

  it('picks the classic client with built-in BuildKit here', () => {
    expect(ce.name).toBe('docker');
    expect(ce.description).toMatch(/BuildKit|buildx/);
  });

  it('verifies init tier 2 for an Express app (npm, .nvmrc moved to 22 for the stand-in)', async () => {
    const dir = await initFixture('node-express-npm', { tier: 2, finalImage: 'slim' }, (d) =>
      writeFileSync(join(d, '.nvmrc'), '22\n'),
    );
    // init's Node setups run node as PID 1 without an init, and the fixture does not handle SIGTERM: with
    // --init (compose `init: true`) the stop is graceful; without it, see the Koa test below.
    const r = await verify(dir, { expectUser: '1000', init: true });
    expect(step(r, 'build').status).toBe('pass');
    expect(r.notes.join('\n')).toMatch(/# syntax=docker\/dockerfile:1/);
    expect(step(r, 'image').facts?.healthcheck).toBe(true);
    expect(step(r, 'health').summary).toMatch(/healthy/);
    expect(step(r, 'user').status).toBe('pass');
    expect(step(r, 'stop').status).toBe('pass');
    expect(r.ok).toBe(true);
  }, 400_000);

  it('verifies init tier 1 for a Koa app (engines pin Node 22); as generated, node as PID 1 ignores SIGTERM', async () => {
    const dir = await initFixture('node-engines-agrees-with-node-version', { tier: 1, finalImage: 'slim' });
    const r = await verify(dir, { offline: true, graceSeconds: 3 });
    expect(r.notes.join('\n')).toMatch(/--offline: built a temporary copy/);
    expect(step(r, 'build').status).toBe('pass');
    expect(step(r, 'health').summary).toMatch(/port \d+ accepts connections/);
    expect(step(r, 'user').status).toBe('pass');
    // A real finding about init's output (no init, no SIGTERM handler): verify must catch it.
    expect(step(r, 'stop').status).toBe('fail');
    expect(step(r, 'stop').summary).toMatch(/killed \(exit 137\)/);
    expect(step(r, 'stop').hint).toMatch(/init/);
    expect(r.ok).toBe(false);
  }, 400_000);

  it('fails the build step with the log tail for a broken Dockerfile', async () => {
    const dir = engine.tempDir('dw-verify-broken-');
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM debian:bookworm-slim\nCOPY missing.txt /app/\nCMD ["true"]\n',
    );
    const r = await verify(dir);
    expect(step(r, 'build').status).toBe('fail');
    expect(step(r, 'build').details?.join('\n')).toMatch(/missing\.txt/);
    expect(step(r, 'build').hint).toMatch(/COPY source does not exist/);
    expect(step(r, 'run').status).toBe('skip');
    expect(r.ok).toBe(false);
  }, 120_000);

  it('reports a base image the registry cannot give as not available offline', async () => {
    const dir = engine.tempDir('dw-verify-alpine-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:24-alpine\nCMD ["node"]\n');
    const r = await verify(dir);
    expect(step(r, 'build').summary).toMatch(/base image not available offline: .*node:24-alpine/);
  }, 120_000);

  it('fails the run step when the container exits', async () => {
    const dir = engine.tempDir('dw-verify-crash-');
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM debian:bookworm-slim\nUSER 1000:1000\nCMD ["sh", "-c", "echo boom: missing DATABASE_URL >&2; exit 3"]\n',
    );
    const r = await verify(dir);
    expect(step(r, 'build').status).toBe('pass');
    expect(step(r, 'run').status).toBe('fail');
    expect(step(r, 'run').summary).toMatch(/exited with code 3/);
    expect(step(r, 'run').details?.join('\n')).toMatch(/boom/);
    expect(step(r, 'run').hint).toMatch(
      /Container exits immediately \(spec: verify CMD exec form, PID 1 handling\)/,
    );
    expect(r.ok).toBe(false);
  }, 120_000);
});
