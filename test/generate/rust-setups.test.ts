import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { FinalImage, Tier } from '../../src/generate/types.js';
import { loadCompose } from '../../src/parse/compose/index.js';

/**
 * Rust stack × tiers 1 and 2 over the detect fixtures. Each setup must: print the same text after
 * parse → print; pass our own review at the tier's profile with zero findings (the self-check, which also loads
 * compose files through the Compose loader with schema validation); meet every item of the tier's checklist by
 * name; and match the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: { fixture: string; app?: string; finalImage?: FinalImage; what: string }[] = [
  { fixture: 'rust-axum-sqlx', what: 'axum, postgres, musl static on distroless static' },
  { fixture: 'rust-axum-sqlx', finalImage: 'scratch', what: 'axum on scratch' },
  { fixture: 'rust-actix-openssl', what: 'actix-web with openssl-sys: glibc, distroless cc, redis' },
  {
    fixture: 'rust-actix-openssl',
    finalImage: 'scratch',
    what: 'scratch requested with openssl: distroless cc',
  },
  { fixture: 'rust-cargo-workspace', what: 'Cargo workspace member (rocket), -p' },
  { fixture: 'rust-cli-clap', what: 'clap CLI without Cargo.lock' },
];

const slug = (s: { fixture: string; app?: string; finalImage?: FinalImage }) =>
  `${s.fixture}${s.app ? `--${s.app.replace(/\//g, '-')}` : ''}${s.finalImage ? `--${s.finalImage}` : ''}`;

describe.each(SETUPS)('$fixture $app $finalImage ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = {
      tier,
      ...(setup.app ? { app: setup.app } : {}),
      ...(setup.finalImage ? { finalImage: setup.finalImage } : {}),
    };
    const plan = planSetup(facts, options);
    const files = renderPlan(plan);

    // Deterministic: the same facts and options give the same bytes.
    expect(renderPlan(planSetup(facts, options))).toEqual(files);

    // parse → print gives identical text.
    for (const f of files.filter((x) => x.kind === 'dockerfile')) {
      expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
    }

    // Our own review at the tier's profile (Dockerfile rules with the build context, compose loader + rules).
    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

    // The spec's tier checklist, item by item.
    const failed = runChecklist(plan, files).filter((c) => !c.ok);
    expect(failed).toEqual([]);
    const ids = runChecklist(plan, files).map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
    );
    if (tier === 2) {
      expect(ids).toEqual(
        expect.arrayContaining([
          'non-root-user',
          'compose-healthchecks',
          'depends-on-healthy',
          'resource-limits',
          'restart-policies',
          'secrets-not-env',
          'dev-override',
          'env-example',
        ]),
      );
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
      );
    } else {
      expect(files.some((f) => f.kind === 'compose')).toBe(false);
    }

    // The reviewed snapshots.
    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(
        `__snapshots__/${slug(setup)}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

it('compose files validate against the compose-spec schema with zero errors (loader run on the written files)', async () => {
  const { mkdtemp, writeFile, mkdir, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { dirname } = await import('node:path');
  for (const [fixture, services] of [
    ['rust-axum-sqlx', ['ledger', 'postgres']],
    ['rust-actix-openssl', ['thumbs', 'redis']],
  ] as [string, string[]][]) {
    const facts = await detectProject(join(FIXTURES, fixture));
    const plan = planSetup(facts, { tier: 2 });
    const files = renderPlan(plan);
    const dir = await mkdtemp(join(tmpdir(), 'dw-compose-'));
    try {
      for (const f of files) {
        await mkdir(dirname(join(dir, f.path)), { recursive: true });
        await writeFile(join(dir, f.path), f.content);
      }
      for (const s of plan.secretFiles) {
        await mkdir(dirname(join(dir, s.path)), { recursive: true });
        await writeFile(join(dir, s.path), 'x\n', { mode: 0o600 });
      }
      const project = await loadCompose({ workingDir: dir, env: {} });
      expect(project.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
        'compose.yaml',
        'compose.override.yaml',
      ]);
      expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(Object.keys(project.model.services)).toEqual(services);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});
