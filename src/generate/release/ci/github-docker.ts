// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written as ${{ … }}
import { before, type YamlFileModel, type YamlValue } from '../../model/yaml.js';
import { PROVENANCE_ATTEST_SCRIPT } from '../attestations.js';
import type { ReleaseContext } from '../context.js';
import { uses } from './actions.js';
import { imageNameStep, loginSteps, registryPermissions } from './github-registry.js';

/**
 * `.github/workflows/docker.yml`: lint → build (cache) → test stage → production image → Trivy gate, on every pull
 * request and push; then, only for pushes to the default branch and `v*` tags, push → SBOM → Cosign keyless
 * signature; tier 4 adds a Cosign-attested SLSA provenance and a GitHub build-provenance attestation. Each job
 * gets only the permissions it uses.
 */

export const DOCKER_WORKFLOW = '.github/workflows/docker.yml';
/** The runner every job uses (pinned, not `ubuntu-latest`, so the toolset changes only when this file does). */
export const RUNNER = 'ubuntu-24.04';
/** The runner's own platform: anything else needs QEMU emulation. */
const NATIVE_PLATFORM = 'linux/amd64';
/** Local tag of the image the scan job builds and scans (never pushed). */
const scanTag = (ctx: ReleaseContext) => `local/${ctx.image}:scan`;

/** The condition for publishing: a push to the default branch or a `v*` tag — never a pull request. */
export function publishCondition(ctx: ReleaseContext): string {
  return `github.event_name == 'push' && (github.ref == 'refs/heads/${ctx.defaultBranch}' || startsWith(github.ref, 'refs/tags/v'))`;
}

/** SARIF uploads need `security-events: write`, which pull requests from forks never get. */
const SARIF_UPLOAD_IF =
  "always() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)";

const checkout: YamlValue = {
  name: 'Check out',
  uses: uses('checkout'),
  // No token left in .git/config for later steps (or the image build) to read.
  with: { 'persist-credentials': false },
};

function gha(ctx: ReleaseContext, scope: string) {
  return {
    from: `type=gha,scope=${ctx.image}-${scope}`,
    to: `type=gha,mode=max,scope=${ctx.image}-${scope}`,
  };
}

function lintJob(ctx: ReleaseContext): YamlValue {
  const lint = `npx --yes dockwright@${ctx.dockwrightVersion} lint --profile ${ctx.profile}`;
  return {
    name: 'Lint (dockwright review)',
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    permissions: { contents: 'read', 'security-events': 'write' },
    steps: [
      checkout,
      {
        name: 'Review as SARIF',
        // The findings go to code scanning; the next-but-one step fails the job with a readable log.
        'continue-on-error': true,
        run: `${lint} --format sarif -o dockwright.sarif`,
      },
      {
        name: 'Upload review to code scanning',
        if: SARIF_UPLOAD_IF,
        uses: uses('uploadSarif'),
        with: { sarif_file: 'dockwright.sarif', category: 'dockwright' },
      },
      { name: 'Review', run: lint },
    ],
  };
}

function testStep(ctx: ReleaseContext, bake: boolean): YamlValue {
  const test = ctx.stages.test;
  if (!test) {
    return before(
      {
        name: 'Test stage',
        run: 'echo "::notice title=No test stage::The Dockerfile has no test stage, so the pipeline runs no tests. Add a stage named test (FROM the build stage) that runs them."',
      },
      'dockwright found no test command for this app, so the Dockerfile has no `test` stage.',
    );
  }
  const cache = gha(ctx, 'build');
  if (bake) {
    return before(
      {
        name: 'Test stage',
        uses: uses('bake'),
        with: {
          source: '.',
          files: ctx.paths.bake,
          targets: test.stage,
          set: [
            `${test.stage}.output=type=cacheonly`,
            `${test.stage}.cache-from=${cache.from}`,
            `${test.stage}.cache-to=${cache.to}`,
          ].join('\n'),
        },
      },
      `Runs \`${test.command}\` inside the image build (${test.reason}).`,
    );
  }
  return before(
    {
      name: 'Test stage',
      uses: uses('buildPush'),
      with: {
        context: ctx.layout.context,
        file: ctx.layout.dockerfile,
        target: test.stage,
        outputs: 'type=cacheonly',
        'cache-from': cache.from,
        'cache-to': cache.to,
      },
    },
    `Runs \`${test.command}\` inside the image build (${test.reason}).`,
  );
}

