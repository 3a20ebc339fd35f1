// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written as ${{ … }}
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { printYaml } from '../../../src/generate/print/yaml.js';
import { ACTIONS } from '../../../src/generate/release/ci/actions.js';
import { githubPipeline } from '../../../src/generate/release/ci/github.js';
import { usedVariables } from '../../../src/generate/release/ci/github-registry.js';
import type { ReleaseContext } from '../../../src/generate/release/context.js';
import { caseName, FIXTURES, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * The GitHub Actions pipeline (`--ci github`) across its part of the matrix: 3 fixtures × 6 registries × tiers 3–4.
 * Workflows go through GitHub's own parser (@actions/workflow-parser 0.3.61), every `run:` script through
 * ShellCheck in one batch, dependabot.yml through a schema written from SchemaStore's dependabot-2.0.json keys.
 */

const CASES = releaseMatrix().filter((c) => c.ci === 'github');
const DOCKER = '.github/workflows/docker.yml';
const PROMOTE = '.github/workflows/promote.yml';
const DEPENDABOT = '.github/dependabot.yml';

let setups: ReleaseSetup[] = [];
beforeAll(async () => {
  setups = await Promise.all(CASES.map(releaseSetup));
});

type Step = Record<string, unknown> & { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = Record<string, unknown> & { steps: Step[]; permissions?: Record<string, string>; if?: string };
interface Workflow {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: Record<string, Job>;
}

function workflows(s: ReleaseSetup): { path: string; text: string; doc: Workflow }[] {
  return [DOCKER, PROMOTE].flatMap((path) => {
    const f = fileAt(s, path);
    return f ? [{ path, text: f.content, doc: parse(f.content) as Workflow }] : [];
  });
}

async function parserErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !result.value) return errors;
  const template = await convertWorkflowTemplate(result.context, result.value);
  return [...errors, ...(template.errors ?? []).map((e) => e.Message)];
}

describe('GitHub Actions pipeline files', () => {
  it('writes docker.yml and dependabot.yml at tiers 3–4, promote.yml at tier 4 only', () => {
    expect(setups).toHaveLength(36);
    for (const s of setups) {
      expect(fileAt(s, DOCKER), caseName(s)).toBeDefined();
      expect(fileAt(s, DEPENDABOT), caseName(s)).toBeDefined();
      expect(fileAt(s, PROMOTE) !== undefined, caseName(s)).toBe(s.tier === 4);
    }
  });

  it("parses every workflow with GitHub's workflow parser, zero errors", async () => {
    let parsed = 0;
    for (const s of setups) {
      for (const w of workflows(s)) {
        expect(await parserErrors(w.path, w.text), `${caseName(s)} ${w.path}`).toEqual([]);
        parsed++;
      }
    }
    expect(parsed).toBe(54); // 36 docker.yml + 18 promote.yml
  });

  it('the parser does reject a broken workflow (control)', async () => {
    const text = fileAt(setups[0]!, DOCKER)!.content.replace('timeout-minutes: 10', 'timeout-minute: 10');
    expect(await parserErrors('broken.yml', text)).not.toEqual([]);
  });

  it('pins every action to a 40-hex SHA from the table, with a version comment', () => {
    const known = new Map(Object.values(ACTIONS).map((a) => [`${a.repo}@${a.sha}`, a.version]));
    const seen = new Set<string>();
    for (const s of setups) {
      for (const w of workflows(s)) {
        const lines = w.text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          const m = /uses: ([\w.-]+\/[\w.-]+(?:\/[\w.-]+)*)@([0-9a-f]{40}) # (v\S+)$/.exec(line);
          expect(m, `${caseName(s)} ${w.path}: ${line}`).not.toBeNull();
          expect(known.get(`${m![1]}@${m![2]}`), line).toBe(m![3]);
          seen.add(m![1]!);
        }
      }
    }
    // No dead entries in the table.
    expect([...seen].sort()).toEqual(
      Object.values(ACTIONS)
        .map((a) => a.repo)
        .sort(),
    );
  });

  it('action table: full SHAs, versions, a note on where each was confirmed', () => {
    for (const a of Object.values(ACTIONS)) {
      expect(a.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(a.version).toMatch(/^v\d+(\.\d+){0,2}$/);
      expect(a.confirmedBy.length).toBeGreaterThan(10);
    }
  });
});

