import { PROVENANCE_ATTEST_SCRIPT } from '../attestations.js';
import type { ReleaseContext } from '../context.js';
import { imageReference, placeholders } from '../registry.js';
import { cosignVerifyCommand, PROMOTE_SCRIPT, TAGS_SCRIPT } from '../shell.js';

/**
 * The POSIX sh scripts of the Jenkinsfile's `sh` steps. Each runs in a fresh shell, so each starts with the
 * prelude it needs. Secrets only ever appear as `$VARIABLES` the shell expands (Jenkins masks them in the log).
 */

export { COSIGN_IMAGE, TRIVY_IMAGE } from '../tool-images.js';

/** Tag only: no digest for it could be confirmed offline. */
export const KUSTOMIZE_IMAGE = 'registry.k8s.io/kustomize/kustomize:v5.8.1';

/** The builder every build and push shares on the agent (a docker-container builder: registry cache, multi-arch). */
export const BUILDER = 'dockwright';
/** Where reports are copied for archiving (excluded from the build context by being created only in `post`). */
export const REPORTS_DIR = 'ci-reports';

/** Non-secret settings the image name needs, in the registry's own placeholder order. */
export function imageSettings(ctx: ReleaseContext): string[] {
  return placeholders(`${ctx.registry.host}/${ctx.registry.repository}`);
}

/** `$IMAGE` for the shell: host/repository with `${VAR}` placeholders. */
export function shellImage(ctx: ReleaseContext): string {
  return imageReference(ctx.registry, (name) => `\${${name}}`);
}

/** bake's `REGISTRY` variable: the image reference without its last path element (the image name). */
function shellRegistryPrefix(ctx: ReleaseContext): string {
  const full = shellImage(ctx);
  return full.slice(0, full.lastIndexOf('/'));
}

/** Every script: strict mode, and `$CI_TMP` (WORKSPACE@tmp: next to the checkout, never in the build context). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
const BASE = ['set -eu', 'CI_TMP="${WORKSPACE_TMP:-$WORKSPACE@tmp}"', 'mkdir -p "$CI_TMP/reports"'];

/**
 * Scripts that talk to Docker: a per-build Docker config (registry logins never outlive the build), then `$IMAGE`
 * (the registry name) and `$LOCAL_IMAGE` (the scanned local build) for the scripts that use them.
 */
function dockerPrelude(ctx: ReleaseContext, use: { image?: boolean; local?: boolean } = {}): string[] {
  return [
    ...BASE,
    'export DOCKER_CONFIG="$CI_TMP/docker" BUILDX_CONFIG="$HOME/.docker/buildx"',
    'mkdir -p "$DOCKER_CONFIG"',
    ...(use.image ? [`IMAGE="${shellImage(ctx)}"`] : []),
    ...(use.local ? [`LOCAL_IMAGE="${localImage(ctx)}"`] : []),
  ];
}

/** The image the Build stage loads into the agent's engine (named by commit, removed in cleanup). */
const localImage = (ctx: ReleaseContext) => `dockwright-ci/${ctx.image}:$GIT_COMMIT`;

/** Shell functions that run the pinned tool images with the workspace and CI_TMP mounted at their own paths. */
const TOOL_RUN =
  'docker run --rm -u "$(id -u):$(id -g)" -e HOME=/tmp -e DOCKER_CONFIG -v "$WORKSPACE:$WORKSPACE" -v "$CI_TMP:$CI_TMP" -w "$PWD"';
const TRIVY_FN = `trivy() { ${TOOL_RUN} "$TRIVY_IMAGE" --cache-dir "$CI_TMP/trivy-cache" "$@"; }`;
const COSIGN_FN = `cosign() { ${TOOL_RUN} -e COSIGN_PASSWORD "$COSIGN_IMAGE" "$@"; }`;
const KUSTOMIZE_FN = `kustomize() { ${TOOL_RUN} --entrypoint kustomize "$KUSTOMIZE_IMAGE" "$@"; }`;

