import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { createOutput } from '../../src/cli/io.js';
import { printError } from '../../src/cli/main.js';
import { InputError, ParseError } from '../../src/core/errors.js';
import { ANSI, runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/corpora.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('global flags', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect((await runCli(['-V'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('--help lists every registered command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of commands) expect(r.stdout).toContain(cmd.name);
  });

  it('no command prints help and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage:');
  });

  it('every command has --help', async () => {
    for (const cmd of commands) {
      const r = await runCli([cmd.name, '--help']);
      expect(r.code, cmd.name).toBe(0);
      expect(r.stdout, cmd.name).toContain(cmd.usage);
    }
  });

  it('aliases resolve to their command', async () => {
    const r = await runCli(['review', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dockwright lint');
  });
});

describe('usage errors exit 2 with a hint', () => {
  it('unknown command suggests the closest one', async () => {
    const r = await runCli(['lnit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'lnit'");
    expect(r.stderr).toMatch(/Did you mean 'dockwright (lint|init)'/);
  });

  it('unknown option suggests the closest one', async () => {
    const r = await runCli(['lint', '--failure-treshold', 'error']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--failure-treshold'");
    expect(r.stderr).toContain("Did you mean '--failure-threshold'");
  });

  it('unknown format is rejected with the valid ones', async () => {
    const r = await runCli(['lint', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown format 'xml'");
    expect(r.stderr).toContain('stylish');
  });

  it('invalid choice is rejected', async () => {
    const r = await runCli(['lint', '--failure-threshold', 'loud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid value 'loud'");
  });

  it('commands not built yet say so and exit 2 instead of pretending', async () => {
    for (const cmd of commands.filter((c) => c.pending)) {
      const r = await runCli([cmd.name]);
      expect(r.code, cmd.name).toBe(2);
      expect(r.stderr, cmd.name).toContain('not implemented yet');
      expect(r.stdout, cmd.name).toBe('');
    }
  });
});

describe('colour', () => {
  it('is off when not a TTY, and with NO_COLOR or --no-color on a TTY', async () => {
    expect((await runCli(['--help'])).stdout).not.toMatch(ANSI);
    expect((await runCli(['--help'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['--help', '--no-color'], { tty: true })).stdout).not.toMatch(ANSI);
  });

  it('is on for a TTY, and with FORCE_COLOR or --color', async () => {
    expect((await runCli(['--help'], { tty: true })).stdout).toMatch(ANSI);
    expect((await runCli(['--help'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await runCli(['--help', '--color'])).stdout).toMatch(ANSI);
  });
});

describe('error printing', () => {
  function capture(debug: boolean) {
    let stderr = '';
    const out = createOutput(
      { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: '/' },
      false,
      debug,
    );
    return { out, stderr: () => stderr };
  }

  it('prints parse errors as file:line:col with a code frame and hint', () => {
    const c = capture(false);
    const err = new ParseError(
      'unknown instruction: FORM',
      'Dockerfile',
      { start: 0, end: 4 },
      { line: 3, column: 5 },
      'Did you mean FROM?',
      'x',
      '    FORM node',
    );
    expect(printError(err, c.out)).toBe(2);
    expect(c.stderr()).toContain('Dockerfile:3:5: error: unknown instruction: FORM');
    expect(c.stderr()).toContain('    FORM node\n      ^');
    expect(c.stderr()).toContain('hint: Did you mean FROM?');
  });

  it('prints input errors with the file name', () => {
    const c = capture(false);
    expect(printError(new InputError('no such file or directory', 'nope/Dockerfile'), c.out)).toBe(2);
    expect(c.stderr()).toContain('nope/Dockerfile: error: no such file or directory');
  });

  it('internal errors print one line and a report hint, the stack only with --debug', () => {
    const plain = capture(false);
    expect(printError(new TypeError('boom'), plain.out)).toBe(70);
    expect(plain.stderr()).toContain('internal error: boom');
    expect(plain.stderr()).not.toMatch(/\n\s+at /);
    const debug = capture(true);
    printError(new TypeError('boom'), debug.out);
    expect(debug.stderr()).toMatch(/TypeError: boom\n\s+at /);
  });
});

describe('the built binary', () => {
  const bin = join(repoRoot, 'bin/dockwright.js');
  it.skipIf(!existsSync(join(repoRoot, 'dist/cli/main.js')))('runs --version as a real process', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });
});
