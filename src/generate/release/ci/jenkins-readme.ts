import type { MarkdownBlock } from '../../model/files.js';
import type { Decision } from '../../types.js';
import type { ReleaseContext } from '../context.js';
import { imageReference } from '../registry.js';
import { cosignVerifyCommand } from '../shell.js';
import {
  COSIGN_KEY_ID,
  COSIGN_PASSWORD_ID,
  DEPLOY_REPO_ID,
  jenkinsSettings,
  registryCredential,
} from './jenkins-settings.js';
import { BUILDER, REPORTS_DIR } from './jenkins-shell.js';

/** README.Docker.md section for `--ci jenkins`: what runs when, what to install and create, how to verify. */

/** The image name with the settings' example values, for copy-paste commands. */
function exampleImage(ctx: ReleaseContext): string {
  const byName = new Map(ctx.registry.variables.map((v) => [v.name, v.example]));
  return imageReference(ctx.registry, (name) => byName.get(name) || name);
}

function stageRows(ctx: ReleaseContext): string[][] {
  const every = 'every build';
  const release = `\`${ctx.defaultBranch}\` and tags`;
  const test = ctx.stages.test;
  const rows = [
    ['Lint', every, `\`dockwright lint --profile ${ctx.profile}\`, JUnit report`],
    [
      'Build',
      every,
      `BuildKit (\`${BUILDER}\` docker-container builder), registry cache \`:buildcache\`, image loaded locally`,
    ],
    [
      'Test',
      every,
      test
        ? `\`--target ${test.stage}\`: ${test.command}`
        : 'no test stage for this stack at this tier (the step says so)',
    ],
    ['Scan', every, 'Trivy, fails on CRITICAL/HIGH; JSON report archived'],
    ['SBOM', every, 'CycloneDX (`sbom.cdx.json`) archived'],
    [
      'Push',
      release,
      ctx.tier === 4
        ? `\`docker buildx bake production --push\` for ${ctx.platforms.join(', ')} with SLSA provenance (mode=max) and SBOM attestations`
        : 'tags `sha-<short>`, the branch name, and `1.2.3`/`1.2`/`1` for `v1.2.3` tags',
    ],
    [
      'Sign',
      release,
      `Cosign with the \`${COSIGN_KEY_ID}\` key; CycloneDX SBOM attested${ctx.tier === 4 ? `; BuildKit's SLSA provenance re-signed as a Cosign attestation (required by \`${ctx.paths.cosignPolicy}\`)` : ''}`,
    ],
  ];
  if (ctx.tier === 4)
    rows.push([
      'Promote',
      `${release}, after approval`,
      'verifies the signature and the provenance attestation, re-scans the digest, opens a pull request pinning the digest in the deploy repository',
    ]);
  return rows;
}

function credentialRows(ctx: ReleaseContext): string[][] {
  const reg = registryCredential(ctx);
  const rows = [
    [`\`${reg.id}\``, reg.kind, 'Push, Sign' + (ctx.tier === 4 ? ', Promote' : ''), reg.description],
    [`\`${COSIGN_KEY_ID}\``, 'Secret file', 'Sign', '`cosign.key` from `cosign generate-key-pair`'],
    [`\`${COSIGN_PASSWORD_ID}\``, 'Secret text', 'Sign', 'the password of that key'],
  ];
  if (ctx.tier === 4)
    rows.push([
      `\`${DEPLOY_REPO_ID}\``,
      'Username with password',
      'Promote',
      'user and token allowed to push branches to the deploy repository and open pull requests',
    ]);
  return rows;
}

