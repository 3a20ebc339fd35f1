import { trailing, type YamlCommented } from '../../model/yaml.js';

/**
 * Every third-party GitHub Action the generated workflows use, pinned to a full commit SHA (tags can be repointed:
 * aquasecurity/trivy-action had 76 of its tags force-pushed to credential-stealing commits in March 2026). The
 * version goes into a `# vX.Y.Z` comment so Dependabot and reviewers can read it.
 *
 * No SHA here was looked up on GitHub itself (no network access from where this was written). Each was taken from
 * public workflow files and pull requests that pin `<sha> # <version>`, and kept only when at least two
 * independent repositories agree on the same SHA for the same version; `confirmedBy` says where. Dependabot's
 * `github-actions` ecosystem (see github-dependabot.ts) keeps them current after that.
 */
export interface PinnedAction {
  /** `owner/repo` or `owner/repo/path` (a sub-action). */
  readonly repo: string;
  /** Full 40-hex commit SHA. */
  readonly sha: string;
  /** The release tag the SHA belongs to. */
  readonly version: string;
  readonly confirmedBy: string;
}

const pin = (repo: string, sha: string, version: string, confirmedBy: string): PinnedAction => ({
  repo,
  sha,
  version,
  confirmedBy,
});

export const ACTIONS = {
  checkout: pin(
    'actions/checkout',
    '3d3c42e5aac5ba805825da76410c181273ba90b1',
    'v7.0.1',
    'pinned with `# v7.0.1` in several unrelated repositories’ workflows and pinning guides (2026)',
  ),
  setupQemu: pin(
    'docker/setup-qemu-action',
    '96fe6ef7f33517b61c61be40b68a1882f3264fb8',
    'v4.2.0',
    '`# v4.2.0` in several workflows; Renovate digest PRs (mensfeld/llm-docs-builder#138) move to/from this SHA',
  ),
  setupBuildx: pin(
    'docker/setup-buildx-action',
    'f87e5991a6d7451dcb8d9637bfbc97413f497069',
    'v4.4.1',
    '`# v4.4.1` in several independent workflows and SHA lists (2026)',
  ),
  login: pin(
    'docker/login-action',
    'dbcb813823bdd20940b903addbd779551569679f',
    'v4.6.0',
    '`# v4.6.0` in several independent workflows and SHA lists (2026)',
  ),
  metadata: pin(
    'docker/metadata-action',
    'dc802804100637a589fabce1cb79ff13a1411302',
    'v6.2.0',
    '`# v6.2.0` in many independent workflows (2026)',
  ),
  buildPush: pin(
    'docker/build-push-action',
    'c3c9e263c25d99ce0380d002d59b67737d91b0dc',
    'v7.4.0',
    '`# v7.4.0` in several independent workflows and a verified-pin table (2026)',
  ),
  bake: pin(
    'docker/bake-action',
    'd3418bd7d0e9324001bca92fa8ba175ea7e6dc9b',
    'v7.3.0',
    '`# v7.3.0` in several independent workflows and SHA lists (2026)',
  ),
  trivy: pin(
    'aquasecurity/trivy-action',
    'ed142fd0673e97e23eac54620cfb913e5ce36c25',
    'v0.36.0',
    '`# v0.36.0` (released 2026-04-22, after the tag compromise) in several independent workflows',
  ),
  uploadSarif: pin(
    'github/codeql-action/upload-sarif',
    'e4fba868fa4b1b91e1fdab776edc8cfbe6e9fb81',
    'v4.37.3',
    '`# v4.37.3` in two independent workflows, `# v4` in several more',
  ),
  cosignInstaller: pin(
    'sigstore/cosign-installer',
    'cad07c2e89fa2edd6e2d7bab4c1aa38e53f76003',
    'v4.1.1',
    '`# v4.1.1` in several independent workflows; installs cosign v3 (v4.1.2 was reported to reject its own default cosign release)',
  ),
  attestProvenance: pin(
    'actions/attest-build-provenance',
    '4d101475d8b20a2381f78447822ac1eab6504dd8',
    'v4.2.2',
    '`# v4.2.2` in several independent workflows (2026)',
  ),
  uploadArtifact: pin(
    'actions/upload-artifact',
    '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a',
    'v7.0.1',
    '`# v7.0.1` in several independent workflows (2026)',
  ),
  awsCredentials: pin(
    'aws-actions/configure-aws-credentials',
    'ec61189d14ec14c8efccab744f656cffd0e33f37',
    'v6.1.0',
    '`# v6.1.0` in several independent workflows; Checkmarx/kics#8041 review links this commit for v6.1.0',
  ),
  gcpAuth: pin(
    'google-github-actions/auth',
    '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093',
    'v3',
    'the `v3` tag target per google-github-actions/run-gemini-cli#514, `# v3` in other workflows; exact v3.x.y not confirmed',
  ),
  azureLogin: pin(
    'azure/login',
    'a457da9ea143d694b1b9c7c869ebb04ebe844ef5',
    'v2.3.0',
    '`# v2.3.0` in three independent workflows (one other source calls it v2.4.0)',
  ),
} as const satisfies Record<string, PinnedAction>;

export type ActionName = keyof typeof ACTIONS;

/** The `uses:` value for an action: `owner/repo@<sha>` with the version as a trailing comment. */
export function uses(name: ActionName): YamlCommented {
  const a = ACTIONS[name];
  return trailing(`${a.repo}@${a.sha}`, a.version);
}