/** Registry login from the stage's `REGISTRY_CREDS` binding (see `registryCredential`). */
export function loginLines(ctx: ReleaseContext): string[] {
  const host = imageReference({ ...ctx.registry, repository: '' }, (n) => `\${${n}}`).replace(/\/$/, '');
  switch (ctx.registry.id) {
    case 'ecr':
      return [
        '# An access key of a push-only IAM user; on an EC2/EKS agent drop the two assignments and the',
        '# REGISTRY_CREDS binding, and the instance role is used instead.',
        `AWS_ACCESS_KEY_ID="$REGISTRY_CREDS_USR" AWS_SECRET_ACCESS_KEY="$REGISTRY_CREDS_PSW" aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "${host}"`,
      ];
    case 'gcr':
      return [
        '# REGISTRY_CREDS is the path of the service account JSON key (a Secret file credential).',
        `docker login --username _json_key --password-stdin "https://${host}" < "$REGISTRY_CREDS"`,
      ];
    default:
      return [
        `printf '%s\\n' "$REGISTRY_CREDS_PSW" | docker login --username "$REGISTRY_CREDS_USR" --password-stdin "${host}"`,
      ];
  }
}

/** Git metadata → `$TAGS` (shared tag rules): a tag build's name, else the branch. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
const TAG_LINES = ['GIT_REF="${TAG_NAME:-${BRANCH_NAME:-}}"', 'GIT_SHA="$GIT_COMMIT"', TAGS_SCRIPT];

/** Registry cache flags; ECR needs an OCI image manifest for cache blobs. */
function cacheRef(ctx: ReleaseContext): string {
  const extra = ctx.registry.id === 'ecr' ? ',image-manifest=true,oci-mediatypes=true' : '';
  return `type=registry,ref=$IMAGE:buildcache${extra}`;
}

function buildxBuild(ctx: ReleaseContext, target: string, platform: string | null, tail: string[]): string[] {
  return [
    `docker buildx build --builder ${BUILDER} \\`,
    ...(platform ? [`  --platform ${platform} \\`] : []),
    `  --file ${ctx.layout.dockerfile} --target ${target} \\`,
    `  --cache-from "${cacheRef(ctx)}" \\`,
    ...tail.map((t) => `  ${t} \\`),
    `  ${ctx.layout.context}`,
  ];
}

export function lintScript(ctx: ReleaseContext): string {
  return [
    ...BASE,
    `npx --yes dockwright@${ctx.dockwrightVersion} lint --profile ${ctx.profile} --format junit -o "$CI_TMP/reports/dockwright-junit.xml"`,
  ].join('\n');
}

/** Builds the production image for one platform into the local engine (scanned next; never pushed from here). */
export function buildScript(ctx: ReleaseContext): string {
  // Tier 4 builds every platform at push time (bake); here only the agent's own, so it can be loaded and scanned.
  const platform = ctx.tier === 3 ? (ctx.platforms[0] ?? null) : null;
  return [
    ...dockerPrelude(ctx, { image: true, local: true }),
    '# buildx may live in ~/.docker/cli-plugins, which the per-build DOCKER_CONFIG would hide.',
    'if [ -d "$HOME/.docker/cli-plugins" ]; then ln -sfn "$HOME/.docker/cli-plugins" "$DOCKER_CONFIG/cli-plugins"; fi',
    `docker buildx inspect ${BUILDER} >/dev/null 2>&1 || docker buildx create --name ${BUILDER} --driver docker-container --bootstrap`,
    ...buildxBuild(ctx, ctx.stages.production, platform, ['--load --tag "$LOCAL_IMAGE"']),
  ].join('\n');
}

export function testScript(ctx: ReleaseContext): string {
  const test = ctx.stages.test;
  if (!test) {
    return `echo "No test stage: the ${ctx.stack} setup has none at this tier, so nothing runs here. Add a test stage to ${ctx.layout.dockerfile} to gate releases on tests."`;
  }
  const platform = ctx.tier === 3 ? (ctx.platforms[0] ?? null) : null;
  return [
    ...dockerPrelude(ctx, { image: true }),
    `# The "${test.stage}" stage runs: ${test.command}`,
    ...buildxBuild(ctx, test.stage, platform, []),
  ].join('\n');
}