export function jenkinsReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const image = exampleImage(ctx);
  const blocks: MarkdownBlock[] = [
    { kind: 'heading', level: 2, text: 'Release pipeline (Jenkins)' },
    {
      kind: 'paragraph',
      text: `\`${ctx.paths.pipeline}\` is a declarative pipeline for a Multibranch Pipeline job. Pull requests and other branches are built, tested, scanned and get an SBOM; only \`${ctx.defaultBranch}\` and tags push, sign${ctx.tier === 4 ? ' and offer promotion' : ''}. Enable tag discovery in the branch source; tag builds start automatically only with the Basic Branch Build Strategies plugin (otherwise start them by hand).`,
    },
    { kind: 'table', head: ['Stage', 'Runs on', 'What it does'], rows: stageRows(ctx) },
    { kind: 'heading', level: 3, text: 'Plugins and agent' },
    {
      kind: 'list',
      items: [
        'Plugins: Pipeline (workflow-aggregator), a branch source (Git, GitHub or GitLab Branch Source), Credentials Binding, JUnit, Timestamper; optionally Basic Branch Build Strategies for tag builds. The Docker Pipeline plugin is not needed: the steps call the docker CLI.',
        'An agent labelled `docker` with Docker Engine and the buildx plugin, git, Node.js 20+ (`npx` for the Lint stage)' +
          (ctx.registry.id === 'ecr' ? ', the AWS CLI v2' : '') +
          (ctx.tier === 4 ? ', curl, jq (the Sign stage reads the provenance with it)' : '') +
          '. Trivy, Cosign' +
          (ctx.tier === 4 ? ' and kustomize' : '') +
          ' run as pinned images (`TRIVY_IMAGE`, `COSIGN_IMAGE` in the environment block).',
        'The Docker daemon must see the workspace at the same path (an agent on the Docker host, or a docker-outside-of-docker agent that mounts its workspace at the same path): the tool containers mount it.',
        ...(ctx.tier === 4
          ? [
              `Other platforms than the agent's build under QEMU unless the Dockerfile cross-compiles: register it once per agent with \`docker run --privileged --rm tonistiigi/binfmt --install all\`.`,
            ]
          : []),
      ],
    },
    { kind: 'heading', level: 3, text: 'Credentials to create' },
    {
      kind: 'paragraph',
      text: 'Manage Jenkins → Credentials (or the folder’s credentials), with exactly these IDs. The pipeline binds each one only in the stages that need it.',
    },
    { kind: 'table', head: ['ID', 'Kind', 'Used by', 'Contents'], rows: credentialRows(ctx) },
    {
      kind: 'paragraph',
      text: 'Agents in the cloud should not hold keys: on EC2/EKS use the instance or pod IAM role (ECR), on GCE/GKE the attached service account or Workload Identity (Artifact Registry), on Azure a managed identity with `az acr login` (ACR). Then drop the registry binding and its login line in the Jenkinsfile.',
    },
    { kind: 'heading', level: 3, text: 'Settings' },
    {
      kind: 'paragraph',
      text: 'The `environment` block at the top of the Jenkinsfile holds the non-secret settings, with example values to replace:',
    },
    {
      kind: 'list',
      items: jenkinsSettings(ctx).map((e) => `\`${e.name}\` = ${e.value.replace(/^'|'$/g, '`')}`),
    },
    { kind: 'heading', level: 3, text: 'Signing key and verification' },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        '# Once: create the key pair; upload cosign.key and its password to Jenkins, commit cosign.pub.',
        'cosign generate-key-pair',
        '',
        '# The digest of a build is archived as ' + `${REPORTS_DIR}/image-digest.txt.`,
        `IMAGE=${image}`,
        'DIGEST=sha256:…',
        cosignVerifyCommand(ctx, '"$IMAGE@$DIGEST"'),
        'cosign verify-attestation --key cosign.pub --type cyclonedx "$IMAGE@$DIGEST"',
        ...(ctx.tier === 4
          ? [
              'cosign verify-attestation --key cosign.pub --type slsaprovenance1 "$IMAGE@$DIGEST"',
              `docker buildx imagetools inspect "$IMAGE@$DIGEST" --format '{{json .Provenance}}'`,
              `docker buildx imagetools inspect "$IMAGE@$DIGEST" --format '{{json .SBOM}}'`,
            ]
          : []),
      ],
    },
  ];
  if (ctx.tier === 4) {
    blocks.push(
      { kind: 'heading', level: 3, text: 'Promotion' },
      {
        kind: 'paragraph',
        text: `After a push from \`${ctx.defaultBranch}\` or a tag, the Promote stage waits up to a day for approval (restrict who may approve with \`submitter\` in its \`input\`). It then verifies the Cosign signature and the SLSA provenance attestation against \`cosign.pub\`, re-scans the digest with Trivy, sets \`app=<image>@<digest>\` in \`$DEPLOY_OVERLAY/kustomization.yaml\` of the deploy repository on a \`promote/…\` branch and opens a pull request through the GitHub REST API (\`DEPLOY_API_URL\`, also for GitHub Enterprise). For a GitLab deploy repository, replace the curl call with \`git push -o merge_request.create -o merge_request.target=$DEPLOY_BASE_BRANCH\`. Builds of the same branch queue behind a pending approval (\`disableConcurrentBuilds()\`).`,
      },
    );
  }
  return blocks;
}

export function jenkinsDecisions(ctx: ReleaseContext): Decision[] {
  const decisions: Decision[] = [
    {
      topic: 'Jenkins credentials',
      choice: 'stored credentials bound per stage with credentials(), every sh step single-quoted',
      reason:
        'Jenkins has no OIDC federation by default; single quotes let the shell expand secrets (masked by Jenkins) instead of Groovy interpolating them into the script text, as the Credentials Binding docs advise',
    },
    {
      topic: 'Jenkins registry binding name',
      choice: 'REGISTRY_CREDS (REGISTRY_CREDS_USR / _PSW)',
      reason: 'a REGISTRY variable would also be read by buildx bake as its REGISTRY variable',
    },
    {
      topic: 'Jenkins tools',
      choice: 'Trivy and Cosign run as images pinned by digest; Trivy scans a `docker save` tarball',
      reason:
        'nothing to install on agents, reproducible versions, and the scanner never gets the Docker socket',
    },
    {
      topic: 'Jenkins Docker config',
      choice: 'DOCKER_CONFIG in WORKSPACE@tmp, removed in post { cleanup }',
      reason:
        'registry logins do not outlive the build or leak to other jobs on the agent, and never sit in the build context',
    },
    {
      topic: 'Jenkins reports',
      choice: `written to WORKSPACE@tmp, copied to ${REPORTS_DIR}/ only in post for junit/archiveArtifacts`,
      reason: 'the workspace is the build context: reports there would end up in the pushed image',
    },
    {
      topic: 'Jenkins signing',
      choice: 'Cosign key pair (secret file + password credentials)',
      reason: 'keyless signing needs an OIDC identity token, which Jenkins does not issue by default',
    },
  ];
  if (ctx.tier === 4)
    decisions.push({
      topic: 'Jenkins promotion',
      choice: 'pipeline agent none; Promote has its own agent, input and a one-day timeout',
      reason:
        'a stage input is answered before the stage agent is allocated, so waiting for approval holds no executor',
    });
  return decisions;
}
