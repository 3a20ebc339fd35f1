import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { Tier } from '../../src/generate/types.js';
import { checkSetup } from './harness.js';
import { expectTestStage } from './test-stage-checks.js';

/**
 * Static stack × tiers 1–4 over the detect fixtures (as node-setups.test.ts): parse → print round trip, our own
 * review at the tier's profile with zero findings (compose files through the loader with schema validation),
 * every checklist item of the tier met, and the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: { fixture: string; app?: string; what: string }[] = [
  { fixture: 'static-html', what: 'plain HTML at the project root' },
  { fixture: 'static-staticfile', what: 'Staticfile root: site' },
];

describe.each(SETUPS)('$fixture ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = { tier, ...(setup.app ? { app: setup.app } : {}) };
    const plan = planSetup(facts, options);
    expect(plan.stack).toBe('static');
    const files = renderPlan(plan);
    expect(renderPlan(planSetup(facts, options))).toEqual(files);

    for (const f of files.filter((x) => x.kind === 'dockerfile')) {
      expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
    }

    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

    const results = runChecklist(plan, files);
    expect(results.filter((c) => !c.ok)).toEqual([]);
    const ids = results.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['pinned-base-tags', 'exec-form-cmd', 'dockerignore', 'oci-labels']),
    );
    if (tier === 2) {
      expect(ids).toEqual(
        expect.arrayContaining([
          'non-root-user',
          'compose-healthchecks',
          'depends-on-healthy',
          'resource-limits',
          'restart-policies',
          'secrets-not-env',
          'dev-override',
          'env-example',
          'healthcheck',
        ]),
      );
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
      );
    } else {
      expect(files.some((f) => f.kind === 'compose')).toBe(false);
    }

    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(
        `__snapshots__/${setup.fixture}${setup.app ? `--${setup.app.replace(/\//g, '-')}` : ''}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

// ---- tiers 3–4 ------------------------------------------------------------------------------------------

describe.each(SETUPS)('$fixture tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup({ ...setup }, tier);
    expect(plan.stack).toBe('static');
    expect(ids).toEqual(
      expect.arrayContaining(['build-test-production', 'read-only-root', 'capabilities-dropped']),
    );
    expectTestStage(plan, files, 'nginx -t && test -s /usr/share/nginx/html/index.html');
    // nginx-unprivileged keeps its pid and temp files under /tmp: nothing else needs a tmpfs.
    const compose = files.find((f) => f.path === 'compose.yaml')!.content;
    expect(compose).toMatch(/ {4}tmpfs:\n {6}- \/tmp\n {4}cap_drop:/);
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
      expect(dockerfile).toMatch(/org\.opencontainers\.image\.licenses=NOASSERTION/);
    }
    await expect(dockerfile).toMatchFileSnapshot(`__snapshots__/${setup.fixture}/tier${tier}/Dockerfile`);
  });
});
