import { posix } from 'node:path';
import type { BakeFileModel, BakeTarget, HclValue } from '../model/bake.js';
import { hclRaw, hclTemplate } from '../model/bake.js';
import type { MarkdownBlock } from '../model/files.js';
import { wrapComment } from '../print/bake.js';
import type { Decision } from '../types.js';
import { provenanceDecisions, provenanceReadme } from './attestations.js';
import type { ReleaseContext, ReleaseOutput } from './context.js';
import { imageReference } from './registry.js';

/**
 * `docker-bake.hcl` (tier 4): the test, production and dev builds of the Dockerfile as bake targets, with
 * registry cache, the production platforms and SBOM + SLSA provenance attestations, so a pipeline (or a person)
 * runs `docker buildx bake` instead of repeating build flags.
 */

/** Bake target names; the pipelines address them with `--set <target>.<key>=…`. */
export const BAKE_TARGETS = { test: 'test', production: 'production', dev: 'dev' } as const;
/** The target GitHub's docker/metadata-action fills (its generated bake file defines the same name). */
export const METADATA_TARGET = 'docker-metadata-action';
const COMMON_TARGET = '_common';
/** BuildKit attestations of the pushed image: SLSA v1 provenance with the full build definition, and an SBOM. */
export const BAKE_ATTESTATIONS = ['type=provenance,mode=max,version=v1', 'type=sbom'] as const;

/** Registry and namespace in front of the image name, with `{VAR}` placeholders rendered by `render`. */
export function registryPrefix(ctx: ReleaseContext, render: (variable: string) => string): string {
  const full = imageReference(ctx.registry, render);
  // Every provider's repository ends with the image name (registry.ts); what comes before it is the prefix.
  return full.slice(0, full.length - ctx.image.length - 1);
}

/** Bake resolves `dockerfile` relative to `context` (docker/docs#22199), the layout gives it from the root. */
export function dockerfileInContext(ctx: ReleaseContext): string {
  return posix.relative(ctx.layout.context, ctx.layout.dockerfile) || posix.basename(ctx.layout.dockerfile);
}

/** Bake functions: the image reference, and `type=registry` cache import/export per target (none without REGISTRY). */
const CACHE_FROM = 'cache_from';
const CACHE_TO = 'cache_to';
const IMAGE_REF = 'image_ref';

