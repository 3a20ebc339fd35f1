import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainLog, normalizeLog } from '../../src/explain/index.js';
import type { Situation } from '../../src/explain/types.js';
import { cliCases } from './cli.cases.js';
import { linkCases } from './link.cases.js';

const LOGS = join(import.meta.dirname, 'logs');
interface Expected {
  cause: string | null;
  evidence?: number[];
  details?: Record<string, string | number>;
  suspicious?: number;
}
const expected = JSON.parse(readFileSync(join(LOGS, 'expected.json'), 'utf8')) as Record<string, Expected>;

const SITUATIONS: readonly Situation[] = [
  'dependency-install',
  'copy-source-not-found',
  'image-too-large',
  'container-exits',
  'permission-denied',
  'port-allocated',
  'healthcheck-failing',
  'secret-in-layers',
  'build-cache-miss',
  'oom-killed',
  'service-network',
  'pull-failure',
  'syntax-frontend-offline',
  'no-space-left',
  'x509-proxy',
];

/** situation → log files (and --dir / CLI tests, registered by name) that exercised it. */
const matrix = new Map<string, Set<string>>(SITUATIONS.map((s) => [s, new Set()]));
function covered(situation: string, test: string): void {
  matrix.get(situation)?.add(test);
}

afterAll(() => {
  const rows = [...matrix].map(
    ([s, tests]) => `  ${s.padEnd(24)} ${String(tests.size).padStart(2)}  ${[...tests].join(', ')}`,
  );
  console.log(`\nexplain corpus: situation × test matrix\n${rows.join('\n')}\n`);
});

describe('explain corpus (test/explain/logs)', () => {
  const files = readdirSync(LOGS)
    .filter((f) => f.endsWith('.log'))
    .sort();

  it('has an expectation for every log and a log for every situation', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
    for (const s of SITUATIONS)
      expect(
        files.some((f) => f.startsWith(`${s}-`)),
        s,
      ).toBe(true);
  });

  for (const file of files) {
    it(file, () => {
      const exp = expected[file]!;
      const report = explainLog(readFileSync(join(LOGS, file), 'utf8'));
      if (exp.cause === null) {
        expect(report.recognised).toBe(false);
        expect(report.findings).toEqual([]);
        expect(report.suspicious[0]?.line).toBe(exp.suspicious);
        return;
      }
      const first = report.findings[0];
      expect(first?.cause, JSON.stringify(report.findings.map((f) => f.cause))).toBe(exp.cause);
      const lines = new Set(
        first!.evidence.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i)),
      );
      for (const n of exp.evidence ?? [])
        expect(lines.has(n), `evidence line ${n} in ${JSON.stringify(first!.evidence)}`).toBe(true);
      // The main evidence line is the first one given.
      if (exp.evidence?.length) expect(first!.evidence[0]!.start).toBe(exp.evidence[0]);
      for (const [k, v] of Object.entries(exp.details ?? {})) expect(first!.details[k]).toBe(v);
      expect(first!.fix.length).toBeGreaterThan(40);
      expect(first!.docs).toMatch(/^https:\/\/docs\.docker\.com\//);
      covered(first!.situation, file);
    });
  }
});

