import type { Range } from '../../core/index.js';

/** An image reference `[registry[:port]/]path[:tag][@digest]` with the range of each part. */
export interface ImageRef {
  readonly raw: string;
  readonly range: Range;
  /** `registry[:port]` when the first path component is a host (has `.` or `:`, is `localhost`, or has upper case). */
  readonly registry?: string;
  readonly registryRange?: Range;
  /** The path after the registry, e.g. `library/node`, `node`, `org/app`. */
  readonly repository: string;
  readonly repositoryRange: Range;
  /** Registry and repository as written (everything before `:tag` / `@digest`). */
  readonly name: string;
  readonly nameRange: Range;
  /** Without the `:`. */
  readonly tag?: string;
  readonly tagRange?: Range;
  /** Without the `@`, e.g. `sha256:...`. */
  readonly digest?: string;
  readonly digestRange?: Range;
  readonly isScratch: boolean;
  /** The reference contains `$` (needs expansion before it means anything). */
  readonly hasVariables: boolean;
}

export interface NormalizedImageName {
  /** `docker.io` when no registry is given. */
  readonly domain: string;
  /** `library/` added for single-component Docker Hub names. */
  readonly path: string;
  /** Explicit tag, or `latest` when neither tag nor digest is given. */
  readonly tag?: string;
  readonly digest?: string;
  /** `docker.io/library/node:20`. */
  readonly canonical: string;
  /** `node:20` (Docker's "familiar" form). */
  readonly familiar: string;
}

/**
 * Split an image reference into its parts. `toRange(a, b)` maps offsets of `raw`
 * to source ranges (defaults to `offset + a`).
 */
export function parseImageRef(
  raw: string,
  toRange: number | ((start: number, end: number) => Range) = 0,
): ImageRef {
  const map =
    typeof toRange === 'number'
      ? (a: number, b: number): Range => ({ start: toRange + a, end: toRange + b })
      : toRange;
  const at = raw.indexOf('@');
  const nameAndTagEnd = at >= 0 ? at : raw.length;
  const lastSlash = raw.lastIndexOf('/', nameAndTagEnd - 1);
  const colon = raw.indexOf(':', lastSlash + 1);
  const nameEnd = colon >= 0 && colon < nameAndTagEnd ? colon : nameAndTagEnd;
  const firstSlash = raw.indexOf('/');
  let repoStart = 0;
  let registry: string | undefined;
  if (firstSlash >= 0 && firstSlash < nameEnd) {
    const first = raw.slice(0, firstSlash);
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.toLowerCase() !== first
    ) {
      registry = first;
      repoStart = firstSlash + 1;
    }
  }
  const ref: {
    -readonly [K in keyof ImageRef]: ImageRef[K];
  } = {
    raw,
    range: map(0, raw.length),
    repository: raw.slice(repoStart, nameEnd),
    repositoryRange: map(repoStart, nameEnd),
    name: raw.slice(0, nameEnd),
    nameRange: map(0, nameEnd),
    isScratch: raw.toLowerCase() === 'scratch',
    hasVariables: raw.includes('$'),
  };
  if (registry !== undefined) {
    ref.registry = registry;
    ref.registryRange = map(0, firstSlash);
  }
  if (nameEnd < nameAndTagEnd) {
    ref.tag = raw.slice(nameEnd + 1, nameAndTagEnd);
    ref.tagRange = map(nameEnd + 1, nameAndTagEnd);
  }
  if (at >= 0) {
    ref.digest = raw.slice(at + 1);
    ref.digestRange = map(at + 1, raw.length);
  }
  return ref;
}

/** Docker's normalisation: default registry `docker.io`, `library/` for official images, tag `latest`. */
export function normalizeImageRef(
  ref: Pick<ImageRef, 'registry' | 'repository' | 'tag' | 'digest'>,
): NormalizedImageName {
  let domain = ref.registry ?? 'docker.io';
  if (domain === 'index.docker.io') domain = 'docker.io';
  let path = ref.repository;
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
  const suffix = (tag !== undefined ? `:${tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
  let familiarName = `${domain}/${path}`;
  if (domain === 'docker.io') familiarName = path.startsWith('library/') ? path.slice(8) : path;
  const result: { -readonly [K in keyof NormalizedImageName]: NormalizedImageName[K] } = {
    domain,
    path,
    canonical: `${domain}/${path}${suffix}`,
    familiar: familiarName + suffix,
  };
  if (tag !== undefined) result.tag = tag;
  if (ref.digest !== undefined) result.digest = ref.digest;
  return result;
}
