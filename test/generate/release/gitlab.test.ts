import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TAGS_SCRIPT } from '../../../src/generate/release/shell.js';
import { gitlabCiLocalVersion, gitlabValidator, loadGitlabSchema } from './gitlab-schema.js';
import { caseName, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * Every `.gitlab-ci.yml` of the matrix (3 fixtures × 6 registries × tiers 3–4) against GitLab's official CI JSON
 * schema (bundled in gitlab-ci-local), plus the pipeline's own invariants: job references resolve, stages are
 * declared, publishing jobs only run on the default branch and tags, images are pinned, no Kaniko.
 */
const cases = releaseMatrix().filter((c) => c.ci === 'gitlab');
const setups = new Map<string, ReleaseSetup>();
type Job = Record<string, unknown>;

beforeAll(async () => {
  for (const c of cases) setups.set(caseName(c), await releaseSetup(c));
});

function pipeline(name: string): { text: string; doc: Record<string, unknown> } {
  const text = fileAt(setups.get(name)!, '.gitlab-ci.yml')?.content;
  if (!text) throw new Error(`${name}: no .gitlab-ci.yml`);
  return { text, doc: parseYaml(text, { strict: true, uniqueKeys: true }) as Record<string, unknown> };
}

const RESERVED = new Set([
  'workflow',
  'stages',
  'variables',
  'default',
  'include',
  'image',
  'services',
  'cache',
]);
function jobs(doc: Record<string, unknown>): [string, Job][] {
  return Object.entries(doc).filter(([k]) => !RESERVED.has(k) && !k.startsWith('.')) as [string, Job][];
}

describe('GitLab CI schema', () => {
  it(`extracts GitLab's ci.json from gitlab-ci-local ${gitlabCiLocalVersion()} and it rejects a broken pipeline`, () => {
    const schema = loadGitlabSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const validate = gitlabValidator();
    expect(validate({ build: { script: ['true'], stage: 'build', when: 'sometimes' } })).toBe(false);
    expect(validate({ build: { script: ['true'], id_tokens: { T: { aud: 'sigstore' } } } })).toBe(true);
  });
});

describe(`GitLab pipelines: ${cases.length} setups`, () => {
  it('covers 3 fixtures × 6 registries × 2 tiers', () => expect(cases).toHaveLength(36));

  it.each(cases.map((c) => [caseName(c)]))('%s', (name) => {
    const { text, doc } = pipeline(name);
    const validate = gitlabValidator();
    const ok = validate(doc);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);

    const stages = doc.stages as string[];
    const all = jobs(doc);
    const names = new Set(all.map(([n]) => n));
    for (const [n, job] of all) {
      expect(stages, `${n}.stage`).toContain(job.stage);
      for (const need of (job.needs as string[] | undefined) ?? [])
        expect(names, `${n} needs ${need}`).toContain(need);
      for (const dep of (job.dependencies as string[] | undefined) ?? [])
        expect(names, `${n} depends on ${dep}`).toContain(dep);
      const image = typeof job.image === 'string' ? job.image : (job.image as { name: string }).name;
      expect(image, `${n} image pinned to a full version`).toMatch(
        /:v?\d+\.\d+(\.\d+)?([-.][\w.-]+)?(@sha256:[0-9a-f]{64})?$/,
      );
      for (const s of (job.services as { name: string }[] | undefined) ?? [])
        expect(s.name).toMatch(/:\d+\.\d+\.\d+/);
    }
    // Publishing jobs: default branch and tags only.
    for (const n of ['publish', 'sign', 'scan-release', 'promote']) {
      if (!names.has(n)) continue;
      const ifs = ((doc[n] as Job).rules as { if: string }[]).map((r) => r.if);
      expect(ifs, n).toEqual(['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', '$CI_COMMIT_TAG']);
    }
    expect(names).toContain('publish');
    expect((doc.sign as Job).id_tokens).toMatchObject({ SIGSTORE_ID_TOKEN: { aud: 'sigstore' } });
    expect(text.toLowerCase()).not.toContain('kaniko');
    expect(text).not.toMatch(/(?<!\$)\{[A-Z0-9_]+\}/); // every placeholder rendered as ${VAR}
  });

  it.each(cases.filter((c) => c.tier === 4).map((c) => [caseName(c)]))('%s: tier 4 extras', (name) => {
    const { text, doc } = pipeline(name);
    expect(text).toContain('docker buildx bake -f docker-bake.hcl production');
    // CLI attestation flags would replace the bake file's `attest` (SLSA v1 provenance, mode=max).
    expect(text).not.toMatch(/--provenance|--sbom/);
    expect(text).toContain('--type slsaprovenance1');
    expect((doc.promote as Job).rules).toEqual([
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' },
      { if: '$CI_COMMIT_TAG', when: 'manual' },
    ]);
    expect(text).toContain('merge_request.create');
    expect((doc.publish as Job).variables).toMatchObject({
      DOCKER_TLS_CERTDIR: '/certs',
      DOCKER_HOST: 'tcp://docker:2376',
    });
  });

  it('federates cloud registries through id_tokens, stored credentials otherwise', () => {
    const aud = (reg: string) => {
      const { doc } = pipeline(`node-prisma-postgres tier 3 gitlab ${reg}`);
      return (doc.publish as Job).id_tokens ?? null;
    };
    expect(aud('ecr')).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
    expect(aud('gcr')).toEqual({
      GCP_ID_TOKEN: { aud: 'https://iam.googleapis.com/${GCP_WORKLOAD_IDENTITY_PROVIDER}' },
    });
    expect(aud('acr')).toEqual({ AZURE_ID_TOKEN: { aud: 'api://AzureADTokenExchange' } });
    expect(aud('hub')).toBeNull();
    expect(pipeline('node-prisma-postgres tier 3 gitlab harbor').text).toContain('"$HARBOR_PASSWORD"');
  });

  it('is deterministic', async () => {
    const again = await releaseSetup(cases[0]!);
    expect(fileAt(again, '.gitlab-ci.yml')?.content).toBe(pipeline(caseName(cases[0]!)).text);
  });

  it('snapshots', async () => {
    await expect(pipeline('node-prisma-postgres tier 3 gitlab hub').text).toMatchFileSnapshot(
      '__snapshots__/gitlab-node-tier3-hub.gitlab-ci.yml',
    );
    await expect(pipeline('node-prisma-postgres tier 4 gitlab ecr').text).toMatchFileSnapshot(
      '__snapshots__/gitlab-node-tier4-ecr.gitlab-ci.yml',
    );
  });
});

describe('TAGS_SCRIPT under /bin/sh', () => {
  const tags = (ref: string) =>
    execFileSync('/bin/sh', ['-c', `${TAGS_SCRIPT}\nprintf %s "$TAGS"`], {
      encoding: 'utf8',
      env: { GIT_REF: ref, GIT_SHA: '0123456789abcdef', PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
  it.each([
    ['v1.2.3', 'sha-0123456 1.2.3 1.2 1'],
    ['v1.2.3-rc.1', 'sha-0123456 1.2.3-rc.1'],
    ['main', 'sha-0123456 main'],
    ['feature/x', 'sha-0123456 feature-x'],
  ])('%s → %s', (ref, expected) => expect(tags(ref)).toBe(expected));
});
