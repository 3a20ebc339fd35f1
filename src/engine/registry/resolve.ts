import { DockwrightError } from '../../core/errors.js';
import { pickEngine } from '../pick.js';
import type { Env } from '../types.js';
import { credentialsFromConfig, dockerConfigPath, loadDockerConfig, type StoredCredentials } from './auth.js';
import { RegistryClient, type RegistryClientOptions } from './client.js';
import { type EngineCli, type EngineDigest, engineRepoDigest } from './engine-digest.js';

export type DigestSource = 'registry' | 'engine' | 'flag';

export interface ResolvedDigest {
  readonly image: string;
  readonly digest: string;
  readonly source: DigestSource;
}

export interface UnresolvedImage {
  readonly image: string;
  /** Why each source failed, in the order they were tried (`registry: …`, `engine: …`). */
  readonly reasons: readonly string[];
}

export interface DigestResolution {
  /** In the order the images were asked for. */
  readonly resolved: readonly ResolvedDigest[];
  readonly unresolved: readonly UnresolvedImage[];
}

/** `images` (`name:tag`) → their digests; what `init` calls at tier 4 (injected in tests). */
export type ResolveDigests = (images: readonly string[]) => Promise<DigestResolution>;

export interface DigestResolverOptions {
  /** `name:tag` → digest from the registry; throws (a `RegistryError`, usually) when it cannot. */
  readonly registry: (image: string) => Promise<string>;
  /** Fallback when the registry lookup fails: the digest the local engine recorded when it pulled the image. */
  readonly engine?: (image: string) => Promise<EngineDigest>;
  /** Lookups in flight at once (default 4: polite to a registry, fast enough for a handful of images). */
  readonly concurrency?: number;
}

/** `fn` over `items` with at most `limit` calls pending; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function reasonOf(error: unknown): string {
  if (error instanceof DockwrightError)
    return error.hint ? `${error.message} (${error.hint})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Registry first, then the engine; never throws for an image, reports it as unresolved with every reason. */
export function createDigestResolver(options: DigestResolverOptions): ResolveDigests {
  return async (images) => {
    const results = await mapLimit(
      images,
      options.concurrency ?? 4,
      async (image): Promise<ResolvedDigest | UnresolvedImage> => {
        const reasons: string[] = [];
        try {
          return { image, digest: await options.registry(image), source: 'registry' };
        } catch (error) {
          reasons.push(`registry: ${reasonOf(error)}`);
        }
        if (options.engine) {
          try {
            const local = await options.engine(image);
            if (local.ok) return { image, digest: local.digest, source: 'engine' };
            reasons.push(`engine: ${local.reason}`);
          } catch (error) {
            reasons.push(`engine: ${reasonOf(error)}`);
          }
        }
        return { image, reasons };
      },
    );
    return {
      resolved: results.filter((r): r is ResolvedDigest => 'digest' in r),
      unresolved: results.filter((r): r is UnresolvedImage => 'reasons' in r),
    };
  };
}

export interface DefaultResolverOptions {
  readonly env: Env;
  /** Overrides for the registry client (tests point `fetch` elsewhere). */
  readonly client?: RegistryClientOptions;
  /** Default: the engine `dockwright verify` would pick (Docker, then Podman); `null`: no engine fallback. */
  readonly engine?: EngineCli | null;
}

/**
 * The resolver `dockwright init` uses: the registry API with credentials from the Docker config (basic auth in
 * `auths`; credential helpers are not run), then the local engine's `RepoDigests`. The engine is probed only if a
 * registry lookup fails.
 */
export function defaultDigestResolver(options: DefaultResolverOptions): ResolveDigests {
  let config: ReturnType<typeof loadDockerConfig> | undefined;
  const credentials = async (registry: string): Promise<StoredCredentials> => {
    config ??= loadDockerConfig(dockerConfigPath(options.env));
    return credentialsFromConfig(await config, registry);
  };
  const client = new RegistryClient({ credentials, ...options.client });
  let engine: Promise<EngineCli | string> | undefined;
  const findEngine = async (): Promise<EngineCli | string> => {
    if (options.engine) return options.engine;
    if (options.engine === null) return 'no engine fallback';
    const picked = await pickEngine({ env: options.env });
    if (!picked.ok) return picked.reason;
    const e = picked.engine as Partial<EngineCli> & { name: string };
    // Docker and Podman are CLI engines; Buildah keeps no repo digests we could read the same way.
    return typeof e.command === 'string' && e.env && e.name !== 'buildah'
      ? { command: e.command, env: e.env }
      : `${e.name} cannot report repo digests`;
  };
  return createDigestResolver({
    registry: (image) => client.resolveDigest(image),
    engine: async (image) => {
      engine ??= findEngine();
      const cli = await engine;
      return typeof cli === 'string' ? { ok: false, reason: cli } : engineRepoDigest(image, cli);
    },
  });
}