export function scanScript(ctx: ReleaseContext): string {
  return [
    ...dockerPrelude(ctx, { local: true }),
    TRIVY_FN,
    '# Scan a saved copy of the image: Trivy gets no access to the Docker socket.',
    'docker save --output "$CI_TMP/image.tar" "$LOCAL_IMAGE"',
    'status=0',
    `trivy image --config ${ctx.paths.trivyConfig} --input "$CI_TMP/image.tar" --severity CRITICAL,HIGH --exit-code 1 --format json --output "$CI_TMP/reports/trivy-report.json" || status=$?`,
    'trivy convert --format table "$CI_TMP/reports/trivy-report.json"',
    'exit "$status"',
  ].join('\n');
}

export function sbomScript(ctx: ReleaseContext): string {
  return [
    ...dockerPrelude(ctx),
    TRIVY_FN,
    'trivy image --input "$CI_TMP/image.tar" --format cyclonedx --exit-code 0 --output "$CI_TMP/reports/sbom.cdx.json"',
  ].join('\n');
}

/** Digest of the pushed image from buildx's metadata file, kept for Sign and Promote. */
const DIGEST_LINES = [
  'DIGEST="$(grep -o \'"containerimage.digest": *"sha256:[0-9a-f]*"\' "$CI_TMP/build-metadata.json" | grep -o \'sha256:[0-9a-f]*\' | head -n 1)"',
  'printf \'%s\\n\' "$DIGEST" > "$CI_TMP/reports/image-digest.txt"',
  'echo "Pushed $IMAGE@$DIGEST (tags: $TAGS)"',
];

export function pushScript(ctx: ReleaseContext): string {
  const lines = [...dockerPrelude(ctx, { image: true }), ...loginLines(ctx), ...TAG_LINES, 'set --'];
  if (ctx.tier === 3) {
    lines.push(
      'for t in $TAGS; do set -- "$@" --tag "$IMAGE:$t"; done',
      ...buildxBuild(ctx, ctx.stages.production, ctx.platforms[0] ?? null, [
        `--cache-to "${cacheRef(ctx)},mode=max"`,
        '--metadata-file "$CI_TMP/build-metadata.json" --push "$@"',
      ]),
    );
  } else {
    lines.push(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
      '# One --set per tag replaces the tags of the bake file (${REGISTRY}/${IMAGE}:${TAG}) with all of them.',
      'for t in $TAGS; do set -- "$@" --set "production.tags=$IMAGE:$t"; done',
      `REGISTRY="${shellRegistryPrefix(ctx)}" IMAGE="${ctx.image}" TAG="\${TAGS%% *}" \\`,
      // No --provenance/--sbom flags: they would replace the bake file's `attest` (SLSA v1 provenance, SBOM).
      `  docker buildx bake --builder ${BUILDER} --file ${ctx.paths.bake ?? 'docker-bake.hcl'} \\`,
      '  --metadata-file "$CI_TMP/build-metadata.json" --push "$@" production',
    );
  }
  lines.push(...DIGEST_LINES);
  return lines.join('\n');
}

export function signScript(ctx: ReleaseContext): string {
  const lines = [
    ...dockerPrelude(ctx, { image: true }),
    COSIGN_FN,
    ...loginLines(ctx),
    'DIGEST="$(cat "$CI_TMP/reports/image-digest.txt")"',
    'cosign sign --yes --key "$COSIGN_KEY" "$IMAGE@$DIGEST"',
    ctx.tier === 4
      ? '# The CycloneDX SBOM of the SBOM stage (the platform of this agent), signed, next to the SPDX ones of buildx.'
      : '# The CycloneDX SBOM of the SBOM stage, signed.',
    'cosign attest --yes --key "$COSIGN_KEY" --type cyclonedx --predicate "$CI_TMP/reports/sbom.cdx.json" "$IMAGE@$DIGEST"',
  ];
  if (ctx.tier === 4) {
    lines.push(
      "# BuildKit's SLSA provenance, re-signed with the same key: the attestation the admission policy requires.",
      '# Its working files go to CI_TMP, never into the workspace (the next build context).',
      'cd "$CI_TMP"',
      'COSIGN_SIGN_ARGS="--key $COSIGN_KEY"',
      PROVENANCE_ATTEST_SCRIPT,
    );
  }
  return lines.join('\n');
}

