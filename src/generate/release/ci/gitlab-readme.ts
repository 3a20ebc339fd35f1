import type { MarkdownBlock } from '../../model/files.js';
import type { Decision } from '../../types.js';
import type { ReleaseContext } from '../context.js';
import { cosignVerifyCommand } from '../shell.js';
import { FAIL_SEVERITIES, PIPELINE_IMAGES } from './gitlab-images.js';

/** Rows of the variables table a CI pipeline needs: the registry's, minus the fallbacks for CIs without OIDC. */
export function pipelineVariables(
  ctx: ReleaseContext,
  extra: readonly (readonly [string, string, string])[],
): string[][] {
  const federated = ctx.registry.federation !== null && ctx.registry.federation.kind !== 'github-token';
  const rows = ctx.registry.variables
    .filter((v) => !(federated && v.description.startsWith('only where the CI has no OIDC')))
    .map((v) => [
      `\`${v.name}\``,
      v.secret ? 'secret (masked, protected)' : 'variable',
      v.example ? `${v.description} (e.g. \`${v.example}\`)` : v.description,
    ]);
  return [...rows, ...extra.map((r) => [...r])];
}

/** How to check a pushed digest: signature, CycloneDX attestation and (tier 4) scan and provenance attestations. */
export function verifyCommands(ctx: ReleaseContext, ref: string, attestFlags: string): string[] {
  const lines = [
    cosignVerifyCommand(ctx, ref),
    `cosign verify-attestation --type cyclonedx ${attestFlags} ${ref}`,
  ];
  if (ctx.tier === 4) {
    lines.push(
      `cosign verify-attestation --type vuln ${attestFlags} ${ref}`,
      `cosign verify-attestation --type slsaprovenance1 ${attestFlags} ${ref}`,
      `docker buildx imagetools inspect ${ref} --format '{{json .Provenance}}'`,
      `docker buildx imagetools inspect ${ref} --format '{{json .SBOM}}'`,
    );
  }
  return lines;
}

const REF = '"$IMAGE@sha256:<digest>"';

