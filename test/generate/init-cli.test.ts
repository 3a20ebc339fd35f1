import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InitPrompts, runInit } from '../../src/cli/commands/init.js';
import { createOutput } from '../../src/cli/io.js';
import { loadConfigFile } from '../../src/lint/engine/config.js';
import { runCli } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-init-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

describe('dockwright init (non-interactive)', () => {
  it('--dry-run prints every file and the self-check, writes nothing', async () => {
    const dir = copyFixture('node-express-npm');
    const r = await runCli(['init', dir, '--tier', '2', '--dry-run']);
    expect(r.code).toBe(0);
    for (const f of [
      'Dockerfile',
      '.dockerignore',
      'compose.yaml',
      'compose.override.yaml',
      '.env.example',
      'README.Docker.md',
      '.dockwright.yaml',
    ])
      expect(r.stdout).toContain(`==> ${f} <==`);
    expect(r.stdout).toContain('self-check: 0 findings');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });

  it('--yes writes the files atomically, saves the choices, creates secret files, and a re-run is byte-identical', async () => {
    const dir = copyFixture('next-standalone-pnpm');
    // The fixture has its own .env.example: --force replaces it with the documented one.
    const first = await runCli(['init', dir, '--tier', '2', '--yes', '--force']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+Dockerfile/);
    expect(first.stdout).toMatch(/overwritten\s+\.env\.example/);
    expect(first.stdout).toContain('self-check: 0 findings');
    const config = readFileSync(join(dir, '.dockwright.yaml'), 'utf8');
    expect(config).toContain('init:\n  version: 1\n  lang: node\n  tier: 2\n  finalImage: alpine\n');
    // The lint config loader accepts the init: section.
    await expect(loadConfigFile(join(dir, '.dockwright.yaml'))).resolves.toMatchObject({
      kind: 'dockwright',
    });
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    // No flags: the saved tier is used and nothing changes.
    const again = await runCli(['init', dir, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+Dockerfile/);
    expect(again.stdout).not.toMatch(/created|overwritten|updated/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(before);
  });

  it('creates compose secret files once, random and private, never printing them', async () => {
    const dir = copyFixture('node-express-npm');
    const r = await runCli(['init', dir, '--tier', '2', '--yes', '--force']);
    expect(r.code).toBe(0);
    const secret = join(dir, 'secrets/postgres_password.txt');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    const value = readFileSync(secret, 'utf8');
    expect(value.trim().length).toBeGreaterThanOrEqual(24);
    expect(r.stdout).not.toContain(value.trim());
    await runCli(['init', dir, '--yes']);
    expect(readFileSync(secret, 'utf8')).toBe(value);
  });

  it('refuses to overwrite a different file without --force, and writes nothing', async () => {
    const dir = copyFixture('node-express-npm');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\n');
    const r = await runCli(['init', dir, '--tier', '1', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists and differs: Dockerfile');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:20\n');
    expect(existsSync(join(dir, '.dockerignore'))).toBe(false);

    const diff = await runCli(['init', dir, '--tier', '1', '--diff']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('-FROM node:20');
    expect(diff.stdout).toContain('+FROM node:20-bookworm-slim AS base');

    const forced = await runCli(['init', dir, '--tier', '1', '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/overwritten\s+Dockerfile/);
  });

  it('workspaces: --app picks the app and is saved', async () => {
    const dir = copyFixture('pnpm-turbo-monorepo');
    const r = await runCli(['init', dir, '--tier', '2', '--app', 'apps/web', '--yes']);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'apps/web/Dockerfile'))).toBe(true);
    expect(readFileSync(join(dir, '.dockwright.yaml'), 'utf8')).toContain('app: apps/web');
  });

  it('scaffold-script form: init <name> --path <dir> --lang node', async () => {
    const dir = copyFixture('node-yarn-classic');
    const r = await runCli(['init', 'legacy-web', '--path', dir, '--lang', 'node', '--tier', '1', '--yes']);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
  });

  it('tier 3 writes the release files for the chosen CI and registry; a re-run from .dockwright.yaml is identical', async () => {
    const dir = copyFixture('node-express-npm');
    // --force: the fixture has its own .env.example, replaced by the documented one.
    const first = await runCli([
      'init',
      dir,
      '--tier',
      '3',
      '--ci',
      'gitlab',
      '--registry',
      'ecr',
      '--yes',
      '--force',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const f of ['.gitlab-ci.yml', 'trivy.yaml', '.trivyignore', 'compose.yaml', 'README.Docker.md'])
      expect(first.stdout).toMatch(new RegExp(`(created|overwritten)\\s+${f.replace(/\./g, '\\.')}`));
    expect(first.stdout).toContain('self-check: 0 findings');
    expect(existsSync(join(dir, '.github'))).toBe(false);
    const config = readFileSync(join(dir, '.dockwright.yaml'), 'utf8');
    expect(config).toMatch(/tier: 3\n/);
    expect(config).toMatch(/registry: ecr\n/);
    expect(config).toMatch(/ci: gitlab\n/);
    const pipeline = readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8');
    const again = await runCli(['init', dir, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/identical\s+\.gitlab-ci\.yml/);
    expect(again.stdout).not.toMatch(/created|overwritten|updated/);
    expect(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(pipeline);
  });

  it('languages init does not generate for, and conda, exit 2 with a reason', async () => {
    const ruby = await runCli(['init', join(FIXTURES, 'ruby-rails'), '--yes', '--dry-run']);
    expect(ruby.code).toBe(2);
    expect(ruby.stderr).toContain('not supported by init: ruby');
    expect(ruby.stderr).toMatch(/init generates for node, bun, python, go, rust/);
    const lang = await runCli(['init', join(FIXTURES, 'node-express-npm'), '--lang', 'php', '--dry-run']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain("unknown --lang 'php'");
    const conda = await runCli(['init', join(FIXTURES, 'python-conda'), '--yes', '--dry-run']);
    expect(conda.code).toBe(2);
    expect(conda.stderr).toContain('conda environments are not supported by init yet');
  });

  it('--format json gives the plan and the files', async () => {
    const r = await runCli(['init', join(FIXTURES, 'vite-react-spa'), '--tier', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as {
      files: { path: string }[];
      findings: unknown[];
      user: { uid: number };
    };
    expect(data.findings).toEqual([]);
    expect(data.user.uid).toBe(101);
    expect(data.files.map((f) => f.path)).toContain('docker/nginx.conf');
  });
});

/** Scripted answers, in order; records what was asked. */
function scripted(answers: unknown[]): InitPrompts & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (!answers.length) throw new Error(`unexpected question: ${message}`);
    return answers.shift();
  };
  return {
    asked,
    select: async (q) => next(q.message) as never,
    confirm: async (q) => next(q.message) as boolean | null,
    note: (_message, title) => void asked.push(`note: ${title}`),
  };
}

function ctxFor(dir: string, options: Record<string, string | boolean> = {}) {
  let stdout = '';
  let stderr = '';
  const output = createOutput(
    {
      stdout: { write: (s: string) => (stdout += s), isTTY: true },
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
      env: {},
      cwd: dir,
    },
    false,
    false,
  );
  return { ctx: { positionals: [dir], options, output, format: 'text' }, out: () => ({ stdout, stderr }) };
}

describe('dockwright init (interactive, injected prompts)', () => {
  it('shows what detect found, asks only the tier, shows the plan, confirms, writes', async () => {
    const dir = copyFixture('node-typescript-tsc');
    const prompts = scripted(['2', true]);
    const { ctx, out } = ctxFor(dir);
    const code = await runInit(ctx, { prompts, interactive: true });
    expect(out().stderr).toBe('');
    expect(code).toBe(0);
    expect(prompts.asked).toEqual([
      'note: Detected',
      'What scale is this for?',
      'note: Plan',
      `Write 7 files to ${dir}?`,
    ]);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(true);
  });

  it('at tier 3 also asks for the CI and the registry, and saves both', async () => {
    const dir = copyFixture('node-express-npm');
    // The fixture's own .env.example differs: overwrite it with the documented one.
    const prompts = scripted(['3', 'circleci', 'harbor', true, 'overwrite']);
    const { ctx, out } = ctxFor(dir);
    expect(await runInit(ctx, { prompts, interactive: true })).toBe(0);
    expect(out().stderr).toBe('');
    expect(prompts.asked.slice(0, 4)).toEqual([
      'note: Detected',
      'What scale is this for?',
      'Which CI runs the release pipeline?',
      'Where are images pushed?',
    ]);
    expect(existsSync(join(dir, '.circleci/config.yml'))).toBe(true);
    expect(readFileSync(join(dir, '.dockwright.yaml'), 'utf8')).toMatch(
      /registry: harbor\n\s+ci: circleci\n/,
    );
  });

  it('asks which app in a monorepo', async () => {
    const dir = copyFixture('app-selection');
    const prompts = scripted(['services/auth', '1', true]);
    const { ctx } = ctxFor(dir);
    expect(await runInit(ctx, { prompts, interactive: true })).toBe(0);
    expect(prompts.asked[0]).toBe('Which app should be containerized?');
    expect(existsSync(join(dir, 'services/auth/Dockerfile'))).toBe(true);
  });

  it('per-file choice for existing files: diff, then keep or overwrite', async () => {
    const dir = copyFixture('node-express-npm');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\n');
    const prompts = scripted([true, 'diff', 'keep', 'overwrite']);
    const { ctx, out } = ctxFor(dir, { tier: '2' });
    expect(await runInit(ctx, { prompts, interactive: true })).toBe(0);
    expect(out().stdout).toContain('-FROM node:20');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:20\n');
    expect(out().stdout).toMatch(/kept\s+Dockerfile/);
    expect(out().stdout).toMatch(/overwritten\s+\.env\.example/);
  });

  it('cancelling writes nothing', async () => {
    const dir = copyFixture('node-express-npm');
    const prompts = scripted([null]);
    const { ctx } = ctxFor(dir);
    expect(await runInit(ctx, { prompts, interactive: true })).toBe(1);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });
});

describe('re-running init reproduces byte-identical output (the files it wrote are read back by detect)', () => {
  const fixtures = [
    'node-express-npm',
    'astro-ssr-node',
    'nestjs-api',
    'node-native-deps',
    'node-prisma-postgres',
    'next-standalone-pnpm',
    'vite-react-spa',
    'bun-hono',
    'node-yarn-berry-pnp',
    'gitignore-respected',
  ];
  it.each(fixtures.flatMap((f) => ['1', '2'].map((t) => [f, t] as const)))(
    '%s tier %s',
    async (fixture, tier) => {
      const dir = copyFixture(fixture);
      const first = await runCli(['init', dir, '--tier', tier, '--yes', '--force']);
      expect(first.code).toBe(0);
      const again = await runCli(['init', dir, '--yes']);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout).not.toMatch(/created|overwritten|updated/);
    },
  );
});
