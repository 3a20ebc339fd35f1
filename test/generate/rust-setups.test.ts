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
 * Rust stack × tiers 1 and 2 over the detect fixtures. Each setup must: print the same text after
 * parse → print; pass our own review at the tier's profile with zero findings (the self-check, which also loads
 * compose files through the Compose loader with schema validation); meet every item of the tier's checklist by
 * name; and match the reviewed files under __snapshots__/.
 */
const SETUPS: Setup[] = [
  { fixture: 'rust-axum-sqlx', what: 'axum, postgres, musl static on distroless static' },
  { fixture: 'rust-axum-sqlx', finalImage: 'scratch', what: 'axum on scratch' },
  { fixture: 'rust-actix-openssl', what: 'actix-web with openssl-sys: glibc, distroless cc, redis' },
  {
    fixture: 'rust-actix-openssl',
    finalImage: 'scratch',
    what: 'scratch requested with openssl: distroless cc',
  },
  { fixture: 'rust-cargo-workspace', what: 'Cargo workspace member (rocket), -p' },
  { fixture: 'rust-cli-clap', what: 'clap CLI without Cargo.lock' },
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

/** The test stage's command per fixture: --locked with a Cargo.lock, the whole workspace for a workspace. */
const TEST_COMMAND: Record<string, string> = {
  'rust-cargo-workspace': 'cargo test --release --locked --workspace',
  'rust-cli-clap': 'cargo test --release',
};
const SNAPSHOT = new Set(['rust-axum-sqlx', 'rust-actix-openssl', 'rust-cargo-workspace']);

/**
 * Tiers 3–4: the shared checks (production / hardened profile), plus the test stage: cargo test in release mode
 * FROM build (its target/ is reused), and the runtime stage does not depend on it.
 */
describe.each(SETUPS)('$fixture $app $finalImage tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup(setup, tier);
    expect(ids).toEqual(expect.arrayContaining(['build-test-production', 'read-only-root']));
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    const command = TEST_COMMAND[setup.fixture] ?? 'cargo test --release --locked';
    expectTestStage(dockerfile, command);
    expect(plan.release?.stages.test?.command).toBe(command);
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      // Emulated per platform (the decision says why): no stage pinned to the build platform.
      expect(dockerfile).not.toContain('$BUILDPLATFORM');
      expect(plan.decisions.some((d) => d.topic === 'multi-platform' && /emulation/.test(d.choice))).toBe(
        true,
      );
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
  await expectComposeLoads('rust-axum-sqlx', ['ledger', 'postgres']);
  await expectComposeLoads('rust-actix-openssl', ['thumbs', 'redis']);
});