export function gitlabReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const verify = cosignVerifyCommand(ctx, REF);
  const flags = verify.slice(verify.indexOf('--certificate-oidc-issuer'));
  const extra: (readonly [string, string, string])[] = [];
  if (ctx.tier === 4) {
    extra.push(
      [
        '`DEPLOY_REPO`',
        'secret (masked, protected)',
        'clone URL of the deploy repository with a project access token (write_repository), e.g. `https://oauth2:<token>@gitlab.com/acme/deploy.git`',
      ],
      ['`DEPLOY_OVERLAY`', 'variable', 'kustomize overlay to update (default `overlays/production`)'],
    );
  }
  const stages = [
    `**lint**: \`dockwright lint --profile ${ctx.profile}\` (pinned dockwright ${ctx.dockwrightVersion}); findings appear in the merge request's Code Quality widget.`,
    `**build**: rootless BuildKit builds the \`${ctx.stages.production}\` stage into \`image.tar\`, with a registry cache in this project's GitLab registry (written only on the default branch and tags).`,
    ctx.stages.test
      ? `**test**: builds the \`${ctx.stages.test.stage}\` stage, which runs ${ctx.stages.test.command}.`
      : '**test**: none — the stack has no test command dockwright could detect; add a `test` stage to the Dockerfile and a job to run it.',
    `**scan** / **sbom**: Trivy scans \`image.tar\` with \`${ctx.paths.trivyConfig}\` and fails on ${FAIL_SEVERITIES}; a CycloneDX SBOM (\`sbom.cdx.json\`) is kept as an artifact.`,
    ctx.tier === 4
      ? `**publish**: \`docker buildx bake -f ${ctx.paths.bake} production --push\` builds ${ctx.platforms.join(', ')} on docker-in-docker (TLS, privileged runner), with the bake file's SLSA provenance (\`mode=max\`) and SBOM attestations attached.`
      : '**publish**: pushes the scanned `image.tar` itself (skopeo), so the pushed digest is the one Trivy passed.',
    ...(ctx.tier === 4
      ? [
          '**verify**: Trivy re-scans every platform of the pushed digest and writes a vulnerability report for attestation.',
        ]
      : []),
    `**sign**: keyless Cosign signature of the digest and a CycloneDX SBOM attestation${ctx.tier === 4 ? `, plus the vulnerability report and BuildKit's SLSA provenance as Cosign attestations (the provenance is what \`${ctx.paths.cosignPolicy}\` requires)` : ''} (GitLab OIDC → Fulcio).`,
    ...(ctx.tier === 4
      ? [
          '**promote** (manual): verifies the signature and the scan and provenance attestations, then pushes a branch to `$DEPLOY_REPO` pinning the kustomize image to the digest and opens a merge request with git push options.',
        ]
      : []),
  ];
  return [
    { kind: 'heading', level: 2, text: 'Release pipeline (GitLab CI)' },
    { kind: 'paragraph', text: `\`${ctx.paths.pipeline}\` runs these stages:` },
    { kind: 'list', items: stages },
    {
      kind: 'paragraph',
      text: `Merge requests run lint, build, test, scan and SBOM only — nothing is pushed. The default branch (\`${ctx.defaultBranch}\`) and tags also publish, sign${ctx.tier === 4 ? ', attest and offer the manual promotion' : ''}. Tags come from git: \`sha-<short sha>\` always, plus \`1.2.3\`, \`1.2\` and \`1\` for a tag \`v1.2.3\` (only \`1.2.3-rc.1\` for a pre-release) or the branch name.`,
    },
    { kind: 'heading', level: 3, text: 'CI/CD variables (Settings → CI/CD → Variables)' },
    { kind: 'table', head: ['name', 'kind', 'what'], rows: pipelineVariables(ctx, extra) },
    ...(ctx.registry.federation && ctx.registry.federation.kind !== 'github-token'
      ? [
          {
            kind: 'paragraph' as const,
            text:
              'The registry login uses GitLab’s OIDC `id_tokens` (no stored cloud keys): trust `https://gitlab.com` in the cloud account and limit the trust to this project’s protected default branch and tags (`sub` = `project_path:<group>/<project>:ref_type:branch:ref:' +
              ctx.defaultBranch +
              '`).',
          },
        ]
      : []),
    {
      kind: 'paragraph',
      text: 'Keyless signing needs GitLab.com (a self-managed instance needs its own Sigstore deployment) and the `id_tokens` block in this project’s own `.gitlab-ci.yml` (not included from another project). Replace GROUP/PROJECT below with the project path.',
    },
    { kind: 'heading', level: 3, text: 'Verify what the pipeline pushed' },
    { kind: 'code', lang: 'sh', lines: verifyCommands(ctx, REF, flags) },
  ];
}

export function gitlabDecisions(ctx: ReleaseContext): Decision[] {
  const out: Decision[] = [
    {
      topic: 'GitLab image build',
      choice: `rootless BuildKit (${PIPELINE_IMAGES.buildkit}, buildctl-daemonless.sh)`,
      reason: 'Kaniko is archived; rootless BuildKit needs no privileged runner and no Docker daemon',
    },
    {
      topic: 'GitLab build cache',
      choice:
        '`$CI_REGISTRY_IMAGE/buildcache` (type=registry, mode=max), exported only on the default branch and tags',
      reason:
        'the job token can always reach the project registry, so merge requests get cache hits without registry secrets, and they cannot poison the cache',
    },
    {
      topic: 'GitLab registry login',
      choice:
        'one `config.json` written per job; cloud registries via GitLab OIDC id_tokens (AWS CLI for ECR, the STS/Entra token-exchange endpoints with curl for Artifact Registry and ACR)',
      reason:
        'short-lived credentials only, and every tool (skopeo, cosign, trivy, buildx) reads the same file; no cloud SDK image is needed',
    },
  ];
  if (ctx.tier === 3) {
    out.push({
      topic: 'GitLab push',
      choice: 'skopeo pushes the scanned image.tar',
      reason: 'the digest that gets signed is byte-for-byte the image Trivy passed',
    });
  } else {
    out.push({
      topic: 'GitLab multi-platform push',
      choice:
        'buildx bake on docker-in-docker with TLS, QEMU via binfmt for non-amd64 platforms; the pushed digest is re-scanned before it is signed',
      reason:
        'bake builds every platform with provenance and SBOM attestations in one push; emulation needs a privileged runner, so only the publish job uses one',
    });
  }
  return out;
}
