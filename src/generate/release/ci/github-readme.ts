import type { MarkdownBlock } from '../../model/files.js';
import type { Decision } from '../../types.js';
import type { ReleaseContext } from '../context.js';
import { imageReference } from '../registry.js';
import { cosignVerifyCommand, keylessIdentity } from '../shell.js';
import { ACTIONS } from './actions.js';
import { DOCKER_WORKFLOW } from './github-docker.js';
import { PROMOTE_WORKFLOW } from './github-promote.js';
import { usedVariables } from './github-registry.js';

/** README.Docker.md sections and the decisions behind the GitHub Actions pipeline. */

/** The image name with `<VARIABLE>` placeholders, as a user would type it. */
function imageForDocs(ctx: ReleaseContext): string {
  return imageReference(ctx.registry, (name) => `<${name}>`);
}

function variableRows(ctx: ReleaseContext): string[][] {
  const rows = usedVariables(ctx.registry).map((v) =>
    // ghcr.io: the workflow falls back to the repository owner (see github-registry.ts).
    v.name === 'GHCR_OWNER'
      ? ['`GHCR_OWNER`', 'variable (optional)', 'package owner; defaults to the repository owner', '`acme`']
      : [
          `\`${v.name}\``,
          v.secret ? 'secret' : 'variable',
          v.description,
          v.example ? `\`${v.example}\`` : '',
        ],
  );
  if (ctx.tier === 4) {
    rows.push(
      [
        '`DEPLOY_REPO`',
        'variable',
        'the GitOps deploy repository (owner/name) with kustomize overlays',
        '`acme/deploy`',
      ],
      [
        '`DEPLOY_TOKEN`',
        'secret',
        'fine-grained token with contents and pull-requests write on the deploy repository only',
        '',
      ],
    );
  }
  return rows;
}

export function githubReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const image = imageForDocs(ctx);
  const tier4 = ctx.tier === 4;
  const test = ctx.stages.test;
  const identity = keylessIdentity(ctx, DOCKER_WORKFLOW)!;
  const blocks: MarkdownBlock[] = [
    { kind: 'heading', level: 2, text: 'Release pipeline (GitHub Actions)' },
    {
      kind: 'paragraph',
      text: `\`${DOCKER_WORKFLOW}\` builds, tests, scans, signs and pushes \`${image}\` (${ctx.registry.title}). Every action is pinned to a full commit SHA with its version in a comment, the workflow token has no permissions by default and each job asks only for what it uses.`,
    },
    {
      kind: 'list',
      items: [
        `**lint** — \`dockwright lint --profile ${ctx.profile}\` (pinned dockwright ${ctx.dockwrightVersion}); findings go to code scanning as SARIF and fail the job.`,
        `**scan** — Buildx with the GitHub Actions cache, ${test ? `the \`${test.stage}\` stage (\`${test.command}\`)` : 'no test stage (none was found for this app; add a `test` stage to run tests in CI)'}, the production image loaded locally and scanned by Trivy (\`${ctx.paths.trivyConfig}\`, \`${ctx.paths.trivyIgnore}\`); CRITICAL or HIGH findings fail the build; results go to code scanning.`,
        `**publish** — ${tier4 ? `\`docker buildx bake\` (\`${ctx.paths.bake}\`) for ${ctx.platforms.join(', ')} with SLSA provenance (\`mode=max\`) and a BuildKit SBOM attached` : `build and push for ${ctx.platforms.join(', ')}`}, tags from git (\`1.2.3\`, \`1.2\`, \`1\`, \`sha-<commit>\`, branch name), a Trivy scan of the pushed digest that must pass before anything is signed, a CycloneDX SBOM (workflow artifact \`sbom-cyclonedx\` and a Cosign attestation), a keyless Cosign signature of the digest${tier4 ? `, the BuildKit SLSA provenance re-signed as a Cosign attestation (required by \`${ctx.paths.cosignPolicy}\`) and a GitHub build-provenance attestation pushed to the registry` : ''}.`,
        ...(tier4
          ? [
              `**promote** (\`${PROMOTE_WORKFLOW}\`, run by hand) — verifies signature, both provenance attestations and a fresh scan of one digest, then, after the environment's approval, opens a pull request in the deploy repository that pins the kustomize overlay to that digest.`,
            ]
          : []),
        '`.github/dependabot.yml` — weekly updates for the action pins, base images, compose images and the app’s dependencies.',
      ],
    },
    {
      kind: 'table',
      head: ['Event', 'lint', 'scan', 'publish'],
      rows: [
        ['pull request', 'yes', 'yes', 'no (nothing is pushed or signed)'],
        [`push to ${ctx.defaultBranch}`, 'yes', 'yes', 'yes (tags: branch name, sha-…)'],
        ['push of a tag v1.2.3', 'yes', 'yes', 'yes (tags: 1.2.3, 1.2, 1, sha-…)'],
      ],
    },
    { kind: 'heading', level: 3, text: 'Variables and secrets to configure' },
    {
      kind: 'paragraph',
      text: 'Settings → Secrets and variables → Actions: non-secret settings on the Variables tab (`vars.*`), credentials on the Secrets tab (`secrets.*`).',
    },
    { kind: 'table', head: ['Name', 'Kind', 'What', 'Example'], rows: variableRows(ctx) },
    ...(ctx.registry.federation && ctx.registry.federation.kind !== 'github-token'
      ? [
          {
            kind: 'paragraph' as const,
            text: 'The workflow logs in with the job’s OIDC token (no stored cloud keys); the trust policy should allow only this repository’s default branch and `v*` tags, whose `publish` job is the only one asking for `id-token: write`.',
          },
        ]
      : []),
    { kind: 'heading', level: 3, text: 'Verify a pushed image' },
    {
      kind: 'paragraph',
      text: 'Use the digest from the publish job’s summary (never a tag). Replace OWNER/REPO with this repository.',
    },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        `IMAGE=${image}`,
        'DIGEST=sha256:…',
        cosignVerifyCommand(ctx, '"$IMAGE@$DIGEST"'),
        `cosign verify-attestation --type cyclonedx "$IMAGE@$DIGEST" --certificate-oidc-issuer ${identity.issuer} --certificate-identity-regexp '${identity.identityRegexp}'`,
        ...(tier4
          ? [
              `cosign verify-attestation --type slsaprovenance1 "$IMAGE@$DIGEST" --certificate-oidc-issuer ${identity.issuer} --certificate-identity-regexp '${identity.identityRegexp}'`,
              'gh attestation verify "oci://$IMAGE@$DIGEST" --owner OWNER',
              `docker buildx imagetools inspect "$IMAGE@$DIGEST" --format '{{json .Provenance}}'`,
            ]
          : []),
      ],
    },
  ];
  if (tier4) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Promote a digest' },
      {
        kind: 'code',
        lang: 'sh',
        lines: ['gh workflow run promote.yml -f digest=sha256:… -f environment=production'],
      },
      {
        kind: 'paragraph',
        text: 'The deploy repository needs `overlays/staging` and `overlays/production` kustomizations whose image is named `app`. Add required reviewers to the `production` environment so a promotion waits for approval.',
      },
    );
  }
  return blocks;
}

