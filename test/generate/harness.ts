import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { FinalImage, Tier } from '../../src/generate/types.js';
import { loadCompose } from '../../src/parse/compose/index.js';
import { digestsFor } from './digests-double.js';

/**
 * What every generated setup must prove, whatever the stack: same bytes for the same input; parse → print gives
 * the same Dockerfile text; our own review at the tier's profile finds nothing; every checklist item holds; and
 * the output matches the reviewed files under __snapshots__/.
 */
export const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

export interface Setup {
  readonly fixture: string;
  readonly app?: string;
  readonly finalImage?: FinalImage;
  readonly what: string;
}

export const slug = (s: Pick<Setup, 'fixture' | 'app' | 'finalImage'>) =>
  `${s.fixture}${s.app ? `--${s.app.replace(/\//g, '-')}` : ''}${s.finalImage ? `--${s.finalImage}` : ''}`;

/** Generate a setup and run the checks every stack shares; returns the files and the checklist ids. */
export async function checkSetup(setup: Setup, tier: Tier) {
  const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
  const options = {
    tier,
    ...(setup.app ? { app: setup.app } : {}),
    ...(setup.finalImage ? { finalImage: setup.finalImage } : {}),
  };
  // Tier 4 pins base images by digest; offline tests use a stand-in for the registry.
  const deps = tier === 4 ? { digests: digestsFor(facts, options) } : {};
  const plan = planSetup(facts, options, deps);
  const files = renderPlan(plan);

  // Deterministic: the same facts and options give the same bytes.
  expect(renderPlan(planSetup(facts, options, deps))).toEqual(files);

  // parse → print gives identical text.
  for (const f of files.filter((x) => x.kind === 'dockerfile')) {
    expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
  }

  // Our own review at the tier's profile (Dockerfile rules with the build context, compose loader + rules).
  const findings = await selfCheck(plan, files, { root: facts.root });
  expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

  // The spec's tier checklist, item by item.
  const checklist = runChecklist(plan, files);
  expect(checklist.filter((c) => !c.ok)).toEqual([]);
  return { plan, files, ids: checklist.map((c) => c.id) };
}

/** The tier-2 files and checklist items, and no compose at tier 1. */
export function expectTierOutputs(
  tier: Tier,
  files: readonly { path: string; kind: string }[],
  ids: string[],
  tier2Ids: string[],
) {
  if (tier === 2) {
    expect(ids).toEqual(expect.arrayContaining(tier2Ids));
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
    );
  } else {
    expect(files.some((f) => f.kind === 'compose')).toBe(false);
  }
}

export async function expectSnapshots(
  setup: Setup,
  tier: Tier,
  files: readonly { path: string; content: string }[],
) {
  for (const f of files) {
    await expect(f.content).toMatchFileSnapshot(
      `__snapshots__/${slug(setup)}/tier${tier}/${f.path.replace(/\//g, '__')}`,
    );
  }
}

/** Write a fixture's tier-2 files to disk and load them with the Compose loader: schema-valid, expected services. */
export async function expectComposeLoads(fixture: string, services: string[]) {
  const facts = await detectProject(join(FIXTURES, fixture));
  const plan = planSetup(facts, { tier: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'dw-compose-'));
  try {
    for (const f of renderPlan(plan)) {
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
