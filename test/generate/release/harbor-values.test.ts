import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HARBOR_SECRETS, HARBOR_TLS_SECRET } from '../../../src/generate/release/harbor-secrets.js';
import {
  CI_PROVIDERS,
  caseName,
  fileAt,
  REGISTRIES,
  RELEASE_FIXTURES,
  type ReleaseSetup,
  releaseSetup,
} from './matrix.js';

/**
 * deploy/harbor-values.yaml for every tier-4 setup: valid YAML, only keys the goharbor/harbor-helm chart defines,
 * the blocks a production install needs, no published default credential anywhere, and every secret it names
 * documented (with a `kubectl create secret` command holding the keys the chart reads).
 */

/**
 * goharbor/harbor-helm `values.yaml` at commit 0023d0837fd6b5d21be216330fa0f2b337f66be9 (the stored copy read for
 * issue 7; no notary/chartmuseum, has trace/cache/containerSecurityContext, i.e. the 1.1x line the 1.19 chart
 * continues). Top-level keys, plus the three the file documents as commented-out keys.
 */
const CHART_TOP_LEVEL_KEYS = new Set([
  'expose',
  'externalURL',
  'persistence',
  'existingSecretAdminPasswordKey',
  'harborAdminPassword',
  'internalTLS',
  'ipFamily',
  'imagePullPolicy',
  'imagePullSecrets',
  'updateStrategy',
  'logLevel',
  'caSecretName',
  'secretKey',
  'existingSecretSecretKey',
  'proxy',
  'enableMigrateHelmHook',
  'metrics',
  'trace',
  'cache',
  'containerSecurityContext',
  'nginx',
  'portal',
  'core',
  'jobservice',
  'registry',
  'trivy',
  'database',
  'redis',
  'exporter',
  // Commented-out in values.yaml, documented there as settable:
  'existingSecretAdminPassword',
  'caBundleSecretName',
  'uaaSecretName',
]);

/** Nested paths (same source) below the blocks the generated file sets; a leaf we write must be one of them. */
const CHART_PATHS = new Set([
  'expose.type',
  'expose.tls.enabled',
  'expose.tls.certSource',
  'expose.tls.auto.commonName',
  'expose.tls.secret.secretName',
  'expose.ingress.hosts.core',
  'expose.ingress.controller',
  'expose.ingress.className',
  'expose.ingress.annotations',
  'persistence.enabled',
  'persistence.resourcePolicy',
  ...['registry', 'database', 'redis', 'trivy'].flatMap((c) =>
    ['existingClaim', 'storageClass', 'subPath', 'accessMode', 'size'].map(
      (k) => `persistence.persistentVolumeClaim.${c}.${k}`,
    ),
  ),
  ...['existingClaim', 'storageClass', 'subPath', 'accessMode', 'size'].map(
    (k) => `persistence.persistentVolumeClaim.jobservice.jobLog.${k}`,
  ),
  'persistence.imageChartStorage.disableredirect',
  'persistence.imageChartStorage.type',
  'registry.credentials.username',
  'registry.credentials.password',
  'registry.credentials.existingSecret',
  'registry.existingSecret',
  'trivy.enabled',
  'trivy.vulnType',
  'trivy.severity',
  'trivy.ignoreUnfixed',
  'trivy.insecure',
  'trivy.skipUpdate',
  'trivy.skipJavaDBUpdate',
  'trivy.offlineScan',
  'trivy.securityCheck',
  'trivy.timeout',
  'database.type',
  ...['host', 'port', 'username', 'password', 'coreDatabase', 'existingSecret', 'sslmode'].map(
    (k) => `database.external.${k}`,
  ),
  'redis.type',
  'redis.external.addr',
  'redis.external.existingSecret',
]);

/** Secret keys the chart reads (same values.yaml comments): values key → keys inside the secret. */
const CHART_SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  existingSecretSecretKey: ['secretKey'],
  'registry.credentials.existingSecret': ['REGISTRY_PASSWD', 'REGISTRY_HTPASSWD'],
  'database.external.existingSecret': ['password'],
  'redis.external.existingSecret': ['REDIS_PASSWORD'],
};

