import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const LOGS = join(import.meta.dirname, 'logs');

async function runWithStdin(argv: string[], input: string) {
  let stdout = '';
  let stderr = '';
  async function* stdin() {
    const bytes = Buffer.from(input);
    // Two chunks, split mid-line, as a pipe delivers them.
    yield bytes.subarray(0, 100);
    yield bytes.subarray(100);
  }
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: LOGS,
    stdin: stdin(),
  });
  return { code, stdout, stderr };
}

export function cliCases(covered: (situation: string, test: string) => void): void {
  describe('dockwright explain (CLI)', () => {
    it('explains a log file: cause, evidence lines, fix, docs; exit 0', async () => {
      const r = await runCli(['explain', 'dependency-install-1.log'], { cwd: LOGS });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('apt could not install "libssl1.1"');
      expect(r.stdout).toContain('dependency-install/apt-package-not-found');
      expect(r.stdout).toMatch(/30 │ #6 4\.633 E: Unable to locate package libssl1\.1/);
      expect(r.stdout).toContain('fix:');
      expect(r.stdout).toContain('docs: https://docs.docker.com/');
      expect(r.stderr).toBe('');
      covered('dependency-install', 'cli: text');
    });

    it('--format json: cause id, confidence, evidence ranges, fix, docs link', async () => {
      const r = await runCli(['explain', 'port-allocated-1.log', '--format', 'json'], { cwd: LOGS });
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json).toMatchObject({ schemaVersion: 1, recognised: true, logKind: 'compose' });
      expect(json.findings[0]).toMatchObject({
        cause: 'port-allocated/host-port-taken',
        confidence: 'high',
        evidence: [{ start: 5, end: 5 }],
        docs: 'https://docs.docker.com/reference/compose-file/services/#ports',
        details: { port: 5432 },
      });
      expect(json.findings[0].fix).toMatch(/5432/);
      covered('port-allocated', 'cli: json');
    });

    it('reads standard input with -', async () => {
      const r = await runWithStdin(
        ['explain', '-', '--format', 'json'],
        readFileSync(join(LOGS, 'no-space-left-1.log'), 'utf8'),
      );
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.input).toBe('<stdin>');
      expect(json.findings[0]).toMatchObject({
        cause: 'no-space-left/engine-storage',
        evidence: [
          { start: 2, end: 2 },
          { start: 7, end: 7 },
        ],
      });
      covered('no-space-left', 'cli: stdin');
    });

    it('reads a pipe without -', async () => {
      const r = await runWithStdin(['explain'], readFileSync(join(LOGS, 'x509-proxy-2.log'), 'utf8'));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('x509-proxy/registry-unknown-authority');
      covered('x509-proxy', 'cli: pipe');
    });

    it('not recognised: exit 1, the most suspicious lines, no guess', async () => {
      const r = await runCli(['explain', 'unknown-1.log'], { cwd: LOGS });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Not recognised');
      expect(r.stdout).toMatch(/5 │ api-1 {2}\| \[11:30:02\] error: invariant violated/);
      expect(r.stdout).not.toContain('fix:');
      const json = JSON.parse(
        (await runCli(['explain', 'unknown-1.log', '--format', 'json'], { cwd: LOGS })).stdout,
      );
      expect(json).toMatchObject({ recognised: false, findings: [] });
      expect(json.suspicious[0].line).toBe(5);
    });

    it('--dir links to the project', async () => {
      const dir = join(import.meta.dirname, 'fixtures', 'syntax-project');
      const r = await runCli(['explain', join(LOGS, 'syntax-frontend-offline-2.log'), '--dir', dir]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Dockerfile:1');
      covered('syntax-frontend-offline', 'cli: --dir');
    });

    it('masks secrets in what it prints', async () => {
      const r = await runCli(['explain', 'secret-in-layers-1.log'], { cwd: LOGS });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8');
      expect(r.stdout).toContain('npm_…[masked]');
      covered('secret-in-layers', 'cli: masked');
    });

    it('bad input exits 2', async () => {
      expect((await runCli(['explain'], { cwd: LOGS })).code).toBe(2);
      expect((await runCli(['explain', 'nope.log'], { cwd: LOGS })).code).toBe(2);
      expect((await runCli(['explain', 'a.log', 'b.log'], { cwd: LOGS })).code).toBe(2);
      expect((await runCli(['explain', 'unknown-1.log', '--dir', 'nope'], { cwd: LOGS })).code).toBe(2);
      expect((await runWithStdin(['explain', '-'], '  \n')).code).toBe(2);
    });
  });
}
