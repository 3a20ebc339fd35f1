import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/generate/types.js';
import {
  checkSetup,
  expectComposeLoads,
  expectSnapshots,
  expectTierOutputs,
  type Setup,
  slug,
} from './harness.js';
import { expectTestStageText as expectTestStage } from './test-stage-checks.js';

/**
 * Go stack × tiers 1 and 2 over the detect fixtures. Each setup must: print the same text after
 * parse → print; pass our own review at the tier's profile with zero findings (the self-check, which also loads
 * compose files through the Compose loader with schema validation); meet every item of the tier's checklist by
 * name; and match the reviewed files under __snapshots__/.
 */
const SETUPS: Setup[] = [
  { fixture: 'go-gin-postgres', what: 'Gin, postgres, /healthz, distroless static' },
  { fixture: 'go-gin-postgres', finalImage: 'scratch', what: 'Gin on scratch (certs, passwd, timetzdata)' },
  {
    fixture: 'go-gin-postgres',
    finalImage: 'alpine',
    what: 'Alpine asked for: honoured at tier 1, the tier-2 default (distroless) at tier 2',
  },
  { fixture: 'go-cmd-multiple-mains', app: 'api', what: 'cmd/api of several mains, redis, /health' },
  {
    fixture: 'go-cmd-multiple-mains',
    app: 'worker',
    what: 'cmd/worker: no port, compose healthcheck disabled',
  },
  { fixture: 'go-cli-cobra', what: 'Cobra CLI (ENTRYPOINT)' },
  { fixture: 'go-sqlite-cgo', what: 'cgo (go-sqlite3): glibc build, distroless base, sqlite volume' },
  { fixture: 'go-vendor-nethttp', what: 'vendored modules (-mod=vendor), chi' },
  { fixture: 'go-workspace', what: 'go.work workspace member (fiber), TCP probe' },
];

describe.each(SETUPS)('$fixture $app $finalImage ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const { files, ids } = await checkSetup(setup, tier);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
    );
    expectTierOutputs(tier, files, ids, [
      'non-root-user',
      'compose-healthchecks',
      'depends-on-healthy',
      'resource-limits',
      'restart-policies',
      'secrets-not-env',
      'dev-override',
      'env-example',
    ]);
    await expectSnapshots(setup, tier, files);
  });
});

/** The test stage's command per fixture (cgo adds -race, vendored modules -mod=vendor). */
const TEST_COMMAND: Record<string, string> = {
  'go-sqlite-cgo': 'go vet ./... && go test -race ./...',
  'go-vendor-nethttp': 'go vet -mod=vendor ./... && go test -mod=vendor ./...',
  // go.work root: every member by name (`./...` is refused there).
  'go-workspace':
    'go vet ./libs/auth/... ./services/gateway/... && go test ./libs/auth/... ./services/gateway/...',
};
/** Setups whose tier 3–4 Dockerfiles are kept as reviewed snapshots. */
const SNAPSHOT = new Set(['go-gin-postgres', 'go-sqlite-cgo', 'go-workspace']);

/**
 * Tiers 3–4: the same shared checks (tier 3 reviewed at the production profile, tier 4 at hardened, which also
 * wants digest-pinned bases and every OCI label), plus the test stage: it runs go vet + go test, builds FROM build,
 * and the runtime stage does not depend on it (walked on the parsed Dockerfile).
 */
describe.each(SETUPS)('$fixture $app $finalImage tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup(setup, tier);
    expect(ids).toEqual(expect.arrayContaining(['build-test-production', 'read-only-root']));
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    const command = TEST_COMMAND[setup.fixture] ?? 'go vet ./... && go test ./...';
    expectTestStage(dockerfile, command);
    expect(plan.release?.stages.test?.command).toBe(command);
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      // Cross-compiled: the toolchain runs on the build machine unless cgo needs the target's C toolchain.
      expect(dockerfile.includes('--platform=$BUILDPLATFORM')).toBe(setup.fixture !== 'go-sqlite-cgo');
      expect(dockerfile).toMatch(/org\.opencontainers\.image\.licenses=/);
    }
    if (SNAPSHOT.has(slug(setup))) {
      await expectSnapshots(
        setup,
        tier,
        files.filter((f) => f.kind === 'dockerfile'),
      );
    }
  });
});

it('compose files validate against the compose-spec schema with zero errors (loader run on the written files)', async () => {
  await expectComposeLoads('go-gin-postgres', ['payments', 'postgres']);
  await expectComposeLoads('go-cmd-multiple-mains', ['api', 'redis']);
});
