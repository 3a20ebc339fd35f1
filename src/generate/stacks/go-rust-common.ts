import type { AppFacts } from '../../detect/types.js';
import type { ComposeHealthcheck } from '../model/compose.js';
import type { CopyInstr, FromInstr, HealthcheckInstr, Instr, StageModel } from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type { Decision, FinalImage, StackInput, TestStage } from '../types.js';

/**
 * What the Go and Rust stacks share: both ship one compiled binary on a final image with no shell and no tools
 * (scratch or distroless), so the pieces around the binary — OCI labels, the non-root user, the health probe,
 * the header — are the same.
 */

/** distroless `nonroot` (and the passwd entry written for scratch). */
export const NONROOT_UID = 65532;

/**
 * Static BusyBox (the official image's musl build is linked statically, so it runs on scratch and distroless).
 * Only its `wget` or `nc` applet is copied, named after the applet, so the image gains one probe and no shell.
 */
export const BUSYBOX_IMAGE = 'busybox:1.37.0-musl';

/**
 * The final image the user asked for, or `undefined` for the stack's own default (distroless static). The
 * tier's generic default (`official` at tier 1, `alpine` at tier 2) counts as no request: `.dockwright.yaml`
 * stores it after the first run, and a static binary is best served by distroless at every tier. An explicit
 * `--final-image alpine` is therefore honoured only where it is not the tier default (tier 1).
 */
export function requestedFinalImage(input: StackInput): FinalImage | undefined {
  const f = input.options.finalImage;
  return f === undefined || f === TIER_FEATURES[input.tier].finalImage ? undefined : f;
}

export const posixJoin = (...parts: string[]) =>
  parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\.\//, '');

export function fromStage(image: string, as: string, comment?: string[], platform?: string): FromInstr {
  return {
    kind: 'FROM',
    image,
    as,
    ...(platform ? { platform } : {}),
    ...(comment ? { comment } : {}),
  };
}

export interface Metadata {
  readonly version?: string;
  readonly description?: string;
  readonly license?: string;
  readonly repository?: string;
}

const SPDX_LIKE = /^[A-Za-z0-9.+-]+$/;

/**
 * ARG VERSION/REVISION/SOURCE_URL + the OCI LABEL, as the Node stack writes them. `requireLicense` (tier 4: the
 * hardened review wants `org.opencontainers.image.licenses`): without a license in the manifest the label comes
 * from `ARG LICENSES`, NOASSERTION (SPDX's "not stated") until CI passes the real expression.
 */
export function ociLabels(app: AppFacts, meta: Metadata, requireLicense = false): Instr[] {
  const known = meta.license !== undefined && SPDX_LIKE.test(meta.license);
  const labels: [string, string][] = [
    ['org.opencontainers.image.title', app.name],
    ...(meta.description
      ? ([['org.opencontainers.image.description', meta.description]] as [string, string][])
      : []),
    ['org.opencontainers.image.version', '$VERSION'],
    ['org.opencontainers.image.revision', '$REVISION'],
    ['org.opencontainers.image.source', '$SOURCE_URL'],
    ...(known
      ? ([['org.opencontainers.image.licenses', meta.license]] as [string, string][])
      : requireLicense
        ? ([['org.opencontainers.image.licenses', '$LICENSES']] as [string, string][])
        : []),
  ];
  return [
    {
      kind: 'ARG',
      name: 'VERSION',
      default: meta.version ?? '0.0.0',
      comment: ['OCI metadata; CI passes --build-arg VERSION=… REVISION=$(git rev-parse HEAD) SOURCE_URL=…'],
    },
    { kind: 'ARG', name: 'REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: meta.repository ?? '' },
    ...(requireLicense && !known ? [licensesArg()] : []),
    { kind: 'LABEL', labels },
  ];
}

/** `ARG LICENSES`: the project's SPDX license expression when no manifest states it (see ociLabels). */
export function licensesArg(): Instr {
  return {
    kind: 'ARG',
    name: 'LICENSES',
    default: 'NOASSERTION',
    comment: ['No license found in the manifest: pass the SPDX expression, e.g. --build-arg LICENSES=MIT.'],
  };
}

/**
 * Platforms a tier 3–4 image is published for (the `platforms` of the StackPlan). Every base image these stacks
 * pick for the final stage publishes both:
 * - distroless static/base/cc debian12: amd64, arm64, arm (v7), s390x, ppc64le; java17/21 debian12: amd64, arm64,
 *   s390x, ppc64le (GoogleContainerTools/distroless `{static,base,cc,java}/config.bzl`, `distro.bzl`);
 * - busybox musl (the probe): amd64, arm32v6, arm32v7, arm64v8, i386, ppc64le, s390x and alpine: both
 *   (docker-library/official-images `library/busybox`);
 * - rust:*-alpine: amd64, arm64v8 only (`library/rust`), which is why 32-bit ARM is left out everywhere: one
 *   set for every stack keeps the CI matrix and the docs simple, and the two cover servers and Apple/Graviton.
 */
export const RELEASE_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];