describe('least privilege and triggers', () => {
  const stepsOf = (job: Job) => job.steps;
  const usesAction = (step: Step, repo: string) =>
    typeof step.uses === 'string' && step.uses.startsWith(`${repo}@`);

  it('no default token permissions; write scopes only on the jobs that use them', () => {
    for (const s of setups) {
      for (const w of workflows(s)) {
        expect(w.doc.permissions, caseName(s)).toEqual({});
        for (const [id, job] of Object.entries(w.doc.jobs)) {
          const perms = job.permissions ?? {};
          const where = `${caseName(s)} ${w.path} ${id}`;
          const steps = stepsOf(job);
          const uploadsSarif = steps.some((st) => usesAction(st, 'github/codeql-action/upload-sarif'));
          expect(perms['security-events'] === 'write', where).toBe(uploadsSarif);
          const needsOidc = steps.some(
            (st) =>
              /cosign (sign|attest) /.test(st.run ?? '') ||
              usesAction(st, 'actions/attest-build-provenance') ||
              usesAction(st, 'aws-actions/configure-aws-credentials') ||
              usesAction(st, 'google-github-actions/auth') ||
              usesAction(st, 'azure/login'),
          );
          expect(perms['id-token'] === 'write', where).toBe(needsOidc);
          expect(perms.packages === 'write', where).toBe(id === 'publish' && s.registry === 'ghcr');
          expect(perms.attestations === 'write', where).toBe(id === 'publish' && s.tier === 4);
          expect(perms.contents, where).toBe('read');
        }
      }
    }
  });

  it('pushes, signs and attests only on the default branch and v* tags, never on pull requests', () => {
    for (const s of setups) {
      const doc = workflows(s)[0]!.doc;
      expect(Object.keys(doc.on).sort()).toEqual(['pull_request', 'push']);
      expect(doc.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
      for (const [id, job] of Object.entries(doc.jobs)) {
        const privileged = job.steps.some(
          (st) =>
            st.with?.push === true ||
            /cosign (sign|attest) /.test(st.run ?? '') ||
            usesAction(st, 'docker/login-action') ||
            usesAction(st, 'actions/attest-build-provenance'),
        );
        const guarded =
          job.if ===
          "github.event_name == 'push' && (github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v'))";
        expect(privileged ? guarded : true, `${caseName(s)} ${id}`).toBe(true);
      }
      expect(doc.jobs.publish!.if).toContain("github.event_name == 'push'");
    }
  });

  it('concurrency per ref, cancelling superseded pull-request runs; every job has a timeout', () => {
    for (const s of setups) {
      for (const w of workflows(s)) {
        for (const job of Object.values(w.doc.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
      }
      const doc = parse(fileAt(s, DOCKER)!.content) as Record<string, Record<string, string>>;
      expect(doc.concurrency).toEqual({
        group: '${{ github.workflow }}-${{ github.ref }}',
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      });
    }
  });

  it('no ${{ }} expression inside a run: script (untrusted input goes through env:)', () => {
    for (const s of setups) {
      for (const w of workflows(s)) {
        for (const job of Object.values(w.doc.jobs)) {
          for (const st of job.steps) if (st.run) expect(st.run, caseName(s)).not.toContain('${{');
        }
      }
    }
  });

  it('logs in to the registry the way the provider expects', () => {
    for (const s of setups) {
      const steps = workflows(s)[0]!.doc.jobs.publish!.steps;
      const login = steps.find((st) => usesAction(st, 'docker/login-action'));
      const has = (repo: string) => steps.some((st) => usesAction(st, repo));
      const where = caseName(s);
      switch (s.registry) {
        case 'ghcr':
          expect(login?.with, where).toEqual({
            registry: 'ghcr.io',
            username: '${{ github.actor }}',
            password: '${{ secrets.GITHUB_TOKEN }}',
          });
          break;
        case 'hub':
          expect(login?.with, where).toEqual({
            username: '${{ vars.DOCKERHUB_USERNAME }}',
            password: '${{ secrets.DOCKERHUB_TOKEN }}',
          });
          break;
        case 'harbor':
          expect(login?.with?.registry, where).toBe('${{ vars.HARBOR_HOST }}');
          expect(login?.with?.password, where).toBe('${{ secrets.HARBOR_PASSWORD }}');
          break;
        case 'ecr':
          expect(has('aws-actions/configure-aws-credentials'), where).toBe(true);
          expect(login?.with?.registry, where).toBe(
            '${{ vars.AWS_ACCOUNT_ID }}.dkr.ecr.${{ vars.AWS_REGION }}.amazonaws.com',
          );
          expect(JSON.stringify(steps), where).not.toContain('AWS_SECRET_ACCESS_KEY');
          break;
        case 'gcr':
          expect(has('google-github-actions/auth'), where).toBe(true);
          expect(login?.with?.username, where).toBe('oauth2accesstoken');
          expect(login?.with?.registry, where).toBe('${{ vars.GCP_REGION }}-docker.pkg.dev');
          break;
        case 'acr':
          expect(has('azure/login'), where).toBe(true);
          expect(
            steps.some((st) => st.run === 'az acr login --name "$ACR_NAME"'),
            where,
          ).toBe(true);
          break;
      }
    }
  });

  it('tier 4 builds with bake (metadata bake file, the bake file’s attestations) and attests provenance', () => {
    for (const s of setups.filter((x) => x.tier === 4)) {
      const steps = workflows(s)[0]!.doc.jobs.publish!.steps;
      const bake = steps.find((st) => st.id === 'bake');
      expect(bake?.with, caseName(s)).toMatchObject({
        files: 'docker-bake.hcl\ncwd://${{ steps.meta.outputs.bake-file }}',
        targets: 'production',
        push: true,
      });
      // The action's provenance/sbom inputs would replace the bake file's `attest` (SLSA v1, mode=max).
      expect(bake?.with).not.toHaveProperty('provenance');
      expect(bake?.with).not.toHaveProperty('sbom');
      const cosignProvenance = steps.findIndex((st) => /--type slsaprovenance1/.test(st.run ?? ''));
      const signature = steps.findIndex((st) => /cosign sign /.test(st.run ?? ''));
      expect(cosignProvenance, caseName(s)).toBeGreaterThan(signature);
      expect(signature).toBeGreaterThan(0);
      const attest = steps.find((st) => usesAction(st, 'actions/attest-build-provenance'));
      expect(attest?.with?.['push-to-registry']).toBe(true);
      expect(steps.some((st) => usesAction(st, 'docker/setup-qemu-action'))).toBe(
        s.context.platforms.some((p) => p !== 'linux/amd64'),
      );
      const hcl = fileAt(s, 'docker-bake.hcl');
      // Coordination with the bake generator, once it writes the file: the targets this workflow names exist.
      if (hcl) {
        expect(hcl.content).toMatch(/target "production"/);
        expect(hcl.content).toMatch(/target "docker-metadata-action"/);
      }
    }
  });
});

describe('run: scripts', () => {
  it('pass ShellCheck (one batch, bash, ${{ }} replaced by a variable)', () => {
    const scripts = new Map<string, string>();
    for (const s of setups) {
      for (const w of workflows(s)) {
        for (const job of Object.values(w.doc.jobs)) {
          for (const st of job.steps) {
            if (!st.run) continue;
            const body = st.run.replace(/\$\{\{[^}]*\}\}/g, '${GHA_EXPRESSION}');
            scripts.set(body, `${caseName(s)} ${w.path} ${String(st.name)}`);
          }
        }
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'dockwright-gh-'));
    try {
      const files = [...scripts.keys()].map((body, i) => {
        const file = join(dir, `step-${i}.sh`);
        writeFileSync(file, `#!/usr/bin/env bash\nset -eo pipefail\n${body}\n`);
        return file;
      });
      // Control: ShellCheck is really looking (an unquoted expansion must be reported).
      const control = join(dir, 'control.sh');
      writeFileSync(control, '#!/usr/bin/env bash\nrm $1\n');
      const ran = spawnSync('shellcheck', ['-f', 'json', '-s', 'bash', control], { encoding: 'utf8' });
      expect(JSON.parse(ran.stdout).length).toBeGreaterThan(0);

      const out = spawnSync('shellcheck', ['-f', 'json', '-s', 'bash', ...files], { encoding: 'utf8' });
      const findings = (JSON.parse(out.stdout) as { file: string; code: number; message: string }[]).map(
        (f) => `${scripts.get([...scripts.keys()][files.indexOf(f.file)]!)}: SC${f.code} ${f.message}`,
      );
      expect(findings).toEqual([]);
      expect(files.length).toBeGreaterThanOrEqual(12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ShellCheck is installed', () => {
    expect(execFileSync('shellcheck', ['--version'], { encoding: 'utf8' })).toMatch(/version: \d/);
  });
});

/**
 * Dependabot v2 keys, written from SchemaStore's dependabot-2.0.json (its `update` definition and ecosystem list);
 * only the subset the generator may use, with additionalProperties false so a misspelt key fails.
 */
const DEPENDABOT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'updates'],
  properties: {
    version: { const: 2 },
    updates: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['package-ecosystem', 'directory', 'schedule'],
        properties: {
          'package-ecosystem': {
            enum: [
              'bun',
              'bundler',
              'cargo',
              'composer',
              'devcontainers',
              'docker',
              'docker-compose',
              'dotnet-sdk',
              'elm',
              'gitsubmodule',
              'github-actions',
              'gomod',
              'gradle',
              'helm',
              'maven',
              'mix',
              'npm',
              'nuget',
              'pip',
              'pub',
              'swift',
              'terraform',
              'uv',
            ],
          },
          directory: { type: 'string', pattern: '^/' },
          schedule: {
            type: 'object',
            additionalProperties: false,
            required: ['interval'],
            properties: {
              interval: { enum: ['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly'] },
              day: { enum: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] },
            },
          },
          cooldown: {
            type: 'object',
            additionalProperties: false,
            properties: { 'default-days': { type: 'integer', minimum: 0 } },
          },
          groups: {
            type: 'object',
            minProperties: 1,
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['patterns'],
              properties: { patterns: { type: 'array', minItems: 1, items: { type: 'string' } } },
            },
          },
          'open-pull-requests-limit': { type: 'integer', minimum: 0 },
        },
      },
    },
  },
} as const;

