import type { MarkdownBlock } from '../../model/files.js';
import type { Decision } from '../../types.js';
import type { ReleaseContext } from '../context.js';
import { CIRCLECI_CONTEXT } from './circleci.js';
import { FAIL_SEVERITIES, PIPELINE_IMAGES } from './gitlab-images.js';
import { pipelineVariables, verifyCommands } from './gitlab-readme.js';

const REF = '"$IMAGE@sha256:<digest>"';
/** A function, not a constant: circleci.ts and this module import each other. */
const secret = () => `secret (context \`${CIRCLECI_CONTEXT}\`)`;

export function circleciReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const extra: (readonly [string, string, string])[] = [
    [
      '`COSIGN_PRIVATE_KEY`',
      secret(),
      'the encrypted key from `cosign generate-key-pair` (commit `cosign.pub`)',
    ],
    ['`COSIGN_PASSWORD`', secret(), 'the password of that key'],
  ];
  if (ctx.tier === 4) {
    extra.push(
      ['`COSIGN_PUBLIC_KEY`', 'variable (context)', 'contents of `cosign.pub`, for the promotion job'],
      ['`DEPLOY_GITHUB_REPO`', 'variable (context)', 'the deploy repository on GitHub, e.g. `acme/deploy`'],
      [
        '`DEPLOY_TOKEN`',
        secret(),
        'fine-grained GitHub token with contents and pull requests write on the deploy repository',
      ],
      [
        '`DEPLOY_OVERLAY`',
        'variable (context)',
        'kustomize overlay to update (default `overlays/production`)',
      ],
      [
        '`DEPLOY_BASE_BRANCH`',
        'variable (context)',
        `branch of the deploy repository the pull request targets (default \`${ctx.defaultBranch}\`)`,
      ],
    );
  }
  const stages = [
    `**lint**: \`dockwright lint --profile ${ctx.profile}\` (pinned dockwright ${ctx.dockwrightVersion}), JUnit results shown in the Tests tab.`,
    `**build**: buildx builds the \`${ctx.stages.production}\` stage into \`image.tar\` on a machine executor; on \`${ctx.defaultBranch}\` and tags it logs in and reads/writes the registry cache \`$IMAGE:buildcache\`.`,
    ctx.stages.test
      ? `**test**: builds the \`${ctx.stages.test.stage}\` stage, which runs ${ctx.stages.test.command}.`
      : '**test**: none — the stack has no test command dockwright could detect.',
    `**scan** / **sbom**: Trivy (\`${PIPELINE_IMAGES.trivy}\`) fails on ${FAIL_SEVERITIES} with \`${ctx.paths.trivyConfig}\`; CycloneDX SBOM stored as an artifact.`,
    ctx.tier === 4
      ? `**publish**: \`docker buildx bake -f ${ctx.paths.bake} production --push\` for ${ctx.platforms.join(', ')} (QEMU through binfmt), with the bake file's SLSA provenance (\`mode=max\`) and SBOM attestations; **scan-release** re-scans each platform of the pushed digest.`
      : '**publish**: loads the scanned `image.tar` and pushes it under every tag.',
    `**sign**: Cosign signs the digest with the key from the context and attests the CycloneDX SBOM${ctx.tier === 4 ? `, the vulnerability report and BuildKit's SLSA provenance (what \`${ctx.paths.cosignPolicy}\` requires)` : ''}.`,
    ...(ctx.tier === 4
      ? [
          '**approve-promotion** → **promote**: after a manual approval, verifies the signature and the scan and provenance attestations, pushes a branch to the deploy repository pinning the kustomize image to the digest, and opens a pull request with the GitHub API.',
        ]
      : []),
  ];
  return [
    { kind: 'heading', level: 2, text: 'Release pipeline (CircleCI)' },
    {
      kind: 'paragraph',
      text: `\`${ctx.paths.pipeline}\` (no orbs; pinned machine image \`${PIPELINE_IMAGES.circleciMachine}\`) runs:`,
    },
    { kind: 'list', items: stages },
    {
      kind: 'paragraph',
      text: `Pull requests and other branches run lint, build, test, scan and SBOM only. \`${ctx.defaultBranch}\` and tags matching \`v*\` also publish and sign. Tags come from git: \`sha-<short sha>\`, plus \`1.2.3\`, \`1.2\`, \`1\` for \`v1.2.3\` (only \`1.2.3-rc.1\` for pre-releases) or the branch name.`,
    },
    { kind: 'heading', level: 3, text: `Context \`${CIRCLECI_CONTEXT}\`` },
    {
      kind: 'paragraph',
      text: 'Create it under Organization Settings → Contexts, restrict it to a security group or to the default branch and tags, and keep “Pass secrets to builds from forked pull requests” off.',
    },
    { kind: 'table', head: ['name', 'kind', 'what'], rows: pipelineVariables(ctx, extra) },
    ...(ctx.registry.federation && ctx.registry.federation.kind !== 'github-token'
      ? [
          {
            kind: 'paragraph' as const,
            text: 'The cloud login federates CircleCI’s OIDC token (`$CIRCLE_OIDC_TOKEN_V2`, issued in jobs that use a context): trust `https://oidc.circleci.com/org/<org-id>` with audience `<org-id>` and limit it to this project.',
          },
        ]
      : []),
    { kind: 'heading', level: 3, text: 'Verify what the pipeline pushed' },
    { kind: 'code', lang: 'sh', lines: verifyCommands(ctx, REF, '--key cosign.pub') },
  ];
}

export function circleciDecisions(ctx: ReleaseContext): Decision[] {
  return [
    {
      topic: 'CircleCI executors',
      choice: `machine executor \`${PIPELINE_IMAGES.circleciMachine}\` for Docker jobs, no orbs`,
      reason:
        'buildx with the docker-container driver and QEMU need a full VM (setup_remote_docker cannot register binfmt); plain steps avoid third-party orb pins',
    },
    {
      topic: 'CircleCI signing',
      choice: 'key-based Cosign (COSIGN_PRIVATE_KEY/COSIGN_PASSWORD from a context)',
      reason:
        'Fulcio added a CircleCI issuer only in late 2025 and the certificate identity it issues is not yet documented, so keyless verification could not be pinned down',
    },
    ...(ctx.tier === 4
      ? [
          {
            topic: 'CircleCI promotion',
            choice: 'approval job, then a pull request in a GitHub deploy repository through the REST API',
            reason:
              'CircleCI has no push-option equivalent; the API call is one curl and the approval step records who promoted',
          },
        ]
      : []),
  ];
}
