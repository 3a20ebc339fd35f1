/** `dockwright verify` through the CLI: without an engine (exit 2, clear message) and with one (exit 0 / 1). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../src/verify/types.js';
import { runCli } from '../helpers/cli.js';
import { describeWithEngine } from '../helpers/engine.js';

function app(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-verify-cli-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

describe('dockwright verify without an engine', () => {
  it('exits 2 and says what it tried', async () => {
    const dir = app('FROM debian:bookworm-slim\n');
    const r = await runCli(['verify', dir], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no container engine available \(docker: no `docker` client on PATH; podman: not on PATH; buildah: not on PATH\)/,
    );
    expect(r.stderr).toMatch(/hint: start Docker or Podman/);
    expect(r.stdout).toBe('');
  });

  it('--compose without a Compose file is a usage error (exit 2)', async () => {
    const dir = app('FROM debian:bookworm-slim\n');
    const r = await runCli(['verify', dir, '--compose'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--compose: no Compose file/);
  });

  it('lists the new options in --help', async () => {
    const r = await runCli(['verify', '--help'], { env: {} });
    expect(r.stdout).toMatch(/--compose/);
    expect(r.stdout).toMatch(/--compare-naive/);
  });
});

describeWithEngine('dockwright verify through the CLI on a real engine', (engine) => {
  const env = () => ({ ...(process.env as Record<string, string>), ...engine.env });

  it('passes (exit 0) a non-root container that stops on SIGTERM under --init; JSON report', async () => {
    const dir = app('FROM debian:bookworm-slim\nUSER 1000:1000\nCMD ["sleep", "300"]\n');
    const r = await runCli(['verify', dir, '--init', '--grace', '5', '--format', 'json'], { env: env() });
    const report = JSON.parse(r.stdout) as VerifyReport;
    console.log(
      report.steps.map((s) => `${s.step} ${s.status} ${(s.ms / 1000).toFixed(1)}s ${s.summary}`).join('\n'),
    );
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.step)).toEqual([
      'build',
      'image',
      'run',
      'health',
      'user',
      'stop',
      'cleanup',
    ]);
  }, 120_000);

  it('--compose: starts the stack without Compose v2 and prints the services table (exit 0)', async () => {
    const dir = app('FROM debian:bookworm-slim\nUSER 1000:1000\nCMD ["sleep", "300"]\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  worker:\n    build: .\n    init: true\n    read_only: true\n    cap_drop: [ALL]\n  sidecar:\n    build: .\n    init: true\n    depends_on: [worker]\n',
    );
    const r = await runCli(['verify', dir, '--compose', '--grace', '5'], { env: env() });
    console.log(r.stdout);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(compose\)/);
    expect(r.stdout).toMatch(/worker +yes +yes +yes +yes +1000:1000 \(uid 1000\)/);
    expect(r.stdout).toMatch(/sidecar +yes +yes +yes +yes/);
  }, 120_000);

  it('fails (exit 1) a root container, with the hint in the text report', async () => {
    const dir = app('FROM debian:bookworm-slim\nCMD ["sleep", "300"]\n');
    const r = await runCli(['verify', dir, '--init', '--grace', '5'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ user +runs as root/);
    expect(r.stdout).toMatch(/hint: Runs as root \(spec: verify USER directive\)/);
  }, 120_000);
});