const MANIFESTS: Record<string, string> = {
  npm: 'package.json',
  gomod: 'go.mod',
  uv: 'uv.lock',
  pip: 'pyproject.toml',
};

describe('dependabot.yml', () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(DEPENDABOT_SCHEMA);

  it('validates against the Dependabot v2 keys', () => {
    for (const s of setups) {
      const doc = parse(fileAt(s, DEPENDABOT)!.content);
      expect(validate(doc), `${caseName(s)} ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(
      validate({
        version: 2,
        updates: [
          { 'package-ecosystem': 'npm', directory: '/', schedule: { interval: 'weekly' }, lables: [] },
        ],
      }),
    ).toBe(false);
  });

  it('points at directories that exist: the Dockerfile’s, the app’s manifest, the compose files', () => {
    for (const s of setups) {
      const updates = (
        parse(fileAt(s, DEPENDABOT)!.content) as {
          updates: { 'package-ecosystem': string; directory: string }[];
        }
      ).updates;
      const byEcosystem = new Map(
        updates.map((u) => [u['package-ecosystem'], u.directory.replace(/^\//, '') || '.']),
      );
      expect(byEcosystem.get('github-actions')).toBe('.');
      const dockerDir = byEcosystem.get('docker')!;
      expect(fileAt(s, posix.join(dockerDir, 'Dockerfile')), caseName(s)).toBeDefined();
      if (byEcosystem.has('docker-compose')) expect(fileAt(s, 'compose.yaml')).toBeDefined();
      const app = [...byEcosystem.keys()].filter(
        (e) => !['github-actions', 'docker', 'docker-compose'].includes(e),
      );
      expect(app, caseName(s)).toHaveLength(1);
      const manifest = MANIFESTS[app[0]!]!;
      expect(existsSync(join(FIXTURES, s.fixture, byEcosystem.get(app[0]!)!, manifest)), caseName(s)).toBe(
        true,
      );
    }
  });
});

describe('README and decisions', () => {
  it('documents the pipeline, every variable the workflow reads, and verification commands', () => {
    for (const s of setups) {
      const readme = fileAt(s, 'README.Docker.md')!.content;
      expect(readme).toContain('## Release pipeline (GitHub Actions)');
      for (const v of usedVariables(s.context.registry))
        expect(readme, caseName(s)).toContain(`| \`${v.name}\` |`);
      for (const v of ['DEPLOY_REPO', 'DEPLOY_TOKEN'])
        expect(readme.includes(`| \`${v}\` |`)).toBe(s.tier === 4);
      expect(readme).toContain(
        'cosign verify "$IMAGE@$DIGEST" --certificate-oidc-issuer https://token.actions.githubusercontent.com',
      );
      expect(readme.includes('gh attestation verify "oci://$IMAGE@$DIGEST"')).toBe(s.tier === 4);
      // Every vars.X / secrets.X the workflows read is in the README table.
      const names = new Set(
        workflows(s).flatMap((w) =>
          [...w.text.matchAll(/\b(?:vars|secrets)\.([A-Z0-9_]+)/g)].map((m) => m[1]!),
        ),
      );
      names.delete('GITHUB_TOKEN');
      for (const n of names) expect(readme, `${caseName(s)} ${n}`).toContain(`| \`${n}\` |`);
    }
  });

  it('records the notable choices as decisions', () => {
    const s = setups[0]!;
    const topics = s.plan.decisions.map((d) => d.topic);
    for (const t of ['CI actions', 'image signing', 'build cache', 'scan before push', 'CI permissions']) {
      expect(topics).toContain(t);
    }
  });
});