export function githubDecisions(ctx: ReleaseContext): Decision[] {
  const decisions: Decision[] = [
    {
      topic: 'CI actions',
      choice: `${Object.keys(ACTIONS).length} known actions pinned to full commit SHAs with version comments`,
      reason:
        'tags can be repointed (aquasecurity/trivy-action’s were, in March 2026); Dependabot’s github-actions updates keep the pins current',
    },
    {
      topic: 'image signing',
      choice: 'Cosign keyless (GitHub OIDC → Fulcio certificate, Rekor log) on the pushed digest',
      reason:
        'no private key to store or rotate; the certificate names the workflow, branch or tag that signed',
    },
    {
      topic: 'build cache',
      choice: 'Buildx `type=gha` cache, one scope per job',
      reason: 'the publish build reuses the layers the scan job built and tested instead of rebuilding them',
    },
    {
      topic: 'scan before push',
      choice: 'Trivy scans the locally loaded image and fails on CRITICAL/HIGH before anything is pushed',
      reason: 'a vulnerable image never reaches the registry; pull requests get the same gate',
    },
    {
      topic: 'CI permissions',
      choice: 'no default token permissions; `id-token`/registry write only on the publish job',
      reason: 'pull-request jobs (which run untrusted code) never hold push or signing rights',
    },
  ];
  if (ctx.registry.id === 'ecr') {
    decisions.push({
      topic: 'ECR login',
      choice: 'aws-actions/configure-aws-credentials (OIDC role) + docker/login-action',
      reason:
        'docker/login-action logs in to ECR with those credentials itself, one third-party action fewer than amazon-ecr-login',
    });
  }
  if (ctx.tier === 4) {
    decisions.push({
      topic: 'provenance',
      choice:
        'BuildKit SLSA v1 provenance `mode=max` + SBOM from the bake file’s `attest` (no overriding action inputs), re-signed with Cosign; plus actions/attest-build-provenance',
      reason:
        'the BuildKit attestation records the build definition and its Cosign attestation is what policy-controller checks; the GitHub one is verifiable with `gh attestation verify` against the workflow identity',
    });
  }
  return decisions;
}
