import { createHash } from 'node:crypto';
import type { ImageDigests } from '../../src/generate/pin.js';
import { imagesToPin } from '../../src/generate/pin.js';
import { planSetup } from '../../src/generate/plan.js';

/**
 * Test double for the registry: a stable fake `sha256:` digest per image reference (the hash of its name), so
 * tier 4 setups can be generated offline. The real resolver (engine / registry API) has its own tests.
 */
export function fakeDigest(image: string): string {
  return `sha256:${createHash('sha256').update(`dockwright-test:${image}`).digest('hex')}`;
}

/** Digests for every image a tier 4 plan pulls, as the CLI would resolve them. */
export function digestsFor(...args: Parameters<typeof planSetup>): ImageDigests {
  const plan = planSetup(...args);
  return new Map(imagesToPin(plan.files).map((i) => [i, fakeDigest(i)]));
}
