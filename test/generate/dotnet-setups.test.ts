import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { FinalImage, Tier } from '../../src/generate/types.js';
import { checkSetup } from './harness.js';
import { expectTestStageText as expectTestStage } from './test-stage-checks.js';

/**
 * .NET stack × tiers 1 and 2 over the detect fixtures (as node-setups.test.ts): parse → print round trip, our own
 * review at the tier's profile with zero findings (compose files through the loader with schema validation),
 * every checklist item of the tier met, and the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: { fixture: string; app?: string; finalImage?: FinalImage; what: string }[] = [
  { fixture: 'dotnet-aspnet-api', what: 'ASP.NET Core API, postgres + redis, /healthz' },
  { fixture: 'dotnet-solution-worker', what: 'worker in a solution, global.json SDK pin, rabbitmq' },
  {
    fixture: 'dotnet-aspnet-api',
    finalImage: 'distroless',
    what: 'chiseled aspnet (tier 1), Alpine fallback for the tier 2 probe',
  },
  {
    fixture: 'dotnet-solution-worker',
    finalImage: 'distroless',
    what: 'chiseled runtime for the worker at both tiers (no probe needed)',
  },
];

describe.each(SETUPS)('$fixture ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = {
      tier,
      ...(setup.app ? { app: setup.app } : {}),
      ...(setup.finalImage ? { finalImage: setup.finalImage } : {}),
    };
    const plan = planSetup(facts, options);
    expect(plan.stack).toBe('dotnet');
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
      expect.arrayContaining([
        'multi-stage',
        'deps-before-source',
        'cache-mounts',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
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
        `__snapshots__/${setup.fixture}${setup.app ? `--${setup.app.replace(/\//g, '-')}` : ''}${setup.finalImage ? `--${setup.finalImage}` : ''}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

/** The test stage's command: the test project found by convention, else a Release build of the app. */
const TEST_COMMAND: Record<string, string> = {
  'dotnet-aspnet-api': 'dotnet build Orders.Api.csproj -c Release',
  'dotnet-solution-worker': 'dotnet test tests/Billing.Worker.Tests/Billing.Worker.Tests.csproj -c Release',
};

/**
 * Tiers 3–4 through the shared harness (round trip, our review at the production / hardened profile, every
 * checklist item, digest-pinned bases at tier 4), plus the test stage FROM build that the runtime stage does not
 * depend on, and the SDK on $BUILDPLATFORM at tier 4 (the portable framework-dependent output needs no emulation).
 */
describe.each(SETUPS)('$fixture $finalImage tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup(setup, tier);
    expect(ids).toEqual(expect.arrayContaining(['build-test-production', 'read-only-root']));
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    expectTestStage(dockerfile, TEST_COMMAND[setup.fixture]!);
    expect(plan.release?.stages.test?.command).toBe(TEST_COMMAND[setup.fixture]);
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM \S+ AS build$/m);
    }
    if (!setup.finalImage) {
      await expect(dockerfile).toMatchFileSnapshot(`__snapshots__/${setup.fixture}/tier${tier}/Dockerfile`);
    }
  });
});
