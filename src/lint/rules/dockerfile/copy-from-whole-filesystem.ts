import type { Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { expandFully, stageChain } from '../support/structure-util.js';

const isRoot = (p: string | undefined) => p !== undefined && /^\/+(\.\/*)?$/.test(p);

/** A stage built only from files (its chain starts at `scratch`): copying its `/` is the intended rootfs. */
function scratchBased(stage: Stage): boolean {
  const root = stageChain(stage).at(-1)!;
  return root.base.expanded?.toLowerCase() === 'scratch';
}

/**
 * Full OS / runtime images: copying their `/` is never what you want. Other images are often published precisely
 * to be copied whole (`tonistiigi/xx`, tool bundles built `FROM scratch`), so they are not reported.
 */
const OS_IMAGES = new Set([
  'ubuntu',
  'debian',
  'alpine',
  'busybox',
  'centos',
  'fedora',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'oraclelinux',
  'ubi8',
  'ubi9',
  'ubi',
  'ubi-minimal',
  'opensuse',
  'leap',
  'archlinux',
  'buildpack-deps',
  'node',
  'python',
  'golang',
  'rust',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'maven',
  'gradle',
  'ruby',
  'php',
  'perl',
  'dotnet/sdk',
  'nginx',
  'httpd',
  'redis',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'gcc',
]);

function isOsImage(repository: string): boolean {
  const path = repository.replace(/^library\//, '').toLowerCase();
  return OS_IMAGES.has(path) || OS_IMAGES.has(path.split('/').at(-1)!);
}

export default defineRule({
  name: 'copy-from-whole-filesystem',
  meta: {
    description: '`COPY --from=<stage> / /` copies an entire filesystem; copy only the paths the image needs',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      whole:
        "COPY --from={{from}} / / copies the whole filesystem of '{{from}}' (OS, package caches, build tools) over this stage; copy only the files you need",
    },
    sources: ['hadolint:DL3067'],
    spec: '02-production-self-check: Final image is slim/distroless/scratch - no build tools, no package caches',
  },
  create(context) {
    const { model } = context;
    return {
      fileExit() {
        for (const ref of model.references) {
          if (ref.kind !== 'copy-from') continue;
          const node = ref.instruction;
          if (node.keyword !== 'COPY' || !node.destination) continue;
          const source = node.sources.find((s) => isRoot(expandFully(model, node, s.value)));
          if (!source || !isRoot(expandFully(model, node, node.destination.value))) continue;
          // Flattening into a fresh `FROM scratch` stage, or copying a rootfs assembled in a scratch stage, is intended.
          if (scratchBased(ref.stage)) continue;
          if (ref.target.kind === 'stage' && scratchBased(ref.target.stage)) continue;
          if (ref.target.kind === 'image' && !isOsImage(ref.target.ref.repository)) continue;
          context.report({ node, range: source.range, messageId: 'whole', data: { from: ref.value } });
        }
      },
    };
  },
});
