import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  PROVENANCE_ATTEST_SCRIPT,
  policyGlob,
  SLSA_V1_PREDICATE,
} from '../../../src/generate/release/attestations.js';
import { keylessIdentity } from '../../../src/generate/release/shell.js';
import { caseName, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * Signing docs over the tier 3–4 matrix and the tier 4 admission policy (`deploy/cosign-policy.yaml`), checked
 * against Sigstore policy-controller's ClusterImagePolicy v1beta1: the CRD's schema fields and the webhook's
 * validation rules, both read from sigstore/policy-controller (config/300-clusterimagepolicy.yaml @ d0ac6a3,
 * pkg/apis/policy/v1beta1/clusterimagepolicy_validation.go @ 73a4e64), and its glob matching (pkg/apis/glob/glob.go).
 */

/** Every field path of the v1beta1 `spec` schema in config/300-clusterimagepolicy.yaml (`[]` = array items). */
const CIP_SPEC_FIELDS = new Set([
  'spec.authorities[].attestations[].name',
  'spec.authorities[].attestations[].predicateType',
  'spec.authorities[].attestations[].policy.configMapRef.name',
  'spec.authorities[].attestations[].policy.configMapRef.namespace',
  'spec.authorities[].attestations[].policy.data',
  'spec.authorities[].attestations[].policy.fetchConfigFile',
  'spec.authorities[].attestations[].policy.includeObjectMeta',
  'spec.authorities[].attestations[].policy.includeSpec',
  'spec.authorities[].attestations[].policy.includeTypeMeta',
  'spec.authorities[].attestations[].policy.type',
  'spec.authorities[].attestations[].policy.url',
  'spec.authorities[].ctlog.url',
  'spec.authorities[].key.data',
  'spec.authorities[].key.hashAlgorithm',
  'spec.authorities[].key.kms',
  'spec.authorities[].key.secretRef.name',
  'spec.authorities[].key.secretRef.namespace',
  'spec.authorities[].keyless.ca-cert.data',
  'spec.authorities[].keyless.ca-cert.kms',
  'spec.authorities[].keyless.ca-cert.secretRef.name',
  'spec.authorities[].keyless.identities[].issuer',
  'spec.authorities[].keyless.identities[].issuerRegExp',
  'spec.authorities[].keyless.identities[].subject',
  'spec.authorities[].keyless.identities[].subjectRegExp',
  'spec.authorities[].keyless.url',
  'spec.authorities[].name',
  'spec.authorities[].source[].oci',
  'spec.authorities[].source[].signaturePullSecrets[].name',
  'spec.authorities[].static.action',
  'spec.images[].glob',
  'spec.match[].group',
  'spec.match[].resource',
  'spec.match[].version',
  'spec.mode',
  'spec.policy.data',
  'spec.policy.type',
  'spec.policy.url',
]);
/** clusterimagepolicy_validation.go: `validPredicateTypes`, `validModes`, the glob character class. */
const PREDICATE_TYPES = new Set([
  'custom',
  'slsaprovenance',
  'spdx',
  'spdxjson',
  'cyclonedx',
  'link',
  'vuln',
]);
const MODES = new Set(['enforce', 'warn']);
const VALID_GLOB = /^[a-zA-Z0-9-_:/*.]+$/;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Field paths of a document's `spec`, arrays as `[]`. */
function paths(value: unknown, prefix: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, `${prefix}[]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => paths(v, `${prefix}.${k}`));
  return [prefix];
}

/** policy-controller's glob → regular expression (glob.go `Compile`: `**` any characters, `*` no `/`). */
function globRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/\./g, '\\.')
    .replace(/\*\*/g, '#')
    .replace(/\*/g, '[^/]*')
    .replace(/#/g, '.*');
  return new RegExp(`^${escaped}$`);
}

interface Authority {
  name?: string;
  key?: { data?: string; kms?: string; secretRef?: { name?: string } };
  keyless?: { url?: string; 'ca-cert'?: unknown; identities?: Record<string, string>[] };
  static?: unknown;
  attestations?: { name?: string; predicateType?: string }[];
}
interface Cip {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { images: { glob: string }[]; authorities: Authority[]; mode?: string };
}

/** The webhook's validation (ClusterImagePolicySpec.Validate and friends), as errors. */
function validate(doc: Cip): string[] {
  const errors: string[] = [];
  if (doc.apiVersion !== 'policy.sigstore.dev/v1beta1' || doc.kind !== 'ClusterImagePolicy')
    errors.push('type');
  if (!DNS1123.test(doc.metadata?.name ?? '')) errors.push('metadata.name');
  for (const p of paths(doc.spec, 'spec')) if (!CIP_SPEC_FIELDS.has(p)) errors.push(`unknown field ${p}`);
  if (!doc.spec.images?.length) errors.push('images');
  for (const { glob } of doc.spec.images ?? [])
    if (!glob || !VALID_GLOB.test(glob)) errors.push(`glob ${glob}`);
  if (doc.spec.mode && !MODES.has(doc.spec.mode)) errors.push('mode');
  for (const a of doc.spec.authorities ?? []) {
    const kinds = [a.key, a.keyless, a.static].filter(Boolean).length;
    if (kinds !== 1) errors.push('one of key, keyless, static');
    if (a.key && [a.key.data, a.key.kms, a.key.secretRef].filter(Boolean).length !== 1)
      errors.push('key source');
    if (a.key?.secretRef && !a.key.secretRef.name) errors.push('secretRef.name');
    if (a.keyless) {
      if (!a.keyless.url === !a.keyless['ca-cert']) errors.push('keyless url or ca-cert');
      if (!a.keyless.identities?.length) errors.push('identities');
      for (const id of a.keyless.identities ?? []) {
        if (!id.issuer === !id.issuerRegExp) errors.push('issuer xor issuerRegExp');
        if (!id.subject === !id.subjectRegExp) errors.push('subject xor subjectRegExp');
        for (const re of [id.issuerRegExp, id.subjectRegExp]) {
          if (re) {
            try {
              new RegExp(re);
            } catch {
              errors.push(`regexp ${re}`);
            }
          }
        }
      }
    }
    for (const att of a.attestations ?? []) {
      if (!att.name) errors.push('attestation name');
      const t = att.predicateType ?? '';
      if (!PREDICATE_TYPES.has(t) && !URL.canParse(t)) errors.push(`predicateType ${t}`);
    }
  }
  return errors;
}

const CASES = releaseMatrix();
const setups = new Map<string, ReleaseSetup>();
beforeAll(async () => {
  for (const c of CASES) setups.set(caseName(c), await releaseSetup(c));
});

const example = (s: ReleaseSetup) =>
  Object.fromEntries(s.context.registry.variables.map((v) => [v.name, v.example.toLowerCase() || 'x']));
const canonicalName = (s: ReleaseSetup) =>
  `${s.context.registry.canonicalHost}/${s.context.registry.repository}`.replace(
    /\{([A-Z0-9_]+)\}/g,
    (_, n) => example(s)[n]!,
  );

describe('deploy/cosign-policy.yaml (tier 4)', () => {
  const tier4 = () => [...setups.values()].filter((s) => s.tier === 4);

  it('is two ClusterImagePolicies that pass the CRD schema and the webhook validation, in all 72 tier 4 setups', () => {
    expect(tier4()).toHaveLength(72);
    for (const s of tier4()) {
      const file = fileAt(s, s.context.paths.cosignPolicy!)!;
      expect(file.content.startsWith('# Generated by `dockwright init` (tier 4)')).toBe(true);
      const docs = parseAllDocuments(file.content);
      expect(docs.map((d) => d.errors)).toEqual([[], []]);
      const [signed, provenance] = docs.map((d) => d.toJS() as Cip);
      expect(validate(signed!)).toEqual([]);
      expect(validate(provenance!)).toEqual([]);
      expect(signed!.metadata.name).not.toBe(provenance!.metadata.name);
      // Separate policies: policy-controller ANDs policies but ORs the authorities inside one.
      expect(signed!.spec.authorities).toHaveLength(1);
      expect(signed!.spec.authorities[0]!.attestations).toBeUndefined();
      expect(provenance!.spec.authorities).toHaveLength(1);
      expect(provenance!.spec.authorities[0]!.attestations).toEqual([
        { name: 'slsa-provenance', predicateType: SLSA_V1_PREDICATE },
      ]);
      expect(signed!.spec.mode).toBe('enforce');

      const id = keylessIdentity(s.context);
      for (const doc of [signed!, provenance!]) {
        const a = doc.spec.authorities[0]!;
        if (id) {
          expect(a.keyless!.identities).toEqual([{ issuer: id.issuer, subjectRegExp: id.identityRegexp }]);
          expect(a.key).toBeUndefined();
        } else {
          expect(a.key).toEqual({ secretRef: { name: 'cosign-pub' } });
        }
        // The glob covers this image (by digest and by tag) and not another repository.
        const re = globRegExp(doc.spec.images[0]!.glob);
        const name = canonicalName(s);
        expect(re.test(`${name}@sha256:${'a'.repeat(64)}`), `${doc.spec.images[0]!.glob} vs ${name}`).toBe(
          true,
        );
        expect(re.test(`${name}:1.2.3`)).toBe(true);
        expect(re.test(name.replace(new RegExp(`${s.context.image}$`), 'other-app:1.0'))).toBe(false);
      }
    }
  });

  it('the validation catches broken policies', () => {
    const base: Cip = {
      apiVersion: 'policy.sigstore.dev/v1beta1',
      kind: 'ClusterImagePolicy',
      metadata: { name: 'x' },
      spec: {
        images: [{ glob: 'ghcr.io/a/b**' }],
        authorities: [{ keyless: { url: 'https://f', identities: [{ issuer: 'i', subjectRegExp: '^a$' }] } }],
      },
    };
    expect(validate(base)).toEqual([]);
    const withKey = structuredClone(base);
    withKey.spec.authorities[0]!.key = { secretRef: { name: 'k' } };
    expect(validate(withKey)).toContain('one of key, keyless, static');
    const badGlob = structuredClone(base);
    badGlob.spec.images[0]!.glob = 'ghcr.io/{OWNER}/b@sha256:*';
    expect(validate(badGlob)).toEqual(['glob ghcr.io/{OWNER}/b@sha256:*']);
    const typo = structuredClone(base) as unknown as { spec: { authorities: Record<string, unknown>[] } };
    typo.spec.authorities[0]!.attestation = [{ name: 'p' }];
    expect(validate(typo as unknown as Cip)).toEqual(['unknown field spec.authorities[].attestation[].name']);
    const badType = structuredClone(base);
    badType.spec.authorities[0]!.attestations = [{ name: 'p', predicateType: 'slsa provenance' }];
    expect(validate(badType)).toEqual(['predicateType slsa provenance']);
  });

  it('the keyless identity admits the default branch and release tags only', () => {
    const s = setups.get(
      caseName({ fixture: 'node-prisma-postgres', ci: 'github', registry: 'ghcr', tier: 4 }),
    )!;
    const subject = new RegExp(keylessIdentity(s.context)!.identityRegexp.replace('OWNER/REPO', 'acme/shop'));
    const wf = 'https://github.com/acme/shop/.github/workflows/docker.yml';
    expect(subject.test(`${wf}@refs/heads/main`)).toBe(true);
    expect(subject.test(`${wf}@refs/tags/v1.2.3`)).toBe(true);
    expect(subject.test(`${wf}@refs/heads/feature`)).toBe(false);
    expect(subject.test(`https://github.com/evil/shop/.github/workflows/docker.yml@refs/heads/main`)).toBe(
      false,
    );
  });

  it('tier 3 writes no policy', () => {
    for (const s of setups.values())
      if (s.tier === 3) expect(s.files.some((f) => f.path.endsWith('cosign-policy.yaml'))).toBe(false);
  });

  it('the glob is what policy-controller accepts for every registry', () => {
    for (const s of tier4()) expect(policyGlob(s.context)).toMatch(VALID_GLOB);
  });
});