/** Builds the production image for the runner's platform into the local Docker store for the scan. */
function localBuildStep(ctx: ReleaseContext, bake: boolean): YamlValue {
  const cache = gha(ctx, 'build');
  const stage = ctx.stages.production;
  if (bake) {
    return {
      name: 'Build the production image (runner platform, loaded locally)',
      uses: uses('bake'),
      with: {
        source: '.',
        files: ctx.paths.bake,
        targets: 'production',
        load: true,
        set: [
          `production.platform=${NATIVE_PLATFORM}`,
          `production.tags=${scanTag(ctx)}`,
          `production.cache-from=${cache.from}`,
          `production.cache-to=${cache.to}`,
        ].join('\n'),
      },
    };
  }
  return {
    name: 'Build the production image (loaded locally)',
    uses: uses('buildPush'),
    with: {
      context: ctx.layout.context,
      file: ctx.layout.dockerfile,
      target: stage,
      load: true,
      tags: scanTag(ctx),
      'cache-from': cache.from,
      'cache-to': cache.to,
    },
  };
}

function scanJob(ctx: ReleaseContext): YamlValue {
  const bake = ctx.paths.bake !== null;
  return {
    name: 'Build, test and scan',
    needs: 'lint',
    'runs-on': RUNNER,
    'timeout-minutes': bake ? 60 : 30,
    permissions: { contents: 'read', 'security-events': 'write' },
    steps: [
      checkout,
      { name: 'Set up Buildx', uses: uses('setupBuildx') },
      testStep(ctx, bake),
      localBuildStep(ctx, bake),
      before(
        {
          name: 'Vulnerability scan (Trivy)',
          uses: uses('trivy'),
          with: {
            'image-ref': scanTag(ctx),
            'trivy-config': ctx.paths.trivyConfig,
            trivyignores: ctx.paths.trivyIgnore,
            severity: 'CRITICAL,HIGH',
            'exit-code': '1',
            format: 'sarif',
            output: 'trivy.sarif',
          },
        },
        'Fails the build on CRITICAL or HIGH findings; accepted risks go in .trivyignore with an expiry date.',
      ),
      {
        name: 'Upload scan to code scanning',
        if: SARIF_UPLOAD_IF,
        uses: uses('uploadSarif'),
        with: { sarif_file: 'trivy.sarif', category: 'trivy' },
      },
    ],
  };
}

const METADATA_TAGS = [
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  "type=semver,pattern={{major}},enable=${{ !startsWith(github.ref, 'refs/tags/v0.') }}",
  'type=ref,event=branch',
  'type=sha',
].join('\n');

