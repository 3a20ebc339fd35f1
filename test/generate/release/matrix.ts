import { join } from 'node:path';
import { detectProject } from '../../../src/detect/index.js';
import type { ProjectFacts } from '../../../src/detect/types.js';
import { planSetup, renderPlan } from '../../../src/generate/plan.js';
import type { ReleaseContext } from '../../../src/generate/release/context.js';
import type { CiProvider, Registry, RenderedFile, SetupPlan } from '../../../src/generate/types.js';

/**
 * The tier 3–4 matrix of issue 7: every CI provider × registry × tier, generated from a few detect fixtures
 * (a Node app with Postgres, a Go service with Postgres, a Python app). Shared by the release generator tests.
 */
export const FIXTURES = join(import.meta.dirname, '../../detect/fixtures');
export const RELEASE_FIXTURES = ['node-prisma-postgres', 'go-gin-postgres', 'python-fastapi-uv'] as const;
export const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab', 'jenkins', 'circleci'];
export const REGISTRIES: readonly Registry[] = ['hub', 'ghcr', 'ecr', 'gcr', 'acr', 'harbor'];
export const RELEASE_TIERS = [3, 4] as const;

export interface ReleaseCase {
  readonly fixture: string;
  readonly ci: CiProvider;
  readonly registry: Registry;
  readonly tier: 3 | 4;
}

export interface ReleaseSetup extends ReleaseCase {
  readonly facts: ProjectFacts;
  readonly plan: SetupPlan;
  readonly context: ReleaseContext;
  readonly files: readonly RenderedFile[];
}

const factsCache = new Map<string, Promise<ProjectFacts>>();

export function factsFor(fixture: string): Promise<ProjectFacts> {
  let p = factsCache.get(fixture);
  if (!p) {
    p = detectProject(join(FIXTURES, fixture));
    factsCache.set(fixture, p);
  }
  return p;
}

export async function releaseSetup(c: ReleaseCase): Promise<ReleaseSetup> {
  const facts = await factsFor(c.fixture);
  const plan = planSetup(facts, { tier: c.tier, ci: c.ci, registry: c.registry });
  if (!plan.release) throw new Error(`tier ${c.tier} plan has no release context`);
  return { ...c, facts, plan, context: plan.release, files: renderPlan(plan) };
}

/** Every combination, fixture-major. */
export function releaseMatrix(fixtures: readonly string[] = RELEASE_FIXTURES): ReleaseCase[] {
  const out: ReleaseCase[] = [];
  for (const fixture of fixtures)
    for (const tier of RELEASE_TIERS)
      for (const ci of CI_PROVIDERS)
        for (const registry of REGISTRIES) out.push({ fixture, ci, registry, tier });
  return out;
}

export const caseName = (c: ReleaseCase) => `${c.fixture} tier ${c.tier} ${c.ci} ${c.registry}`;

export function fileAt(setup: ReleaseSetup, path: string): RenderedFile | undefined {
  return setup.files.find((f) => f.path === path);
}