function model(ctx: ReleaseContext): BakeFileModel {
  const { stages } = ctx;
  const prefix = registryPrefix(ctx, (v) => `$${v}`);
  const cacheFrom = (...scopes: string[]): HclValue =>
    hclRaw(
      scopes.length === 1
        ? `${CACHE_FROM}("${scopes[0]}")`
        : `concat(${scopes.map((s) => `${CACHE_FROM}("${s}")`).join(', ')})`,
    );
  const targets: BakeTarget[] = [
    {
      name: METADATA_TARGET,
      comment: [
        'On GitHub Actions docker/metadata-action writes a bake file that defines this target again (tags, labels and',
        'annotations from git); loaded after this file, its values replace these defaults. Elsewhere these apply.',
      ],
      attributes: [['tags', [hclRaw(`${IMAGE_REF}(TAG)`)]]],
    },
    {
      name: COMMON_TARGET,
      comment: [
        'Shared by every target: where the Dockerfile is (bake reads `dockerfile` relative to `context`).',
      ],
      attributes: [
        ['context', ctx.layout.context],
        ['dockerfile', dockerfileInContext(ctx)],
      ],
    },
  ];
  if (stages.test) {
    targets.push({
      name: BAKE_TARGETS.test,
      comment: wrapComment(
        `Runs \`${stages.test.command}\` inside the build (${stages.test.reason}); nothing is exported, a failing test fails the build.`,
      ),
      attributes: [
        ['inherits', [COMMON_TARGET]],
        ['target', stages.test.stage],
        ['output', ['type=cacheonly']],
        ['cache-from', cacheFrom(BAKE_TARGETS.test)],
        ['cache-to', hclRaw(`${CACHE_TO}("${BAKE_TARGETS.test}")`)],
      ],
    });
  }
  targets.push({
    name: BAKE_TARGETS.production,
    comment: [
      `The released image for ${ctx.platforms.join(', ')}; \`--push\` sends it with its SBOM and provenance.`,
      'Provenance `mode=max` records every build argument: never pass secrets as build args (use `--secret`).',
    ],
    attributes: [
      ['inherits', [COMMON_TARGET, METADATA_TARGET]],
      ['target', stages.production],
      ['platforms', [...ctx.platforms]],
      ['attest', [...BAKE_ATTESTATIONS]],
      [
        'cache-from',
        stages.test
          ? cacheFrom(BAKE_TARGETS.production, BAKE_TARGETS.test)
          : cacheFrom(BAKE_TARGETS.production),
      ],
      ['cache-to', hclRaw(`${CACHE_TO}("${BAKE_TARGETS.production}")`)],
    ],
  });
  if (stages.dev) {
    targets.push({
      name: BAKE_TARGETS.dev,
      comment: [
        'The development image for this machine only (no `platforms`: the local one), loaded into Docker.',
      ],
      attributes: [
        ['inherits', [COMMON_TARGET]],
        ['target', stages.dev],
        ['tags', [hclTemplate(`\${IMAGE}:dev`)]],
        ['output', ['type=docker']],
        ['cache-from', cacheFrom(BAKE_TARGETS.production)],
      ],
    });
  }
  return {
    header: [
      `Generated by \`dockwright init\` (tier ${ctx.tier}). Builds of the ${ctx.image} image for \`docker buildx bake\`.`,
      '`docker buildx bake` runs the default group; `docker buildx bake --print` shows the resolved targets.',
      `Push: REGISTRY=${prefix} TAG=1.2.3 docker buildx bake production --push`,
    ],
    variables: [
      {
        name: 'REGISTRY',
        default: '',
        description: `Registry and namespace to push to (${ctx.registry.title}: ${prefix}). Empty: local names, no registry cache.`,
      },
      { name: 'IMAGE', default: ctx.image, description: 'Repository name of the image below REGISTRY.' },
      { name: 'TAG', default: 'dev', description: 'Tag of a local or manual build; CI tags come from git.' },
    ],
    functions: [
      {
        name: IMAGE_REF,
        params: ['tag'],
        result: `REGISTRY == "" ? "\${IMAGE}:\${tag}" : "\${REGISTRY}/\${IMAGE}:\${tag}"`,
        description: 'Full image reference for a tag.',
      },
      {
        name: CACHE_FROM,
        params: ['scope'],
        result: `REGISTRY == "" ? [] : ["type=registry,ref=\${REGISTRY}/\${IMAGE}:buildcache-\${scope}"]`,
        description:
          'Registry cache to import for a target (one cache tag per target, so they do not overwrite each other).',
      },
      {
        name: CACHE_TO,
        params: ['scope'],
        result: `REGISTRY == "" ? [] : ["type=registry,ref=\${REGISTRY}/\${IMAGE}:buildcache-\${scope},mode=max,image-manifest=true,oci-mediatypes=true"]`,
        description:
          'Registry cache to export: every layer (mode=max) as an OCI image manifest, which ECR and others require.',
      },
    ],
    groups: [
      {
        name: 'default',
        targets: stages.test ? [BAKE_TARGETS.test, BAKE_TARGETS.production] : [BAKE_TARGETS.production],
        description: stages.test
          ? 'Test, then the production image (bake runs both; the test target fails the run on a failing test).'
          : 'The production image (no test stage was generated for this app).',
      },
    ],
    targets,
  };
}

function emulated(ctx: ReleaseContext): boolean {
  return ctx.stack !== 'go' && ctx.stack !== 'rust';
}