function publishBuildSteps(ctx: ReleaseContext): YamlValue[] {
  const cache = gha(ctx, 'publish');
  if (ctx.paths.bake) {
    return [
      {
        name: 'Build and push (bake, every platform)',
        id: 'bake',
        uses: uses('bake'),
        with: {
          source: '.',
          // The metadata action's bake file fills the `docker-metadata-action` target that `production` inherits.
          files: `${ctx.paths.bake}\ncwd://\${{ steps.meta.outputs.bake-file }}`,
          targets: 'production',
          push: true,
          // No `provenance`/`sbom` inputs: they would replace the bake file's `attest` (SLSA v1, mode=max, SBOM).
          set: [`production.cache-from=${cache.from}`, `production.cache-to=${cache.to}`].join('\n'),
        },
      },
      {
        name: 'Image digest',
        id: 'build',
        env: { METADATA: '${{ steps.bake.outputs.metadata }}' },
        run: [
          'digest="$(printf %s "$METADATA" | jq -r \'.production["containerimage.digest"]\')"',
          'case "$digest" in sha256:*) ;; *) echo "no digest in the bake metadata" >&2; exit 1 ;; esac',
          'echo "digest=$digest" >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
    ];
  }
  return [
    {
      name: 'Build and push',
      id: 'build',
      uses: uses('buildPush'),
      with: {
        context: ctx.layout.context,
        file: ctx.layout.dockerfile,
        target: ctx.stages.production,
        platforms: ctx.platforms.join(','),
        push: true,
        tags: '${{ steps.meta.outputs.tags }}',
        labels: '${{ steps.meta.outputs.labels }}',
        annotations: '${{ steps.meta.outputs.annotations }}',
        'cache-from': cache.from,
        'cache-to': cache.to,
      },
    },
  ];
}

/** `env:` for steps that address the pushed image by digest. */
const DIGEST_ENV = {
  IMAGE: '${{ steps.image.outputs.name }}',
  DIGEST: '${{ steps.build.outputs.digest }}',
};

function publishJob(ctx: ReleaseContext): YamlValue {
  const emulate = ctx.platforms.some((p) => p !== NATIVE_PLATFORM);
  const tier4 = ctx.tier === 4;
  return {
    name: 'Push, SBOM and sign',
    needs: 'scan',
    if: publishCondition(ctx),
    'runs-on': RUNNER,
    'timeout-minutes': tier4 ? 60 : 30,
    permissions: {
      contents: 'read',
      ...registryPermissions(ctx, 'write'),
      // Cosign keyless: the job's OIDC token is exchanged for a short-lived signing certificate.
      'id-token': 'write',
      ...(tier4 ? { attestations: 'write', 'artifact-metadata': 'write' } : {}),
    },
    steps: [
      checkout,
      imageNameStep(ctx),
      ...(emulate
        ? [
            before(
              {
                name: 'Set up QEMU',
                uses: uses('setupQemu'),
                with: { platforms: ctx.platforms.filter((p) => p !== NATIVE_PLATFORM).join(',') },
              },
              'Emulates the platforms the runner is not; slower than native runners but one job.',
            ),
          ]
        : []),
      { name: 'Set up Buildx', uses: uses('setupBuildx') },
      ...loginSteps(ctx),
      {
        name: 'Tags and labels from git',
        id: 'meta',
        uses: uses('metadata'),
        with: { images: '${{ steps.image.outputs.name }}', tags: METADATA_TAGS },
      },
      ...publishBuildSteps(ctx),
      before(
        {
          name: 'Scan the pushed image (gate before signing)',
          uses: uses('trivy'),
          with: {
            'image-ref': '${{ steps.image.outputs.name }}@${{ steps.build.outputs.digest }}',
            'trivy-config': ctx.paths.trivyConfig,
            trivyignores: ctx.paths.trivyIgnore,
            severity: 'CRITICAL,HIGH',
            'exit-code': '1',
          },
        },
        'The digest that gets signed is the one scanned here (the scan job scanned a local build of the same commit).',
      ),
      {
        name: 'SBOM (CycloneDX)',
        uses: uses('trivy'),
        with: {
          'scan-type': 'image',
          'image-ref': '${{ steps.image.outputs.name }}@${{ steps.build.outputs.digest }}',
          format: 'cyclonedx',
          output: 'sbom.cdx.json',
        },
      },
      {
        name: 'Keep the SBOM with the run',
        uses: uses('uploadArtifact'),
        with: { name: 'sbom-cyclonedx', path: 'sbom.cdx.json', 'if-no-files-found': 'error' },
      },
      { name: 'Install Cosign', uses: uses('cosignInstaller') },
      {
        name: 'Sign the image (keyless)',
        env: DIGEST_ENV,
        run: 'cosign sign --yes "$IMAGE@$DIGEST"',
      },
      {
        name: 'Attest the SBOM',
        env: DIGEST_ENV,
        run: 'cosign attest --yes --type cyclonedx --predicate sbom.cdx.json "$IMAGE@$DIGEST"',
      },
      ...(tier4
        ? [
            before(
              {
                name: 'Attest the SLSA provenance (Cosign)',
                // Keyless like the signature: no key flags, the job's OIDC token signs.
                env: { ...DIGEST_ENV, COSIGN_SIGN_ARGS: '' },
                run: PROVENANCE_ATTEST_SCRIPT,
              },
              `BuildKit's SLSA v1 provenance, re-signed as a Cosign attestation: what ${ctx.paths.cosignPolicy ?? 'the admission policy'} requires.`,
            ),
            {
              name: 'GitHub build provenance',
              uses: uses('attestProvenance'),
              with: {
                'subject-name': '${{ steps.image.outputs.subject }}',
                'subject-digest': '${{ steps.build.outputs.digest }}',
                'push-to-registry': true,
              },
            },
          ]
        : []),
      {
        name: 'Summary',
        env: DIGEST_ENV,
        // The digest to verify and to promote (README.Docker.md, promote.yml).
        run: 'echo "Pushed and signed: $IMAGE@$DIGEST" >> "$GITHUB_STEP_SUMMARY"',
      },
    ],
  };
}

export function dockerWorkflow(ctx: ReleaseContext): YamlFileModel {
  const branch = ctx.defaultBranch;
  return {
    header: [
      `Generated by \`dockwright init\` (tier ${ctx.tier}). Build, test, scan, sign and push the ${ctx.image} image.`,
      `Pull requests: lint, build, test stage and Trivy scan. Pushes to ${branch} and v* tags also push, sign and attest.`,
      'Every action is pinned to a commit SHA (version in the comment); Dependabot keeps the pins current.',
    ],
    body: {
      name: 'docker',
      on: {
        push: { branches: [branch], tags: ['v*'] },
        pull_request: { branches: [branch] },
      },
      permissions: before({}, 'No default token permissions; each job asks for what it uses.'),
      concurrency: {
        group: '${{ github.workflow }}-${{ github.ref }}',
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      },
      defaults: { run: { shell: 'bash' } },
      jobs: {
        lint: lintJob(ctx),
        scan: scanJob(ctx),
        publish: publishJob(ctx),
      },
    },
  };
}
