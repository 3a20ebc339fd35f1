import type { Profile } from '../lint/engine/rule.js';
import type { FinalImage, Tier } from './types.js';

/**
 * What each tier adds, from the spec's tier output lists and defaults table. Tiers 3–4 (issue 7) switch on more
 * features here and add files in `plan.ts`; the stacks read only these switches.
 */
export interface TierFeatures {
  readonly tier: Tier;
  /** Review profile of the self-check (`lint --profile`). */
  readonly profile: Profile;
  /** Spec default for the final stage, before a stack adapts it (Node: Alpine unless native modules need glibc). */
  readonly finalImage: FinalImage;
  readonly healthcheck: boolean;
  readonly compose: boolean;
  readonly devOverride: boolean;
  readonly envExample: boolean;
  readonly readme: boolean;
  readonly resourceLimits: boolean;
  /** Dockerfile `test` stage, read-only root filesystem with tmpfs, `cap_drop: [ALL]` (tier 3+). */
  readonly hardenedRuntime: boolean;
  /** CI pipeline, registry, Trivy and Cosign files (tier 3+). */
  readonly release: boolean;
  /** Bake, SBOM/provenance, Harbor, GitOps, Falco, compliance, multi-arch, digest-pinned bases (tier 4). */
  readonly enterprise: boolean;
}

export const TIER_FEATURES: Readonly<Record<Tier, TierFeatures>> = {
  1: {
    tier: 1,
    profile: 'dev',
    finalImage: 'official',
    healthcheck: false,
    compose: false,
    devOverride: false,
    envExample: false,
    readme: false,
    resourceLimits: false,
    hardenedRuntime: false,
    release: false,
    enterprise: false,
  },
  2: {
    tier: 2,
    profile: 'production',
    finalImage: 'alpine',
    healthcheck: true,
    compose: true,
    devOverride: true,
    envExample: true,
    readme: true,
    resourceLimits: true,
    hardenedRuntime: false,
    release: false,
    enterprise: false,
  },
  3: {
    tier: 3,
    profile: 'production',
    finalImage: 'distroless',
    healthcheck: true,
    compose: true,
    devOverride: true,
    envExample: true,
    readme: true,
    resourceLimits: true,
    hardenedRuntime: true,
    release: true,
    enterprise: false,
  },
  4: {
    tier: 4,
    profile: 'hardened',
    finalImage: 'distroless',
    healthcheck: true,
    compose: true,
    devOverride: true,
    envExample: true,
    readme: true,
    resourceLimits: true,
    hardenedRuntime: true,
    release: true,
    enterprise: true,
  },
};

/** Tiers `init` generates. */
export const IMPLEMENTED_TIERS: readonly Tier[] = [1, 2, 3, 4];
