import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { caseName, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * Every `.circleci/config.yml` of the matrix (3 fixtures × 6 registries × tiers 3–4). @circleci/circleci-config-sdk
 * 0.12.5 ships no config parser (only builders/serialisers), so the structure CircleCI's config processing
 * enforces is checked here: version 2.1, executors and jobs referenced by name exist, workflow `requires` resolve,
 * tag-triggered chains carry the tag filter on every job, Docker only runs on machine executors, images pinned.
 */
const cases = releaseMatrix().filter((c) => c.ci === 'circleci');
const setups = new Map<string, ReleaseSetup>();
type Obj = Record<string, unknown>;

beforeAll(async () => {
  for (const c of cases) setups.set(caseName(c), await releaseSetup(c));
});

function config(name: string): { text: string; doc: Obj } {
  const text = fileAt(setups.get(name)!, '.circleci/config.yml')?.content;
  if (!text) throw new Error(`${name}: no .circleci/config.yml`);
  return { text, doc: parseYaml(text, { strict: true, uniqueKeys: true }) as Obj };
}

const STEP_KINDS = new Set([
  'checkout',
  'run',
  'persist_to_workspace',
  'attach_workspace',
  'store_artifacts',
  'store_test_results',
]);

describe(`CircleCI pipelines: ${cases.length} setups`, () => {
  it('covers 3 fixtures × 6 registries × 2 tiers', () => expect(cases).toHaveLength(36));

  it.each(cases.map((c) => [caseName(c)]))('%s', (name) => {
    const { text, doc } = config(name);
    expect(doc.version).toBe(2.1);
    expect(doc.orbs).toBeUndefined();
    const executors = doc.executors as Record<string, Obj>;
    const jobs = doc.jobs as Record<string, { executor: string; steps: unknown[] }>;
    for (const [n, e] of Object.entries(executors)) {
      const image =
        (e.machine as Obj | undefined)?.image ?? ((e.docker as Obj[] | undefined)?.[0]?.image as string);
      expect(image, `${n} image pinned`).toMatch(/:(\d{4}\.\d{2}\.\d+|\d+\.\d+)$/);
    }
    for (const [n, job] of Object.entries(jobs)) {
      expect(executors, `${n}.executor`).toHaveProperty(job.executor);
      for (const step of job.steps) {
        const kind = typeof step === 'string' ? step : Object.keys(step as Obj)[0]!;
        expect(STEP_KINDS, `${n} step ${kind}`).toContain(kind);
        const command = (step as { run?: { command: string } }).run?.command ?? '';
        // Docker needs the VM (or setup_remote_docker, which this pipeline never uses).
        if (/\bdocker\b/.test(command))
          expect(executors[job.executor]!.machine, `${n} runs docker`).toBeDefined();
      }
    }
    const wf = (doc.workflows as Record<string, { jobs: Obj[] }>).release!.jobs;
    const entries = wf.map((j) => Object.entries(j)[0]!) as [string, Obj][];
    const declared = new Set(entries.map(([n]) => n));
    for (const [n, opts] of entries) {
      if (opts.type !== 'approval') expect(jobs, `workflow job ${n}`).toHaveProperty(n);
      for (const r of (opts.requires as string[] | undefined) ?? [])
        expect(declared, `${n} requires ${r}`).toContain(r);
      // Tags only trigger jobs that list them, and the whole chain up to publish/sign must.
      expect((opts.filters as Obj).tags, `${n} tag filter`).toEqual({ only: '/^v.*/' });
      if (['publish', 'sign', 'scan-release', 'promote', 'approve-promotion'].includes(n)) {
        expect((opts.filters as Obj).branches, `${n} branches`).toEqual({ only: 'main' });
      }
      if (['publish', 'sign', 'scan-release', 'promote'].includes(n))
        expect(opts.context).toEqual(['docker-release']);
    }
    expect(declared).toContain('sign');
    expect(text).toContain('--key env://COSIGN_PRIVATE_KEY');
    expect(text).not.toMatch(/(?<!\$)\{[A-Z0-9_]+\}/);
  });

  it.each(cases.filter((c) => c.tier === 4).map((c) => [caseName(c)]))('%s: tier 4 extras', (name) => {
    const { text, doc } = config(name);
    expect(text).toContain('docker buildx bake -f docker-bake.hcl production');
    // CLI attestation flags would replace the bake file's `attest` (SLSA v1 provenance, mode=max).
    expect(text).toContain('--push --metadata-file bake-metadata.json');
    expect(text).not.toMatch(/--provenance|--sbom/);
    expect(text).toContain('--type slsaprovenance1');
    const wf = (doc.workflows as Record<string, { jobs: Obj[] }>).release!.jobs;
    expect(wf).toContainEqual({
      'approve-promotion': {
        type: 'approval',
        requires: ['sign'],
        filters: { branches: { only: 'main' }, tags: { only: '/^v.*/' } },
      },
    });
    expect(text).toContain('https://api.github.com/repos/$DEPLOY_GITHUB_REPO/pulls');
  });

  it('federates AWS, GCP and Azure through CIRCLE_OIDC_TOKEN_V2', () => {
    for (const reg of ['ecr', 'gcr', 'acr']) {
      expect(config(`go-gin-postgres tier 3 circleci ${reg}`).text, reg).toContain('$CIRCLE_OIDC_TOKEN_V2');
    }
    expect(config('go-gin-postgres tier 3 circleci hub').text).toContain('"$DOCKERHUB_TOKEN"');
  });

  it('is deterministic', async () => {
    const again = await releaseSetup(cases[0]!);
    expect(fileAt(again, '.circleci/config.yml')?.content).toBe(config(caseName(cases[0]!)).text);
  });

  it('snapshots', async () => {
    await expect(config('node-prisma-postgres tier 3 circleci hub').text).toMatchFileSnapshot(
      '__snapshots__/circleci-node-tier3-hub.config.yml',
    );
    await expect(config('node-prisma-postgres tier 4 circleci ecr').text).toMatchFileSnapshot(
      '__snapshots__/circleci-node-tier4-ecr.config.yml',
    );
  });
});
