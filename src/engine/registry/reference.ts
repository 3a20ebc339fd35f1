import { InputError } from '../../core/errors.js';

/** An image reference split the way Docker splits it, plus where its registry API lives. */
export interface ImageReference {
  /** What the user wrote, e.g. `node:20-slim`. */
  readonly raw: string;
  /** Registry as Docker names it: `docker.io`, `gcr.io`, `localhost:5000`. */
  readonly registry: string;
  /** Host (and port) the distribution API is served from: Docker Hub's is `registry-1.docker.io`. */
  readonly apiHost: string;
  /** Repository path in the registry, with `library/` for Docker Hub's official images. */
  readonly repository: string;
  /** Tag (`latest` when none was written); `undefined` only when the reference is digest-only. */
  readonly tag?: string;
  readonly digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

// The grammar of github.com/distribution/reference, narrowed to what a FROM line can hold.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Whether the first path component names a registry: Docker treats it as a host when it contains `.` or `:`, is
 * `localhost`, or has upper-case letters (repositories cannot).
 */
function isRegistryHost(component: string): boolean {
  return (
    component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component)
  );
}

/** Parse and normalise an image reference like `docker pull` does (`node` → `docker.io/library/node:latest`). */
export function parseImageReference(raw: string): ImageReference {
  const bad = (why: string) =>
    new InputError(
      `invalid image reference '${raw}': ${why}`,
      undefined,
      'Expected [registry/]repository[:tag][@sha256:digest].',
    );
  if (raw.trim() !== raw || raw === '') throw bad('empty or surrounded by spaces');
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`'${digest}' is not a digest`);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw bad(`'${tag}' is not a tag`);
  }
  const slash = rest.indexOf('/');
  let registry = DOCKER_HUB;
  let path = rest;
  if (slash >= 0 && isRegistryHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    path = rest.slice(slash + 1);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  for (const component of path.split('/'))
    if (!COMPONENT.test(component)) throw bad(`'${component}' is not a valid repository name component`);
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    raw,
    registry,
    apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry,
    repository: path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `registry/repository`, the key two spellings of one repository share (`node` and `docker.io/library/node`). */
export function repositoryKey(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * Registries Docker talks to over plain HTTP without configuration: loopback addresses (dockerd's default
 * insecure-registries is 127.0.0.0/8). Everything else is HTTPS only.
 */
export function isLoopbackRegistry(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}
