import type { NormalizedImageName } from '../../../parse/dockerfile/image-ref.js';
import { defineRule } from '../../engine/rule.js';
import { rootStage, stageBaseInfo } from '../support/images-base.js';

/** Names of stages that are obviously not the shipped image (`dev`, `dev-envs`, `development`, `debug`, `test`). */
const NON_SHIPPING = /^(dev|devel|development|debug|test|tests)([-_.].*)?$|devcontainer/;

interface Verdict {
  readonly kind: string;
  readonly better: string;
}

function version(tag: string | undefined, fallback: string): string {
  const head = tag?.split('-')[0] ?? '';
  return /^\d+(\.\d+)*$|^lts$/.test(head) ? head : fallback;
}

/** Is this a build-toolchain / full-size image, and what should ship instead? */
export function classify(n: NormalizedImageName): Verdict | undefined {
  const tag = n.tag?.toLowerCase();
  const has = (re: RegExp): boolean => tag !== undefined && re.test(tag);
  if (n.domain === 'docker.io' && n.path.startsWith('library/')) {
    const name = n.path.slice('library/'.length);
    if (has(/windowsservercore|nanoserver/)) return undefined;
    switch (name) {
      case 'golang':
        return {
          kind: 'the Go toolchain image',
          better:
            '`gcr.io/distroless/static-debian12:nonroot` (or `scratch`) with a static binary (`CGO_ENABLED=0`)',
        };
      case 'rust':
        return {
          kind: 'the Rust toolchain image',
          better:
            '`gcr.io/distroless/cc-debian12:nonroot` (or `gcr.io/distroless/static-debian12` for a musl build)',
        };
      case 'buildpack-deps':
        // The `-curl` and `-scm` variants have no compiler.
        if (has(/curl|scm/)) return undefined;
        return {
          kind: 'a C/C++ toolchain image',
          better: '`gcr.io/distroless/cc-debian12:nonroot` or `debian:bookworm-slim`',
        };
      case 'gcc':
        return {
          kind: 'a C/C++ toolchain image',
          better: '`gcr.io/distroless/cc-debian12:nonroot` or `debian:bookworm-slim`',
        };
      case 'maven':
      case 'gradle': {
        const jdk = /(?:temurin-|jdk-?)(\d+)/.exec(tag ?? '')?.[1] ?? '21';
        return {
          kind: `the ${name === 'maven' ? 'Maven' : 'Gradle'} build image`,
          better: `\`eclipse-temurin:${jdk}-jre-alpine\``,
        };
      }
      case 'node':
        if (has(/slim|alpine/)) return undefined;
        return {
          kind: 'the full Node.js image (build tools, ~1GB)',
          better: `\`node:${version(n.tag, '22')}-slim\` or \`node:${version(n.tag, '22')}-alpine\``,
        };
      case 'python':
        if (has(/slim|alpine/)) return undefined;
        return {
          kind: 'the full Python image (compilers and headers, ~1GB)',
          better: `\`python:${version(n.tag, '3.12')}-slim\``,
        };
      case 'eclipse-temurin':
        if (has(/jre/)) return undefined;
        return {
          kind: 'a JDK image',
          better: `\`eclipse-temurin:${version(n.tag, '21')}-jre-alpine\` (a JRE)`,
        };
      default:
        return undefined;
    }
  }
  if (n.domain === 'mcr.microsoft.com' && n.path === 'dotnet/sdk') {
    const v = version(n.tag, '8.0');
    return {
      kind: 'the .NET SDK image',
      better: `\`mcr.microsoft.com/dotnet/aspnet:${v}\` (or \`dotnet/runtime\`, \`dotnet/runtime-deps\` for self-contained apps)`,
    };
  }
  return undefined;
}

export default defineRule({
  name: 'final-stage-base-image',
  meta: {
    description:
      'Ship the final stage on a slim, distroless or runtime-only image, not on a build toolchain image such as `golang` or `node:22`',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      toolchain:
        'The final stage is based on `{{image}}`, {{kind}}{{via}}; build in an earlier stage and ship on {{better}}',
    },
    spec: '02-production-self-check: Final image is slim/distroless/scratch - no build tools, no package caches',
  },
  create(context) {
    return {
      stageEnter(stage) {
        if (!context.isFinalStage(stage)) return;
        const root = rootStage(stage);
        for (let s: typeof stage | undefined = stage; s; s = s === root ? undefined : s.baseStage) {
          if (s.name !== undefined && NON_SHIPPING.test(s.name)) return;
        }
        const info = stageBaseInfo(root);
        if (info.kind !== 'image') return;
        const verdict = classify(info.normalized);
        if (!verdict) return;
        const range = stage.from.image?.range ?? stage.from.keywordRange;
        context.report({
          node: stage.from,
          range,
          messageId: 'toolchain',
          data: {
            image: info.ref.raw,
            kind: verdict.kind,
            via: root === stage ? '' : ` (through stage \`${root.from.stageName?.value ?? root.index}\`)`,
            better: verdict.better,
          },
        });
      },
    };
  },
});