/** The chart's published default credentials (values.yaml) — none may appear in anything we generate. */
const DEFAULT_SECRETS = ['Harbor12345', 'not-a-secure-key', 'changeit', 'harbor_registry_password'];
/** Keys that would hold a credential inline. */
const INLINE_SECRET_KEY =
  /^(harborAdminPassword|secretKey|password|secret|accesskey|secretkey|accountkey|gitHubToken|xsrfKey|tokenKey)$/;

const tier4 = RELEASE_FIXTURES.flatMap((fixture) =>
  CI_PROVIDERS.flatMap((ci) => REGISTRIES.map((registry) => ({ fixture, ci, registry, tier: 4 as const }))),
);
const setups = new Map<string, ReleaseSetup>();
beforeAll(async () => {
  for (const c of tier4) setups.set(caseName(c), await releaseSetup(c));
});

type Tree = Record<string, unknown>;
function valuesOf(s: ReleaseSetup): { text: string; doc: Tree } {
  expect(s.context.paths.harborValues).toBe('deploy/harbor-values.yaml');
  const file = fileAt(s, 'deploy/harbor-values.yaml');
  expect(file, 'harbor values generated').toBeDefined();
  expect(file!.kind).toBe('yaml');
  return { text: file!.content, doc: parseYaml(file!.content, { strict: true, uniqueKeys: true }) as Tree };
}

function leaves(v: unknown, prefix = ''): [string, unknown][] {
  if (typeof v === 'object' && v !== null && !Array.isArray(v))
    return Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k));
  return [[prefix, v]];
}

const get = (doc: Tree, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o as Tree | undefined)?.[k], doc);