describe('test stage', () => {
  const withTest = (ctx: ReleaseContext): ReleaseContext => ({
    ...ctx,
    stages: { ...ctx.stages, test: { stage: 'test', command: 'npm test', reason: 'the `test` script' } },
  });

  it('runs the test stage when the Dockerfile has one (tier 3 build-push, tier 4 bake), and says so when not', async () => {
    for (const s of setups.filter((x) => x.fixture === 'node-prisma-postgres' && x.registry === 'ghcr')) {
      const files = githubPipeline(withTest(s.context)).files;
      const text = printYaml((files[0] as { model: Parameters<typeof printYaml>[0] }).model);
      expect(await parserErrors('docker.yml', text)).toEqual([]);
      const steps = (parse(text) as Workflow).jobs.scan!.steps;
      const test = steps.find((st) => st.name === 'Test stage')!;
      if (s.tier === 3) expect(test.with).toMatchObject({ target: 'test', outputs: 'type=cacheonly' });
      else expect(test.with).toMatchObject({ targets: 'test', files: 'docker-bake.hcl' });
      // Without one (the fixtures today), a notice instead of a silent skip.
      const plain = workflows(s)[0]!.doc.jobs.scan!.steps.find((st) => st.name === 'Test stage')!.run ?? '';
      expect(s.context.stages.test === null ? plain : '::notice').toContain('::notice');
    }
  });
});