/**
 * The tier 3+ `test` stage: built FROM the stage that holds the sources and the toolchain, so
 * `docker build --target test` runs the project's tests and fails with them. No later stage copies from it or
 * builds on it, so BuildKit skips it for `--target runtime`.
 */
export function testStage(from: string, instructions: Instr[], what: string): StageModel {
  return {
    from: fromStage(from, 'test', [
      `Tests: \`docker build --target test .\` runs ${what} and fails when they fail. The runtime stage does not depend on it.`,
    ]),
    instructions,
  };
}

/** README lines about the test stage and the platforms (StackPlan.readme). */
export function releaseReadme(test: TestStage, platforms: readonly string[] | undefined): string[] {
  return [
    `Run the tests in the image: \`docker build --target test .\` (${test.command}).`,
    ...(platforms?.length ? [`The image builds for ${platforms.join(', ')}.`] : []),
  ];
}

export interface Probe {
  /** The probe binary, copied before USER (root-owned, not writable by the app). */
  readonly install: Instr[];
  readonly healthcheck: HealthcheckInstr;
  readonly compose: ComposeHealthcheck;
}

/**
 * The health probe for an image without tools: BusyBox `wget` against the detected health endpoint, or `nc -z`
 * (the port accepts connections) when the code has none. The alternative — `HEALTHCHECK NONE` — would leave
 * Compose's `depends_on: service_healthy` and `docker ps` blind; a ~1 MB static applet is the smaller cost.
 * A base that ships BusyBox (Alpine) uses its own.
 */
export function busyboxProbe(
  port: number,
  healthPath: string | null,
  decisions: Decision[],
  baseHasBusybox: boolean,
): Probe {
  const applet = healthPath ? 'wget' : 'nc';
  const test = healthPath
    ? ['wget', '-q', '--spider', `http://127.0.0.1:${port}${healthPath}`]
    : ['nc', '-z', '127.0.0.1', String(port)];
  decisions.push({
    topic: 'health check',
    choice: healthPath
      ? `GET ${healthPath} on port ${port} with BusyBox wget`
      : `TCP check of port ${port} with BusyBox nc -z`,
    reason: healthPath
      ? baseHasBusybox
        ? 'the health endpoint found in the code; Alpine’s BusyBox provides wget'
        : `the health endpoint found in the code; the final image has no tools, so the static BusyBox ${applet} applet is copied in as the probe (no shell comes with it)`
      : 'no health endpoint was found in the code, so the probe only checks that the port accepts connections; add one (e.g. /healthz) and re-run init for an HTTP check',
  });
  const install: Instr[] = [];
  if (!baseHasBusybox) {
    const copy: CopyInstr = {
      kind: 'COPY',
      from: BUSYBOX_IMAGE,
      sources: ['/bin/busybox'],
      dest: `/usr/local/bin/${applet}`,
      comment: [
        `Health probe: BusyBox’s static ${applet} applet (BusyBox runs the applet its file is named after).`,
      ],
    };
    install.push(copy);
  }
  const hc: HealthcheckInstr = {
    kind: 'HEALTHCHECK',
    interval: '30s',
    timeout: '5s',
    startPeriod: '10s',
    retries: 3,
    cmd: test,
    comment: ['Exec form: no shell needed.'],
  };
  return {
    install,
    healthcheck: hc,
    compose: { test: ['CMD', ...test], interval: '30s', timeout: '5s', retries: 3, start_period: '10s' },
  };
}

