import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, parse as parseYaml } from 'yaml';
import { planSetup, renderPlan } from '../../../src/generate/plan.js';
import { selfCheck } from '../../../src/generate/self-check.js';
import { digestsFor } from '../digests-double.js';
import {
  CI_PROVIDERS,
  caseName,
  FIXTURES,
  factsFor,
  REGISTRIES,
  RELEASE_FIXTURES,
  RELEASE_TIERS,
  releaseMatrix,
} from './matrix.js';

/**
 * The whole tier 3–4 matrix of issue 7 (fixtures × CI × registry × tier): the Dockerfile and compose files pass our
 * own review at the tier's profile (production at 3, hardened at 4) with zero findings, every file is
 * deterministic, YAML files parse, and the set of files matches what the tier promises.
 */
describe('tier 3–4 setups: review at the tier profile', () => {
  for (const fixture of RELEASE_FIXTURES) {
    for (const tier of RELEASE_TIERS) {
      it(`${fixture} tier ${tier}: zero findings at the ${tier === 4 ? 'hardened' : 'production'} profile`, async () => {
        const facts = await factsFor(fixture);
        const options = { tier, ci: 'github', registry: 'ghcr' } as const;
        const deps = tier === 4 ? { digests: digestsFor(facts, options) } : {};
        const plan = planSetup(facts, options, deps);
        expect(plan.profile).toBe(tier === 4 ? 'hardened' : 'production');
        const files = renderPlan(plan);
        const findings = await selfCheck(plan, files, { root: join(FIXTURES, fixture) });
        expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);
      });
    }
  }
});

describe('tier 3–4 matrix: every CI × registry combination', () => {
  const cases = releaseMatrix();
  it(`covers ${RELEASE_FIXTURES.length} fixtures × ${CI_PROVIDERS.length} CI × ${REGISTRIES.length} registries × 2 tiers`, () => {
    expect(cases).toHaveLength(RELEASE_FIXTURES.length * CI_PROVIDERS.length * REGISTRIES.length * 2);
  });
  it.each(cases.map((c) => [caseName(c), c] as const))('%s', async (_, c) => {
    const facts = await factsFor(c.fixture);
    const options = { tier: c.tier, ci: c.ci, registry: c.registry };
    const files = renderPlan(planSetup(facts, options));
    expect(renderPlan(planSetup(facts, options))).toEqual(files);
    for (const f of files.filter((x) => x.kind === 'yaml' || x.kind === 'compose')) {
      expect(() => parseYaml(f.content, { strict: true, uniqueKeys: true }), f.path).not.toThrow();
    }
    // parse → print is idempotent for the YAML files the release generators write.
    for (const f of files.filter((x) => x.kind === 'yaml')) {
      const again = parseDocument(f.content).toString({
        lineWidth: 0,
        indentSeq: true,
        blockQuote: 'literal',
      });
      expect(again, f.path).toBe(f.content);
    }
    // README.Docker.md says where the image goes and how to prepare the registry; OIDC set-up only where used.
    const readme = files.find((f) => f.path === 'README.Docker.md')!.content;
    const registry = readme.slice(readme.indexOf('## Registry: '), readme.indexOf('## Release pipeline'));
    expect(registry).toMatch(/^## Registry: \S/);
    expect(registry).toContain('The pipeline pushes `');
    const federated = ['ecr', 'gcr', 'acr'].includes(c.registry) && c.ci !== 'jenkins';
    expect(/OIDC|Workload Identity|federated credential/.test(registry), 'federation set-up').toBe(federated);
    const paths = files.map((f) => f.path);
    expect(new Set(paths).size, 'no path written twice').toBe(paths.length);
  });
});
