import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import { DEFAULT_CONFIG } from '../../../src/lint/engine/config.js';
import { lintDockerfile } from '../../../src/lint/engine/linter.js';
import { lintFiles } from '../../../src/lint/lint-files.js';
import {
  collectShellScripts,
  filterShellcheck,
  findShellcheck,
  shellcheckDockerfile,
} from '../../../src/lint/shellcheck.js';

const binary = await findShellcheck(process.env.PATH);
if (!binary) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! shellcheck NOT FOUND on PATH: the ShellCheck integration tests are SKIPPED.\n!! Install it with: apt-get install -y shellcheck\n${bar}\n`,
  );
}

async function check(text: string): Promise<{ found: Diagnostic[]; text: string }> {
  const { ast, model } = lintDockerfile(text, { path: 'Dockerfile', rules: [] });
  return { found: await shellcheckDockerfile(ast, model, { binary: binary! }), text };
}

/** The source text a diagnostic points at. */
function at(text: string, d: Diagnostic): string {
  return text.slice(d.range.start, d.range.end);
}

describe('collecting scripts (no binary needed)', () => {
  it('takes shell-form RUN only, with the stage shell, and skips non-POSIX shells and other interpreters', () => {
    const text = [
      'FROM a',
      'ARG VERSION',
      'RUN echo $VERSION',
      'RUN ["echo", "json form"]',
      'CMD echo not a RUN',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN echo bash',
      'SHELL ["pwsh", "-c"]',
      'RUN Write-Host hi',
      'FROM b',
      'RUN <<EOF',
      '#!/usr/bin/env python3',
      'print(1)',
      'EOF',
      'RUN <<EOF',
      'echo body',
      'EOF',
      '',
    ].join('\n');
    const { ast, model } = lintDockerfile(text, { path: 'Dockerfile', rules: [] });
    const scripts = collectShellScripts(ast, model);
    expect(scripts.map((s) => s.instruction.startLine)).toEqual([3, 7, 15]);
    expect(scripts[0]!.text).toBe('# shellcheck shell=sh\nexport VERSION=1\necho $VERSION\n');
    expect(scripts[1]!.text.startsWith('# shellcheck shell=bash\n')).toBe(true);
    expect(scripts[2]!.text).toBe('# shellcheck shell=sh\necho body\n');
  });

  it('honours `# hadolint shell=` for the whole file', () => {
    const { ast, model } = lintDockerfile('# hadolint shell=powershell\nFROM a\nRUN echo hi\n', {
      path: 'D',
      rules: [],
    });
    expect(collectShellScripts(ast, model)).toEqual([]);
  });
});