describe('README: signing and verification', () => {
  it('says what is signed and how to verify it, keyless or with a key, in all 144 setups', () => {
    expect(setups.size).toBe(144);
    for (const s of setups.values()) {
      const readme = fileAt(s, 'README.Docker.md')!.content;
      expect(readme).toContain('## Signing and verification');
      expect(readme).toContain('### Verify a pushed image');
      expect(readme).toMatch(/cosign verify .*"\$IMAGE@\$DIGEST"/);
      const id = keylessIdentity(s.context);
      if (id) {
        expect(readme).toContain(`--certificate-oidc-issuer ${id.issuer}`);
        expect(readme).not.toContain('cosign generate-key-pair          #');
      } else {
        expect(readme).toContain('cosign generate-key-pair');
        expect(readme).toContain('cosign verify --key cosign.pub "$IMAGE@$DIGEST"');
      }
      if (s.tier === 4) {
        expect(readme).toContain('## SBOM and provenance');
        expect(readme).toContain(`--format '{{ json .Provenance }}'`);
        expect(readme).toContain('cosign verify-attestation --type slsaprovenance1');
        expect(readme).toContain(s.context.paths.cosignPolicy!);
      }
      expect(s.plan.decisions.some((d) => d.topic === 'signed reference')).toBe(true);
    }
  });

  it('the provenance attestation script passes ShellCheck', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockwright-signing-'));
    const script = join(dir, 'attest.sh');
    writeFileSync(script, `#!/bin/sh\nset -eu\n${PROVENANCE_ATTEST_SCRIPT}\n`);
    const control = join(dir, 'control.sh');
    writeFileSync(control, '#!/bin/sh\necho $UNQUOTED\n');
    // The control proves ShellCheck runs and reports (SC2086); the script must have no findings.
    expect(spawnSync('shellcheck', ['-s', 'sh', control]).status).toBe(1);
    const run = spawnSync('shellcheck', ['-s', 'sh', script], { encoding: 'utf8' });
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('is deterministic and matches the snapshots', async () => {
    for (const [fixture, ci, registry] of [
      ['node-prisma-postgres', 'github', 'ghcr'],
      ['go-gin-postgres', 'gitlab', 'ecr'],
    ] as const) {
      const first = setups.get(caseName({ fixture, ci, registry, tier: 4 }))!;
      const again = await releaseSetup({ fixture, ci, registry, tier: 4 });
      const text = fileAt(first, 'deploy/cosign-policy.yaml')!.content;
      expect(fileAt(again, 'deploy/cosign-policy.yaml')!.content).toBe(text);
      await expect(text).toMatchFileSnapshot(
        `__snapshots__/signing-policy-${fixture}-${ci}-${registry}.yaml`,
      );
    }
  });
});