describe('Harbor values (every tier-4 setup)', () => {
  it(`covers ${tier4.length} tier-4 setups`, () => expect(setups.size).toBe(tier4.length));

  it("uses only the chart's keys", () => {
    for (const [name, s] of setups) {
      const { doc } = valuesOf(s);
      for (const k of Object.keys(doc))
        expect(CHART_TOP_LEVEL_KEYS.has(k), `${name}: top-level ${k}`).toBe(true);
      for (const [path] of leaves(doc)) {
        if (!path.includes('.')) continue;
        expect(CHART_PATHS.has(path), `${name}: ${path}`).toBe(true);
      }
    }
  });

  it('has the blocks a production install needs', () => {
    for (const [name, s] of setups) {
      const { doc } = valuesOf(s);
      expect(get(doc, 'expose.type'), name).toBe('ingress');
      expect(get(doc, 'expose.tls.enabled')).toBe(true);
      expect(get(doc, 'expose.tls.certSource')).toBe('secret');
      expect(get(doc, 'expose.tls.secret.secretName')).toBe(HARBOR_TLS_SECRET);
      const host = get(doc, 'expose.ingress.hosts.core');
      expect(get(doc, 'externalURL')).toBe(`https://${host}`);
      expect(get(doc, 'persistence.enabled')).toBe(true);
      expect(get(doc, 'persistence.resourcePolicy')).toBe('keep');
      expect(get(doc, 'persistence.persistentVolumeClaim.registry.size')).toMatch(/^\d+Gi$/);
      expect(get(doc, 'trivy.enabled')).toBe(true);
      expect(get(doc, 'trivy.ignoreUnfixed')).toBe(false);
      expect(get(doc, 'database.type')).toBe('external');
      expect(get(doc, 'database.external.existingSecret')).toEqual(expect.any(String));
      expect(get(doc, 'existingSecretAdminPassword')).toEqual(expect.any(String));
      expect(get(doc, 'existingSecretAdminPasswordKey')).toBe('HARBOR_ADMIN_PASSWORD');
      expect(get(doc, 'existingSecretSecretKey')).toEqual(expect.any(String));
    }
  });

  it('holds no credential: no chart default anywhere, no inline secret value', () => {
    for (const [name, s] of setups) {
      const { text, doc } = valuesOf(s);
      const readme = fileAt(s, 'README.Docker.md')?.content ?? '';
      const compliance = fileAt(s, 'COMPLIANCE.md')?.content ?? '';
      for (const d of DEFAULT_SECRETS) {
        expect(text.includes(d), `${name}: ${d} in values`).toBe(false);
        expect(readme.includes(d), `${name}: ${d} in README`).toBe(false);
        expect(compliance.includes(d), `${name}: ${d} in COMPLIANCE.md`).toBe(false);
      }
      for (const [path, v] of leaves(doc)) {
        const key = path.split('.').pop()!;
        if (INLINE_SECRET_KEY.test(key)) expect(v, `${name}: ${path} is inline`).toBeUndefined();
      }
    }
  });

  it('documents every secret it references, with the keys the chart reads', () => {
    for (const [name, s] of setups) {
      const { text, doc } = valuesOf(s);
      const readme = fileAt(s, 'README.Docker.md')!.content;
      const referenced = leaves(doc).filter(
        ([path, v]) =>
          typeof v === 'string' && /(^|\.)existingSecret(AdminPassword|SecretKey)?$|secretName$/.test(path),
      );
      expect(referenced.length, name).toBeGreaterThanOrEqual(5);
      for (const [path, secret] of referenced) {
        const created = new RegExp(`create secret (generic|tls) ${secret}\\b`);
        expect(created.test(readme), `${name}: README creates ${secret}`).toBe(true);
        expect(
          text.includes(`${secret}:`) || text.includes(`"${secret}"`),
          `${name}: values comments name ${secret}`,
        ).toBe(true);
        const keys =
          path === 'existingSecretAdminPassword'
            ? [String(get(doc, 'existingSecretAdminPasswordKey'))]
            : path.endsWith('secretName')
              ? []
              : (CHART_SECRET_KEYS[path] ?? []);
        expect(keys.length > 0 || path.endsWith('secretName'), `${name}: known keys for ${path}`).toBe(true);
        const block = readme.slice(readme.search(created));
        for (const k of keys)
          expect(block, `${name}: ${secret} gets key ${k}`).toContain(`--from-literal=${k}=`);
      }
      expect(HARBOR_SECRETS.every((h) => referenced.some(([, v]) => v === h.name))).toBe(true);
    }
  });

  it('says in README and values whether the pipeline uses Harbor', () => {
    for (const [name, s] of setups) {
      const { text } = valuesOf(s);
      const readme = fileAt(s, 'README.Docker.md')!.content;
      expect(readme, name).toContain('## Harbor (deploy/harbor-values.yaml)');
      if (s.registry === 'harbor') expect(text).toContain('HARBOR_HOST');
      else expect(readme).toContain('applies only if you run Harbor yourself');
    }
  });

  it('README shell blocks pass ShellCheck', () => {
    const s = setups.get(
      caseName({ fixture: 'node-prisma-postgres', ci: 'github', registry: 'harbor', tier: 4 }),
    )!;
    const readme = fileAt(s, 'README.Docker.md')!.content;
    const section = readme.slice(
      readme.indexOf('## Harbor'),
      readme.indexOf('\n## ', readme.indexOf('## Harbor') + 3),
    );
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(2);
    const script = `#!/bin/bash\n${blocks.join('\n')}`;
    expect(() =>
      execFileSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' }),
    ).not.toThrow();
  });

  it('snapshot: node-prisma-postgres tier 4 github ghcr', async () => {
    const s = setups.get(
      caseName({ fixture: 'node-prisma-postgres', ci: 'github', registry: 'ghcr', tier: 4 }),
    )!;
    await expect(valuesOf(s).text).toMatchFileSnapshot(
      '__snapshots__/harbor-values.node-prisma-postgres.yaml',
    );
  });
});