describe.skipIf(!binary)('ShellCheck findings', () => {
  it('maps findings to Dockerfile lines and columns across continuations and heredocs', async () => {
    const { found, text } = await check(
      [
        'FROM debian:12',
        'ARG NAME',
        'RUN echo $NAME $HOME && \\',
        '    # a comment inside the continuation',
        '    ls *.txt && echo $undefined_thing',
        'RUN <<EOF',
        'set -e',
        'echo $1',
        'EOF',
        'RUN cat <<X > /etc/motd && echo done $2',
        'hello',
        'X',
        '',
      ].join('\n'),
    );
    const byCode = (code: string) => found.filter((d) => d.code === code);
    expect(found.every((d) => d.sources?.[0] === d.code.replace('shellcheck/', 'shellcheck:'))).toBe(true);
    const sc2086 = byCode('shellcheck/SC2086');
    expect(sc2086.map((d) => [d.start.line, d.start.column, at(text, d)])).toEqual([
      [3, 16, '$HOME'],
      [5, 22, '$undefined_thing'],
      [8, 6, '$1'],
      [10, 38, '$2'],
    ]);
    const glob = byCode('shellcheck/SC2035')[0]!;
    expect([glob.start.line, glob.start.column, at(text, glob)]).toEqual([5, 8, '*']);
    // ARG/ENV names are declared (as hadolint does, `export NAME=1`), so neither SC2154 nor SC2086 fires for NAME.
    expect(found.some((d) => d.message.includes('NAME'))).toBe(false);
    expect(
      found.some((d) => ['shellcheck/SC1090', 'shellcheck/SC1091', 'shellcheck/SC2187'].includes(d.code)),
    ).toBe(false);
    // Fixes from ShellCheck are unsafe edits of contiguous source text.
    expect(sc2086[0]!.fix).toMatchObject({ kind: 'unsafe', edits: [{ text: '"' }, { text: '"' }] });
  });

  it('checks bash syntax with a bash SHELL and reports sh-only problems under sh', async () => {
    const line = 'RUN if [[ -n "$HOME" ]]; then echo ok; fi';
    const sh = await check(`FROM a\n${line}\n`);
    expect(sh.found.map((d) => d.code)).toContain('shellcheck/SC3010');
    const bash = await check(`FROM a\nSHELL ["/bin/bash", "-c"]\n${line}\n`);
    expect(bash.found.map((d) => d.code)).not.toContain('shellcheck/SC3010');
  });

  it('is silenced by hadolint and dockwright pragmas and by config', async () => {
    const text = [
      'FROM a',
      '# hadolint ignore=SC2086',
      'RUN echo $1',
      '# dockwright ignore=shellcheck/SC2086 -- intended',
      'RUN echo $2',
      'RUN echo $3',
      '',
    ].join('\n');
    const { ast, model, suppressions } = lintDockerfile(text, { path: 'Dockerfile', rules: [] });
    const found = await shellcheckDockerfile(ast, model, { binary: binary! });
    expect(found.map((d) => d.start.line)).toEqual([3, 5, 6]);
    expect(filterShellcheck(found, DEFAULT_CONFIG, suppressions).map((d) => d.start.line)).toEqual([6]);
    const off = { ...DEFAULT_CONFIG, rules: { 'shellcheck/SC2086': { level: 'off' as const } } };
    expect(filterShellcheck(found, off, [])).toEqual([]);
    const hadolint = { ...DEFAULT_CONFIG, sourceLevels: { 'hadolint:SC2086': 'error' as const } };
    expect(filterShellcheck(found, hadolint, []).map((d) => d.severity)).toEqual(['error', 'error', 'error']);
  });

  it('runs one shellcheck process per file from lintFiles, fast', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-sc-'));
    const runs = Array.from({ length: 40 }, (_, i) => `RUN echo $${(i % 9) + 1} && cd /tmp${i}`).join('\n');
    writeFileSync(join(dir, 'Dockerfile'), `FROM a\n${runs}\n`);
    const messages: string[] = [];
    const started = performance.now();
    const result = await lintFiles({
      cwd: dir,
      paths: ['Dockerfile'],
      shellcheck: { binary },
      debug: (m) => messages.push(m),
    });
    const ms = performance.now() - started;
    expect(result.diagnostics.filter((d) => d.code === 'shellcheck/SC2086')).toHaveLength(40);
    console.log(
      `[shellcheck] 40 RUN instructions in one file: ${messages.find((m) => m.includes('shellcheck '))} (lintFiles total ${Math.round(ms)} ms)`,
    );
    const without = await lintFiles({ cwd: dir, paths: ['Dockerfile'], shellcheck: false });
    expect(without.diagnostics.some((d) => d.code.startsWith('shellcheck/'))).toBe(false);
  });

  it('the binary version is one we support (json1 output)', () => {
    const version = execFileSync(binary!, ['--version'], { encoding: 'utf8' });
    expect(version).toMatch(/version: 0\.(?:[7-9]|\d\d)\.|version: [1-9]/);
  });
});

describe('absent binary', () => {
  it('is skipped silently and said in debug output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-nosc-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM a\nRUN echo $1\n');
    const messages: string[] = [];
    const result = await lintFiles({
      cwd: dir,
      paths: ['Dockerfile'],
      shellcheck: { searchPath: '/nonexistent' },
      debug: (m) => messages.push(m),
    });
    expect(result.diagnostics.some((d) => d.code.startsWith('shellcheck/'))).toBe(false);
    expect(messages.some((m) => m.includes('shellcheck: not found'))).toBe(true);
  });
});
