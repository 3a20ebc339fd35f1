import { describe, expect, it } from 'vitest';
import { runChecklist } from '../../../src/generate/checklist.js';
import { planSetup, renderPlan } from '../../../src/generate/plan.js';
import type { RenderedFile } from '../../../src/generate/types.js';
import { digestsFor } from '../digests-double.js';
import { factsFor } from './matrix.js';

/**
 * The spec's tier 3–4 checklist items turn red when the thing they check is missing: each case removes or
 * edits one generated file and expects exactly its item to fail (the setup suites prove they pass).
 */
describe('tier 3–4 checklist items fail when their output is missing', async () => {
  const facts = await factsFor('node-prisma-postgres');
  const options = { tier: 4, ci: 'github', registry: 'ghcr' } as const;
  const plan = planSetup(facts, options, { digests: digestsFor(facts, options) });
  const files = renderPlan(plan);
  const failing = (edited: RenderedFile[]) =>
    runChecklist(plan, edited)
      .filter((r) => !r.ok)
      .map((r) => r.id);
  const edit = (path: string, change: (text: string) => string | null): RenderedFile[] =>
    files.flatMap((f) => {
      if (f.path !== path) return [f];
      const content = change(f.content);
      return content === null ? [] : [{ ...f, content }];
    });

  it('the generated setup passes every item', () => {
    expect(failing(files)).toEqual([]);
  });

  const cases: [string, string, (t: string) => string | null][] = [
    ['build-test-production', 'Dockerfile', (t) => t.replace(/ AS test$/m, ' AS check')],
    ['read-only-root', 'compose.yaml', (t) => t.replace('read_only: true', 'read_only: false')],
    ['capabilities-dropped', 'compose.yaml', (t) => t.replace(/(cap_drop:\n\s+- )ALL/, '$1NET_RAW')],
    ['trivy-config', 'trivy.yaml', () => null],
    ['ci-pipeline', '.github/workflows/docker.yml', () => null],
    ['bake-multi-arch', 'docker-bake.hcl', () => null],
    ['harbor-values', 'deploy/harbor-values.yaml', () => null],
    ['falco-rules', 'deploy/falco-rules.yaml', (t) => t.replace(/^- rule:/gm, '- macro:')],
    ['compliance-mapping', 'COMPLIANCE.md', (t) => t.replaceAll('PCI', 'XYZ')],
    ['base-digests', 'Dockerfile', (t) => t.replace(/@sha256:[0-9a-f]{64}/, '')],
  ];
  it.each(cases)('%s', (id, path, change) => {
    expect(files.some((f) => f.path === path)).toBe(true);
    expect(failing(edit(path, change))).toContain(id);
  });

  it('sbom, slsa-provenance and gitops-promotion look through every release file', () => {
    const core = files.filter((f) =>
      ['dockerfile', 'compose', 'dockerignore', 'env-example'].includes(f.kind),
    );
    expect(failing(core)).toEqual(expect.arrayContaining(['sbom', 'slsa-provenance', 'gitops-promotion']));
  });

  it('cosign-signing and vulnerability-scan-in-ci read the pipeline', () => {
    const pipeline = '.github/workflows/docker.yml';
    expect(failing(edit(pipeline, (t) => t.replaceAll('cosign sign', 'cosign nope')))).toContain(
      'cosign-signing',
    );
    expect(failing(edit(pipeline, (t) => t.replace(/trivy/gi, 'scanner')))).toContain(
      'vulnerability-scan-in-ci',
    );
  });
});