function readme(ctx: ReleaseContext): MarkdownBlock[] {
  const prefix = registryPrefix(ctx, (v) => `$${v}`);
  const arm7 = ctx.platforms.includes('linux/arm/v7');
  const cross = emulated(ctx)
    ? 'Platforms other than the builder’s own run under QEMU emulation (slower; install it once with `docker run --privileged --rm tonistiigi/binfmt --install all`, CI runners use docker/setup-qemu-action or the same image).'
    : 'The compile stages run on the builder’s own platform (`FROM --platform=$BUILDPLATFORM`) and cross-compile for `TARGETOS`/`TARGETARCH`, so only the small final stage is assembled per platform — no emulation for the build itself.';
  return [
    { kind: 'heading', level: 2, text: 'Multi-arch builds with bake' },
    {
      kind: 'paragraph',
      text: `\`${ctx.paths.bake}\` describes the builds: ${ctx.stages.test ? `\`${BAKE_TARGETS.test}\` (the tests, nothing exported), ` : ''}\`${BAKE_TARGETS.production}\` (the image for ${ctx.platforms.map((p) => `\`${p}\``).join(', ')}, with SBOM and provenance)${ctx.stages.dev ? ` and \`${BAKE_TARGETS.dev}\` (the development image for this machine)` : ''}. The default group builds ${ctx.stages.test ? 'test and production' : 'production'}.`,
    },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        '# See every target fully resolved (variables, inheritance) without building',
        'docker buildx bake --print',
        '# A multi-platform build needs a BuildKit builder (the default docker driver builds one platform)',
        'docker buildx create --use --name dockwright',
        ...(ctx.stages.test ? [`docker buildx bake ${BAKE_TARGETS.test}`] : []),
        '# Build for this machine only and load it into Docker',
        `docker buildx bake ${BAKE_TARGETS.production} --set ${BAKE_TARGETS.production}.platform=linux/amd64 --load   # linux/arm64 on Apple silicon`,
        '# Push a release for every platform, with registry cache',
        `REGISTRY=${prefix} TAG=1.2.3 docker buildx bake ${BAKE_TARGETS.production} --push`,
        '# Override anything per run',
        `docker buildx bake ${BAKE_TARGETS.production} --set ${BAKE_TARGETS.production}.args.VERSION=1.2.3 --set ${BAKE_TARGETS.production}.platform=linux/arm64`,
      ],
    },
    {
      kind: 'list',
      items: [
        '`REGISTRY`, `IMAGE` and `TAG` are bake variables: set them as environment variables (as above) or with `--set`. With `REGISTRY` empty, images get local names and the registry cache is off.',
        `Registry cache: each target imports and exports \`\${REGISTRY}/\${IMAGE}:buildcache-<target>\` (\`mode=max\`, OCI image manifest, which ECR and Artifact Registry accept). The CI may override it with its own cache through \`--set\`.`,
        cross,
        arm7
          ? '`linux/arm/v7` is included: every base image of the Dockerfile publishes it.'
          : '`linux/arm/v7` (32-bit Raspberry Pi and older boards) is left out: dockwright lists a platform only when every base image of the Dockerfile publishes it. Add it to `platforms` only after checking the base images.',
        `GitHub Actions: docker/metadata-action’s bake file fills the \`${METADATA_TARGET}\` target with tags and labels from git; \`${BAKE_TARGETS.production}\` inherits it.`,
      ],
    },
    ...provenanceReadme(ctx),
  ];
}

function decisions(ctx: ReleaseContext): Decision[] {
  return [
    {
      topic: 'build definition',
      choice: `\`${ctx.paths.bake}\` with ${ctx.stages.test ? 'test, ' : ''}production${ctx.stages.dev ? ', dev' : ''} targets sharing one \`_common\` target`,
      reason:
        'pipelines and people run the same builds (`docker buildx bake <target>`) instead of repeating build flags',
    },
    {
      topic: 'bake registry variable',
      choice: '`REGISTRY` defaults to empty (local image names, no registry cache); the push sets it',
      reason: `a build without registry settings still works; the value for ${ctx.registry.title} is in the file’s header and README`,
    },
    {
      topic: 'build cache',
      choice: 'registry cache per target (`buildcache-<target>`, mode=max, OCI image manifest)',
      reason:
        'one shared cache tag would be overwritten by whichever target exported last; the OCI manifest form works on ECR',
    },
    {
      topic: 'platforms',
      choice: ctx.platforms.join(', '),
      reason: emulated(ctx)
        ? 'the platforms every base image publishes; non-native ones are emulated with QEMU'
        : 'the platforms every base image publishes; compile stages cross-compile from $BUILDPLATFORM instead of emulating',
    },
    ...provenanceDecisions(ctx),
  ];
}

export function bakeFile(ctx: ReleaseContext): ReleaseOutput {
  if (!ctx.paths.bake) return { files: [], readme: [], decisions: [] };
  return {
    files: [{ kind: 'bake', path: ctx.paths.bake, model: model(ctx) }],
    readme: readme(ctx),
    decisions: decisions(ctx),
  };
}