describe('snapshots and determinism', () => {
  const pick = (fixture: string, tier: 3 | 4, registry: string) =>
    setups.find((s) => s.fixture === fixture && s.tier === tier && s.registry === registry)!;

  it('node-prisma-postgres tier 3 ghcr', async () => {
    const s = pick('node-prisma-postgres', 3, 'ghcr');
    await expect(fileAt(s, DOCKER)!.content).toMatchFileSnapshot('__snapshots__/github-t3-ghcr-docker.yml');
    await expect(fileAt(s, DEPENDABOT)!.content).toMatchFileSnapshot(
      '__snapshots__/github-t3-ghcr-dependabot.yml',
    );
  });

  it('node-prisma-postgres tier 4 ecr', async () => {
    const s = pick('node-prisma-postgres', 4, 'ecr');
    await expect(fileAt(s, DOCKER)!.content).toMatchFileSnapshot('__snapshots__/github-t4-ecr-docker.yml');
    await expect(fileAt(s, PROMOTE)!.content).toMatchFileSnapshot('__snapshots__/github-t4-ecr-promote.yml');
  });

  it('renders byte-identical output twice', async () => {
    for (const c of CASES.filter((x) => x.fixture === 'go-gin-postgres')) {
      const a = await releaseSetup(c);
      const b = await releaseSetup(c);
      for (const path of [DOCKER, PROMOTE, DEPENDABOT])
        expect(fileAt(a, path)?.content).toBe(fileAt(b, path)?.content);
    }
  });
});
