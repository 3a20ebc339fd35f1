import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { PROVENANCE_ATTEST_SCRIPT } from '../../../src/generate/release/attestations.js';
import { registryPrefix } from '../../../src/generate/release/bake.js';
import type { CiProvider } from '../../../src/generate/types.js';
import { dedentScript, leafStages, only, parseBlocks, shSteps, stageName } from './groovy-check.js';
import { caseName, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * The four pipelines against each other and against what the signing docs, the admission policy and the bake file
 * expect, over the whole matrix (3 fixtures × 4 CIs × 6 registries × tiers 3–4 = 144 setups):
 * - the signing script of each pipeline signs the digest, attests the CycloneDX SBOM with the same signing flags,
 *   and at tier 4 re-signs BuildKit's SLSA provenance (PROVENANCE_ATTEST_SCRIPT) after the signature, with
 *   `$COSIGN_SIGN_ARGS` equal to those flags (empty for keyless GitHub/GitLab, the key for Jenkins/CircleCI);
 * - every `cosign verify-attestation --type X` in README.Docker.md is attested by the pipeline, and back;
 * - the admission policy's authority (keyless identity or key) matches how the pipeline signs;
 * - every `docker buildx bake` gets REGISTRY/IMAGE/TAG exactly as docker-bake.hcl defines them, and no attestation
 *   flag or input overrides the bake file's `attest`;
 * - every variable a GitLab or CircleCI script reads is set by the pipeline, predefined by the CI, or documented.
 */

const CASES = releaseMatrix();
let setups: ReleaseSetup[] = [];
beforeAll(async () => {
  setups = await Promise.all(CASES.map(releaseSetup));
});

type Obj = Record<string, unknown>;
const text = (s: ReleaseSetup, path: string) => fileAt(s, path)?.content ?? '';

/** The script(s) that sign and attest the pushed digest, as one shell text per CI. */
function signingScript(s: ReleaseSetup): string {
  const pipeline = text(s, s.context.paths.pipeline);
  switch (s.ci) {
    case 'github': {
      const steps = (parseYaml(pipeline) as { jobs: Record<string, { steps: Obj[] }> }).jobs.publish!.steps;
      // Step env becomes shell assignments, so every CI's script reads the same way.
      return steps
        .filter((st) => typeof st.run === 'string' && /\bcosign\b/.test(st.run as string))
        .map((st) => {
          const env = Object.entries((st.env as Record<string, string>) ?? {}).map(([k, v]) => `${k}="${v}"`);
          return [...env, st.run as string].join('\n');
        })
        .join('\n');
    }
    case 'gitlab': {
      const sign = (parseYaml(pipeline) as Record<string, { script: string[] }>).sign!;
      return sign.script.join('\n');
    }
    case 'circleci': {
      const job = (parseYaml(pipeline) as { jobs: Record<string, { steps: Obj[] }> }).jobs.sign!;
      return job.steps.map((st) => (st.run as { command?: string } | undefined)?.command ?? '').join('\n');
    }
    case 'jenkins':
      return jenkinsStageScript(pipeline, 'Sign');
  }
}

function jenkinsStageScript(jenkinsfile: string, stage: string): string {
  const stages = only(only(parseBlocks(jenkinsfile), 'pipeline'), 'stages');
  const st = leafStages(stages).find((n) => stageName(n) === stage)!;
  return shSteps([st])
    .map((x) => dedentScript(x.script.value))
    .join('\n');
}

/** The flags between `cosign sign --yes` and the image reference, quotes removed (`''` when keyless). */
function signFlags(script: string): string {
  const m = /cosign sign --yes (.*?)"\$IMAGE@/.exec(script);
  if (!m) throw new Error(`no cosign sign in:\n${script}`);
  return m[1]!.replace(/"/g, '').trim();
}

const KEYLESS: Readonly<Record<CiProvider, boolean>> = {
  github: true,
  gitlab: true,
  jenkins: false,
  circleci: false,
};

describe('signing and attestations across the four pipelines', () => {
  it('covers 144 setups', () => expect(setups).toHaveLength(144));

  it('sign, then attest the CycloneDX SBOM with the same flags; tier 4 re-signs the SLSA provenance after', () => {
    let provenance = 0;
    for (const s of setups) {
      const where = caseName(s);
      const script = signingScript(s);
      const flags = signFlags(script);
      expect(flags === '', where).toBe(KEYLESS[s.ci]);
      const attests = [...script.matchAll(/cosign attest --yes (.*?)--type (\S+)/g)].map((m) => ({
        flags: m[1]!.replace(/"/g, '').trim(),
        type: m[2]!,
      }));
      // `$COSIGN_SIGN_ARGS` is the provenance script's way to the same flags.
      const cyclonedx = attests.filter((a) => a.type === 'cyclonedx');
      expect(cyclonedx, where).toHaveLength(1);
      expect(cyclonedx[0]!.flags, where).toBe(flags);
      const signAt = script.indexOf('cosign sign ');
      expect(script.indexOf('--type cyclonedx'), where).toBeGreaterThan(signAt);
      const provenanceAt = script.indexOf(PROVENANCE_ATTEST_SCRIPT);
      if (s.tier === 3) {
        expect(provenanceAt, where).toBe(-1);
        continue;
      }
      expect(provenanceAt, where).toBeGreaterThan(signAt);
      const args = [...script.slice(0, provenanceAt).matchAll(/COSIGN_SIGN_ARGS="([^"]*)"/g)].at(-1)?.[1];
      expect(args?.replace(/"/g, ''), where).toBe(flags.replace(/"/g, ''));
      // The script's other inputs are set before it runs.
      expect(script.slice(0, provenanceAt), where).toMatch(/\bDIGEST="/);
      provenance++;
    }
    expect(provenance).toBe(72);
  });

  it('the sign-flag reader does fail on a script without a signature (control)', () => {
    expect(() => signFlags('cosign attest --yes --type cyclonedx "$IMAGE@$DIGEST"')).toThrow();
  });

  it('every verify-attestation type in README.Docker.md is attested by the pipeline, and back', () => {
    for (const s of setups) {
      const where = caseName(s);
      const readme = text(s, 'README.Docker.md');
      const documented = new Set(
        [...readme.matchAll(/cosign verify-attestation --type ([a-z0-9]+)/g)].map((m) => m[1]!),
      );
      const script = signingScript(s);
      const attested = new Set(
        [...script.matchAll(/cosign attest --yes .*?--type ([a-z0-9]+)/g)].map((m) => m[1]!),
      );
      if (script.includes(PROVENANCE_ATTEST_SCRIPT)) attested.add('slsaprovenance1');
      expect([...documented].sort(), where).toEqual([...attested].sort());
      expect(attested.has('slsaprovenance1'), where).toBe(s.tier === 4);
    }
  });

  it('the admission policy trusts exactly the signer the pipeline uses', () => {
    for (const s of setups.filter((x) => x.tier === 4)) {
      const where = caseName(s);
      const docs = parseAllDocuments(text(s, s.context.paths.cosignPolicy!)).map(
        (d) => d.toJS() as { spec: { authorities: Obj[] } },
      );
      expect(docs, where).toHaveLength(2);
      const keyless = signFlags(signingScript(s)) === '';
      for (const doc of docs) {
        const authority = doc.spec.authorities[0]!;
        expect('keyless' in authority, where).toBe(keyless);
        expect('key' in authority, where).toBe(!keyless);
      }
      // The provenance policy requires the predicate the pipeline attests (cosign's slsaprovenance1).
      expect(JSON.stringify(docs[1]), where).toContain('https://slsa.dev/provenance/v1');
    }
  });
});

describe('bake gets its own REGISTRY, IMAGE and TAG', () => {
  const shellVar = (v: string) => `\${${v}}`;

  it('GitLab, CircleCI and Jenkins set them on the bake command itself, from the registry prefix', () => {
    let checked = 0;
    for (const s of setups.filter((x) => x.tier === 4 && x.ci !== 'github')) {
      const where = caseName(s);
      const pipeline = text(s, s.context.paths.pipeline);
      // Backslash-continued lines joined: the variables may sit on the line before `docker buildx bake`.
      const joined = pipeline.replace(/\\\n\s*/g, '');
      const calls = joined.split('\n').filter((l) => l.includes('docker buildx bake'));
      expect(calls.length, where).toBeGreaterThan(0);
      const expected = `REGISTRY="${registryPrefix(s.context, shellVar)}" IMAGE="${s.context.image}" TAG="`;
      for (const call of calls) {
        expect(call, where).toContain(expected);
        // CLI attestation flags would replace the bake file's `attest`.
        expect(call, where).not.toMatch(/--provenance|--sbom|--attest/);
        checked++;
      }
      // REGISTRY and TAG are never set job-wide. IMAGE is (the full name every signing/promotion script expects,
      // shell.ts and attestations.ts), which is why each bake call above overrides it for itself.
      expect(pipeline, where).not.toMatch(/export (REGISTRY|TAG)=/);
      expect(pipeline, where).not.toMatch(/^\s*(REGISTRY|TAG)( =|:) /m);
    }
    expect(checked).toBe(54);
  });

  it('GitHub sets none of them for the bake steps and overrides no attestation', () => {
    let checked = 0;
    for (const s of setups.filter((x) => x.tier === 4 && x.ci === 'github')) {
      const where = caseName(s);
      const wf = parseYaml(text(s, s.context.paths.pipeline)) as {
        env?: Obj;
        jobs: Record<string, { env?: Obj; steps: Obj[] }>;
      };
      const names = ['REGISTRY', 'IMAGE', 'TAG'];
      for (const n of names) expect(wf.env ?? {}, where).not.toHaveProperty(n);
      for (const job of Object.values(wf.jobs)) {
        if (!job.steps.some((st) => String(st.uses ?? '').startsWith('docker/bake-action@'))) continue;
        for (const n of names) expect(job.env ?? {}, where).not.toHaveProperty(n);
        for (const st of job.steps) {
          expect(String(st.run ?? ''), where).not.toMatch(/\b(REGISTRY|IMAGE|TAG)=.*GITHUB_ENV/);
          if (!String(st.uses ?? '').startsWith('docker/bake-action@')) continue;
          for (const n of names) expect((st.env as Obj | undefined) ?? {}, where).not.toHaveProperty(n);
          for (const input of ['provenance', 'sbom']) expect(st.with, where).not.toHaveProperty(input);
          checked++;
        }
      }
    }
    // 18 workflows, each with the local build and the publish bake (plus the test stage where there is one).
    expect(checked).toBeGreaterThanOrEqual(36);
  });
});

/** Variables a CI provides to every job (GitLab predefined `CI_*`, CircleCI `CIRCLE_*`) or the shell itself. */
const PROVIDED = /^(CI_\w+|CIRCLE_\w+|HOME|PWD|BASH_ENV|DOCKER_CONFIG|PATH)$/;

function scriptsOf(s: ReleaseSetup): { scripts: string; defined: Set<string> } {
  const doc = parseYaml(text(s, s.context.paths.pipeline)) as Obj;
  const defined = new Set<string>();
  const scripts: string[] = [];
  const addKeys = (o: unknown) => {
    for (const k of Object.keys((o as Obj | undefined) ?? {})) defined.add(k);
  };
  if (s.ci === 'gitlab') {
    addKeys(doc.variables);
    for (const job of Object.values(doc)) {
      if (typeof job !== 'object' || job === null || Array.isArray(job)) continue;
      const j = job as Obj;
      addKeys(j.variables);
      addKeys(j.id_tokens);
      for (const key of ['before_script', 'script', 'after_script'])
        if (Array.isArray(j[key])) scripts.push(...(j[key] as string[]));
    }
  } else {
    for (const job of Object.values((doc.jobs as Record<string, { steps: Obj[] }>) ?? {}))
      for (const st of job.steps) {
        const command = (st.run as { command?: string } | undefined)?.command;
        if (command) scripts.push(command);
      }
  }
  const all = scripts.join('\n');
  for (const m of all.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)) defined.add(m[1]!);
  return { scripts: all, defined };
}

/** Variables the scripts read that nothing sets, the CI does not provide and `section` does not name. */
function undocumented(s: ReleaseSetup, section: string): { read: string[]; missing: string[] } {
  const { scripts, defined } = scriptsOf(s);
  const read = [...new Set([...scripts.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!))];
  const missing = read
    .filter((v) => !defined.has(v) && !PROVIDED.test(v))
    .filter((v) => !section.includes(`\`${v}\``));
  return { read, missing };
}

function readmeSection(s: ReleaseSetup, heading: string): string {
  const readme = text(s, 'README.Docker.md');
  const start = readme.indexOf(`## ${heading}\n`);
  if (start < 0) return '';
  const next = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe('GitLab and CircleCI: every variable a script reads is documented', () => {
  it.each(['gitlab', 'circleci'] as const)('%s', (ci) => {
    const heading = ci === 'gitlab' ? 'Release pipeline (GitLab CI)' : 'Release pipeline (CircleCI)';
    let checked = 0;
    for (const s of setups.filter((x) => x.ci === ci)) {
      const section = readmeSection(s, heading);
      expect(section, caseName(s)).not.toBe('');
      const { read, missing } = undocumented(s, section);
      expect(missing, caseName(s)).toEqual([]);
      checked += read.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the check does find an undocumented variable (control)', () => {
    const s = setups.find((x) => x.ci === 'gitlab' && x.tier === 4)!;
    const section = readmeSection(s, 'Release pipeline (GitLab CI)').replaceAll(
      '`DEPLOY_REPO`',
      'DEPLOY_REPO',
    );
    expect(undocumented(s, section).missing).toEqual(['DEPLOY_REPO']);
  });
});