/**
 * Promotion gate: the digest must carry our signature and provenance attestation and still pass the scan (the
 * database may have moved on).
 */
export function promoteVerifyScript(ctx: ReleaseContext): string {
  return [
    ...dockerPrelude(ctx, { image: true }),
    TRIVY_FN,
    COSIGN_FN,
    ...loginLines(ctx),
    `DIGEST="$(cat ${REPORTS_DIR}/image-digest.txt)"`,
    cosignVerifyCommand(ctx, '"$IMAGE@$DIGEST"'),
    // What the admission policy checks: promote nothing a cluster would refuse.
    'cosign verify-attestation --key cosign.pub --type slsaprovenance1 "$IMAGE@$DIGEST" > /dev/null',
    `trivy image --config ${ctx.paths.trivyConfig} --severity CRITICAL,HIGH --exit-code 1 "$IMAGE@$DIGEST"`,
  ].join('\n');
}

/** Pushes a branch to the deploy repository that pins the digest, then opens a pull request through the GitHub API. */
export function promoteScript(ctx: ReleaseContext): string {
  return [
    ...dockerPrelude(ctx, { image: true }),
    KUSTOMIZE_FN,
    `DIGEST="$(cat ${REPORTS_DIR}/image-digest.txt)"`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'DEPLOY_REPO="https://$DEPLOY_GIT_USER:$DEPLOY_GIT_TOKEN@${DEPLOY_REPO_URL#https://}"',
    PROMOTE_SCRIPT,
    '# Open the pull request (GitHub REST API; the token goes in a header file, not on the command line).',
    'umask 077',
    'printf \'Authorization: Bearer %s\\n\' "$DEPLOY_GIT_TOKEN" > "$CI_TMP/deploy-auth"',
    'BODY="$(printf \'{"title":"Promote %s to %s","head":"%s","base":"%s","body":"Signature verified and re-scanned by %s"}\' "$(basename "$IMAGE")" "$DIGEST" "$PROMOTE_BRANCH" "$DEPLOY_BASE_BRANCH" "$BUILD_URL")"',
    'curl -fsS -X POST -H @"$CI_TMP/deploy-auth" -H \'Accept: application/vnd.github+json\' --data "$BODY" "$DEPLOY_API_URL/repos/$DEPLOY_REPO_SLUG/pulls"',
    'rm -f "$CI_TMP/deploy-auth"',
  ].join('\n');
}

/** Copies the reports into the workspace for `archiveArtifacts`/`junit` (only now, after every build used the context). */
export function collectReportsScript(): string {
  return [...BASE, `rm -rf ${REPORTS_DIR}`, `cp -R "$CI_TMP/reports" ${REPORTS_DIR}`].join('\n');
}

/** Removes everything the build left: registry logins, the image tarball, reports, the loaded image. */
export function cleanupScript(ctx: ReleaseContext): string {
  return [
    ...BASE,
    `rm -rf ${REPORTS_DIR} deploy-repo "$CI_TMP/docker" "$CI_TMP/reports" "$CI_TMP/image.tar" "$CI_TMP/build-metadata.json" "$CI_TMP/deploy-auth"${ctx.tier === 4 ? ' "$CI_TMP/provenance.all.json" "$CI_TMP/provenance.json"' : ''}`,
    `docker image rm "${localImage(ctx)}" >/dev/null 2>&1 || true`,
  ].join('\n');
}