describe('normalizeLog', () => {
  it('strips ANSI and TTY redraws, keeps input line numbers', () => {
    const log = normalizeLog(readFileSync(join(LOGS, 'dependency-install-2.log'), 'utf8'));
    expect(log.kind).toBe('buildkit-tty');
    expect(log.lines.every((l) => !l.text.includes('\u001b'))).toBe(true);
    // The second progress block repeats the first four steps: those lines are marked as redraws.
    expect(log.lines.filter((l) => l.redraw).map((l) => l.line)).toEqual([7, 8, 9, 10]);
    const npm = log.lines[19]!;
    expect(npm.line).toBe(20);
    expect(npm.body).toMatch(/^npm ERR! 404 Not Found/);
    expect(npm.step?.instruction).toBe('RUN --mount=type=cache,target=/root/.npm npm ci');
    expect(npm.step?.stage).toBe('deps');
    expect(log.frames).toEqual([{ line: 28, file: 'Dockerfile', target: 9 }]);
  });

  it('recognises the step context of BuildKit plain, classic and buildah logs', () => {
    const plain = normalizeLog(readFileSync(join(LOGS, 'dependency-install-1.log'), 'utf8'));
    expect(plain.lines[29]!.step).toMatchObject({
      id: '6',
      index: 2,
      total: 4,
      keyword: 'RUN',
      errored: true,
    });
    expect(plain.lines[29]!.body).toBe('E: Unable to locate package libssl1.1');
    expect(plain.steps.find((s) => s.id === '4')?.cached).toBe(true);
    const classic = normalizeLog(readFileSync(join(LOGS, 'dependency-install-3.log'), 'utf8'));
    expect(classic.kind).toBe('classic-build');
    expect(classic.lines[14]!.step).toMatchObject({ index: 4, total: 7, keyword: 'RUN', errored: true });
    expect(classic.steps.find((s) => s.index === 2)?.cached).toBe(true);
    const podman = normalizeLog(readFileSync(join(LOGS, 'dependency-install-4.log'), 'utf8'));
    expect(podman.kind).toBe('podman-build');
    expect(podman.lines[4]!.step).toMatchObject({ stage: '1/2', index: 2, total: 5, keyword: 'RUN' });
  });

  it('reads compose prefixes, docker events and inspect JSON', () => {
    const compose = normalizeLog(readFileSync(join(LOGS, 'service-network-1.log'), 'utf8'));
    expect(compose.kind).toBe('compose');
    expect(compose.lines[5]).toMatchObject({ service: 'api', body: 'Error: getaddrinfo ENOTFOUND postgres' });
    const events = normalizeLog(readFileSync(join(LOGS, 'oom-killed-2.log'), 'utf8'));
    expect(events.kind).toBe('events');
    expect(events.events.map((e) => e.action)).toEqual([
      'exec_start: python /srv/healthcheck.py',
      'oom',
      'die',
      'restart',
    ]);
    expect(events.events[2]!.attributes).toMatchObject({ exitCode: '137', name: 'shop-worker-1' });
    const inspect = normalizeLog(readFileSync(join(LOGS, 'oom-killed-1.log'), 'utf8'));
    expect(inspect.kind).toBe('inspect');
    expect(inspect.inspect?.[0]).toHaveProperty('State.OOMKilled', true);
  });

  it('keeps the last carriage-return segment of a line', () => {
    const log = normalizeLog('step 1\rstep 2\rE: Unable to locate package foo\n');
    expect(log.lines[0]!.text).toBe('E: Unable to locate package foo');
  });
});

describe('explainLog', () => {
  it('is honest about logs it does not know', () => {
    const report = explainLog('hello\nworld\n');
    expect(report.recognised).toBe(false);
    expect(report.suspicious).toEqual([]);
  });

  it('prefers the root cause: an x509 error explains the failed install, the frontend explains the pull', () => {
    const report = explainLog(readFileSync(join(LOGS, 'x509-proxy-1.log'), 'utf8'));
    expect(report.findings.map((f) => f.situation)).toEqual(['x509-proxy']);
    const frontend = explainLog(readFileSync(join(LOGS, 'syntax-frontend-offline-1.log'), 'utf8'));
    expect(frontend.findings.map((f) => f.situation)).toEqual(['syntax-frontend-offline']);
  });

  it('takes the location from the BuildKit Dockerfile frame without --dir', () => {
    const report = explainLog(readFileSync(join(LOGS, 'dependency-install-2.log'), 'utf8'));
    expect(report.findings[0]!.locations).toEqual([
      { file: 'Dockerfile', line: 9, what: 'RUN --mount=type=cache,target=/root/.npm npm ci', via: 'log' },
    ]);
  });

  it('reads DNS failures inside a build as build networking, not service names', () => {
    const log = [
      '#6 [2/3] RUN apt-get update && apt-get install -y curl',
      '#6 0.311 Err:1 http://deb.debian.org/debian bookworm InRelease',
      "#6 0.311   Temporary failure resolving 'deb.debian.org'",
      '#6 1.020 E: Unable to locate package curl',
      '#6 ERROR: process "/bin/sh -c apt-get update && apt-get install -y curl" did not complete successfully: exit code: 100',
    ].join('\n');
    const report = explainLog(log);
    expect(report.findings[0]).toMatchObject({
      cause: 'service-network/build-network',
      evidence: [{ start: 3, end: 3 }],
    });
    expect(report.findings.map((f) => f.situation)).not.toContain('dependency-install');
    covered('service-network', 'inline: build DNS');
  });

  it('treats exit 137 without OOMKilled as a lead, not a verdict', () => {
    const report = explainLog('api-1  | starting\napi-1 exited with code 137\n');
    expect(report.findings[0]).toMatchObject({ cause: 'oom-killed/exit-137', confidence: 'medium' });
    covered('oom-killed', 'inline: exit 137');
  });

  it('finds secrets in docker inspect Env and masks them in output', () => {
    const json = JSON.stringify(
      [{ Id: 'abc', Config: { Env: ['PATH=/usr/bin', 'STRIPE_SECRET_KEY=sk_live_51Habcdefghijklmnop'] } }],
      null,
      4,
    );
    const report = explainLog(json);
    expect(report.findings[0]).toMatchObject({ situation: 'secret-in-layers' });
    expect(report.findings[0]!.evidence[0]!.start).toBe(
      json.split('\n').findIndex((l) => l.includes('STRIPE')) + 1,
    );
    covered('secret-in-layers', 'inline: inspect Env');
  });
});

linkCases(covered);
cliCases(covered);