/** Header lines: what it is, how to build and run it. */
export function header(
  input: StackInput,
  what: string,
  image: string,
  port: number | null,
  extra: string[],
): string[] {
  const { layout, tier } = input;
  const fileFlag =
    layout.dockerfile === 'Dockerfile' || layout.dockerfile === posixJoin(layout.context, 'Dockerfile')
      ? ''
      : ` -f ${layout.dockerfile}`;
  return [
    `${input.app.name}: ${what} (generated by dockwright init, tier ${tier}).`,
    `Build:  docker build${fileFlag} -t ${image} ${layout.context}`,
    port !== null
      ? `Run:    docker run --rm -p ${port}:${port} ${image}`
      : `Run:    docker run --rm ${image}`,
    ...extra,
    'Needs BuildKit (default since Docker 23) for RUN --mount caches.',
  ];
}

/** Ignore groups both stacks add: other toolchains' dependency folders that never belong in the context. */
export function foreignDependencyGroup(monorepo: boolean): { title: string; patterns: string[] } {
  return {
    title: 'Other toolchains’ dependency folders (front-end assets are built in the image when needed)',
    patterns: [monorepo ? '**/node_modules' : 'node_modules'],
  };
}

export interface BinaryRuntime {
  /** Instructions of the runtime stage so far (base setup, the binary's COPY). */
  readonly instructions: Instr[];
  readonly image: string;
  readonly runtime: string;
  /** The binary's file name under /app. */
  readonly bin: string;
  readonly port: number | null;
  readonly healthPath: string | null;
  readonly kind: AppFacts['kind'];
  /** Whether the tier asks for a HEALTHCHECK. */
  readonly probe: boolean;
  readonly decisions: Decision[];
}

/**
 * The end of a Go or Rust runtime stage: a BusyBox probe when asked, the numeric nonroot user, the port and the
 * binary as CMD (ENTRYPOINT for a CLI). Returns the stage and the compose healthcheck that mirrors the probe.
 */
export function binaryRuntimeStage(r: BinaryRuntime): {
  stage: StageModel;
  healthcheck: ComposeHealthcheck | null;
} {
  const rt = r.instructions;
  const probe =
    r.probe && r.port !== null
      ? busyboxProbe(r.port, r.healthPath, r.decisions, r.runtime === 'alpine')
      : undefined;
  if (probe) rt.push(...probe.install);
  rt.push({
    kind: 'USER',
    user: `${NONROOT_UID}:${NONROOT_UID}`,
    comment: [
      r.runtime === 'distroless'
        ? 'distroless nonroot (uid 65532); numeric so Kubernetes runAsNonRoot can verify it.'
        : 'uid 65532 (nonroot); numeric so Kubernetes runAsNonRoot can verify it.',
    ],
  });
  if (r.port !== null) rt.push({ kind: 'EXPOSE', ports: [r.port] });
  if (probe) rt.push(probe.healthcheck);
  rt.push({ kind: r.kind === 'cli' ? 'ENTRYPOINT' : 'CMD', args: [`/app/${r.bin}`] });
  return {
    stage: {
      from: fromStage(r.image, 'runtime', ['Runtime: the binary and nothing else.']),
      instructions: rt,
    },
    healthcheck: probe?.compose ?? null,
  };
}
