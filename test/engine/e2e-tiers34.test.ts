/**
 * Tiers 3–4 on the real engine (issue 7): the sample apps get `init` at tier 3, then
 * - `docker build --target test` runs the project's tests (and fails when a test fails: a broken test is added),
 * - the production compose file runs as generated — app with a read-only root filesystem, tmpfs, `cap_drop: [ALL]`,
 *   no-new-privileges; backing services with all capabilities dropped but the ones their entrypoints need —
 *   through `verify --compose` (healthy, non-root PID 1, graceful stop).
 * An app whose base image has no stand-in is skipped with the reason printed (never a fake pass).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { pickEngine } from '../../src/engine/pick.js';
import type { ContainerEngine } from '../../src/engine/types.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { verifyCompose } from '../../src/verify/compose.js';
import { describeWithEngine, type TestEngine } from '../helpers/engine.js';
import { baseImages } from '../helpers/engine-images.js';

const APPS = join(import.meta.dirname, 'apps');

/** A failing test per app's language, so `--target test` must fail. */
const BROKEN_TEST: Record<string, { path: string; content: string }> = {
  'go-stdlib': {
    path: 'broken_test.go',
    content:
      'package main\n\nimport "testing"\n\nfunc TestBroken(t *testing.T) { t.Fatal("deliberately broken") }\n',
  },
  'rust-std': {
    path: 'tests/broken.rs',
    content: '#[test]\nfn broken() {\n    panic!("deliberately broken");\n}\n',
  },
  'python-stdlib': {
    path: 'test_broken.py',
    content:
      'import unittest\n\n\nclass Broken(unittest.TestCase):\n    def test_broken(self):\n        self.fail("deliberately broken")\n',
  },
};

describeWithEngine('tiers 3–4 on the real engine', (engine: TestEngine) => {
  let ce: ContainerEngine;
  const env = { ...process.env, ...engine.env };

  beforeAll(async () => {
    const picked = await pickEngine({ env });
    if (!picked.ok) throw new Error(picked.reason);
    ce = picked.engine;
  });

  async function initApp(name: string, tier: 3 | 4, extra?: { path: string; content: string }) {
    const dir = join(engine.tempDir('dw-t34-'), name);
    cpSync(join(APPS, name), dir, { recursive: true });
    if (extra) {
      mkdirSync(dirname(join(dir, extra.path)), { recursive: true });
      writeFileSync(join(dir, extra.path), extra.content);
    }
    if (existsSync(join(dir, 'package.json')) && !existsSync(join(dir, 'package-lock.json'))) {
      execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 180_000,
      });
    }
    const plan = planSetup(await detectProject(dir), { tier });
    for (const f of renderPlan(plan)) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    for (const s of plan.secretFiles) {
      mkdirSync(dirname(join(dir, s.path)), { recursive: true });
      writeFileSync(join(dir, s.path), 'e2e-secret-tier3\n', { mode: 0o600 });
    }
    // What README.Docker.md asks the user to do: .env from .env.example with the secret filled in.
    if (existsSync(join(dir, '.env.example'))) {
      writeFileSync(
        join(dir, '.env'),
        readFileSync(join(dir, '.env.example'), 'utf8').replaceAll('change-me', 'e2e-secret-tier3'),
      );
    }
    // The `# syntax=` frontend cannot be pulled offline; the engine's built-in frontend reads the same file.
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'Dockerfile.offline'), dockerfile.replace(/^# syntax=.*\n/, ''));
    const missing: string[] = [];
    for (const image of baseImages(dockerfile)) if (!(await engine.hasImage(image))) missing.push(image);
    return { dir, plan, missing };
  }

  function skipLoudly(ctx: { skip: () => void }, name: string, why: string) {
    process.stdout.write(`\n!! [tiers 3–4] ${name} SKIPPED: ${why}\n`);
    ctx.skip();
  }

  for (const name of ['go-stdlib', 'rust-std', 'python-stdlib']) {
    it(`${name}: --target test passes, and fails with a broken test`, async (ctx) => {
      const good = await initApp(name, 3);
      if (good.missing.length) return skipLoudly(ctx, name, `no stand-in for ${good.missing.join(', ')}`);
      expect(good.plan.release?.stages.test, 'tier 3 has a test stage').toBeTruthy();
      await engine.build(good.dir, { file: join(good.dir, 'Dockerfile.offline'), target: 'test' });
      const bad = await initApp(name, 3, BROKEN_TEST[name]);
      await expect(
        engine.build(bad.dir, { file: join(bad.dir, 'Dockerfile.offline'), target: 'test' }),
      ).rejects.toThrow(/broken/i);
    }, 900_000);
  }

  for (const name of ['compose-stack', 'go-stdlib', 'node-express']) {
    it(`${name}: the tier 3 production compose file runs hardened (verify --compose)`, async (ctx) => {
      const { dir, missing } = await initApp(name, 3);
      if (missing.length) return skipLoudly(ctx, name, `no stand-in for ${missing.join(', ')}`);
      const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8');
      expect(compose).toMatch(/read_only: true/);
      expect(compose).toMatch(/cap_drop:\n\s+- ALL/);
      const report = await verifyCompose({
        dir,
        engine: ce,
        files: ['compose.yaml'],
        noComposeV2: true,
        offline: true,
        graceSeconds: 10,
        healthTimeoutMs: 90_000,
      });
      const failed = report.steps.filter((s) => s.status === 'fail');
      expect(
        failed.map(
          (s) => `${s.service ?? ''} ${s.step}: ${s.summary}\n${(s.details ?? []).slice(-8).join('\n')}`,
        ),
      ).toEqual([]);
      const users = report.steps.filter((s) => s.step === 'user');
      expect(users.length, 'every long-running service had its user checked').toBeGreaterThan(0);
      expect(report.steps.filter((s) => s.step === 'health').every((s) => s.status === 'pass')).toBe(true);
    }, 900_000);
  }
});
