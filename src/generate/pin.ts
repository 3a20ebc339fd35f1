import type { ComposeFileModel } from './model/compose.js';
import type { DockerfileModel } from './model/dockerfile.js';

/**
 * Tier 4 pins every base and service image by digest (`image:tag@sha256:…`), the hardened profile's
 * `base-image-digest`. Digests come from outside (the CLI resolves them through the engine or the registry);
 * the plan stays pure and only rewrites references it was given a digest for.
 */
export type ImageDigests = ReadonlyMap<string, string>;

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `image` with its digest appended, when known; references that already carry one stay as they are. */
export function pinImage(image: string, digests: ImageDigests): string {
  if (image.includes('@') || image === 'scratch' || image.includes('$')) return image;
  const digest = digests.get(image);
  if (digest === undefined) return image;
  if (!DIGEST.test(digest)) throw new Error(`not a sha256 digest for ${image}: ${digest}`);
  return `${image}@${digest}`;
}

/** Every `FROM <image>` and `COPY --from=<image>` that names a registry image (not a stage), pinned. */
export function pinDockerfile(model: DockerfileModel, digests: ImageDigests): DockerfileModel {
  const stages = new Set<string>();
  return {
    ...model,
    stages: model.stages.map((stage) => {
      const image = stages.has(stage.from.image) ? stage.from.image : pinImage(stage.from.image, digests);
      if (stage.from.as) stages.add(stage.from.as);
      const instructions = stage.instructions.map((i) =>
        i.kind === 'COPY' && i.from !== undefined && isImageRef(i.from, stages)
          ? { ...i, from: pinImage(i.from, digests) }
          : i,
      );
      return { ...stage, from: { ...stage.from, image }, instructions };
    }),
  };
}

/** `COPY --from=` names an image (not a stage name or index) when it is not a known stage and looks like one. */
function isImageRef(from: string, stages: ReadonlySet<string>): boolean {
  return !stages.has(from) && !/^\d+$/.test(from) && /[:/]/.test(from);
}

export function pinCompose(model: ComposeFileModel, digests: ImageDigests): ComposeFileModel {
  return {
    ...model,
    services: Object.fromEntries(
      Object.entries(model.services).map(([name, s]) => [
        name,
        s.image === undefined ? s : { ...s, image: pinImage(s.image, digests) },
      ]),
    ),
  };
}

/** Registry images a Dockerfile model pulls (FROM and COPY --from that are not stage names), in order, without duplicates. */
export function dockerfileImages(model: DockerfileModel): string[] {
  const stages = new Set<string>();
  const out: string[] = [];
  for (const stage of model.stages) {
    const image = stage.from.image;
    if (!stages.has(image) && image !== 'scratch' && !out.includes(image)) out.push(image);
    if (stage.from.as) stages.add(stage.from.as);
    for (const i of stage.instructions) {
      if (i.kind === 'COPY' && i.from !== undefined && isImageRef(i.from, stages) && !out.includes(i.from))
        out.push(i.from);
    }
  }
  return out;
}

/** Every image a tier 4 plan would pin (Dockerfile bases and compose service images), for the CLI to resolve. */
export function imagesToPin(files: readonly { kind: string; model: unknown }[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    if (f.kind === 'dockerfile') for (const i of dockerfileImages(f.model as DockerfileModel)) out.add(i);
    if (f.kind === 'compose')
      for (const s of Object.values((f.model as ComposeFileModel).services))
        if (s.image && !s.image.includes('@')) out.add(s.image);
  }
  return [...out];
}
