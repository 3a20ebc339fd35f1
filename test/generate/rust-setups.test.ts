import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/generate/types.js';
import { checkSetup, expectComposeLoads, expectSnapshots, expectTierOutputs, type Setup } from './harness.js';

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

it('compose files validate against the compose-spec schema with zero errors (loader run on the written files)', async () => {
  await expectComposeLoads('rust-axum-sqlx', ['ledger', 'postgres']);
  await expectComposeLoads('rust-actix-openssl', ['thumbs', 'redis']);
});
