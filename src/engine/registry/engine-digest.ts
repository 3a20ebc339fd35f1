import { runProcess } from '../process.js';
import type { Env } from '../types.js';
import { parseImageReference, repositoryKey } from './reference.js';

/** How to ask a local engine about an image: a Docker-compatible CLI (docker, podman) and its environment. */
export interface EngineCli {
  readonly command: string;
  readonly env: Env;
}

export type EngineDigest =
  | { readonly ok: true; readonly digest: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The repo digest the engine recorded when it pulled `image`, from `image inspect`'s `RepoDigests`
 * (`node@sha256:…`, `docker.io/library/node@sha256:…` on Podman). Only entries of the same repository count;
 * an image built locally (or loaded from a tar) has none, and two different ones for the repository are
 * ambiguous (the engine does not say which tag each came from).
 */
export function pickRepoDigest(image: string, repoDigests: readonly string[]): EngineDigest {
  const want = repositoryKey(parseImageReference(image));
  const digests = new Set<string>();
  for (const entry of repoDigests) {
    try {
      const ref = parseImageReference(entry);
      if (ref.digest && repositoryKey(ref) === want) digests.add(ref.digest);
    } catch {
      // an entry the engine wrote in a form we do not know: not ours
    }
  }
  const [only, ...more] = [...digests];
  if (only === undefined)
    return {
      ok: false,
      reason:
        repoDigests.length === 0
          ? 'the local image has no repo digest (built or loaded locally, never pulled from or pushed to a registry)'
          : `the local image's repo digests are for other repositories (${repoDigests.join(', ')})`,
    };
  if (more.length)
    return {
      ok: false,
      reason: `the local image has ${digests.size} repo digests for its repository (${[...digests].join(', ')}); which one the tag names is unknown`,
    };
  if (!/^sha256:[0-9a-f]{64}$/.test(only))
    return { ok: false, reason: `the engine's repo digest '${only}' is not sha256` };
  return { ok: true, digest: only };
}

/** `<engine> image inspect --format '{{json .RepoDigests}}' <image>`, interpreted by `pickRepoDigest`. */
export async function engineRepoDigest(image: string, cli: EngineCli): Promise<EngineDigest> {
  const r = await runProcess(cli.command, ['image', 'inspect', '--format', '{{json .RepoDigests}}', image], {
    env: cli.env,
    timeoutMs: 30_000,
  });
  if (r.code !== 0) {
    const why = (r.error ?? r.stderr.trim().split('\n').pop() ?? '').trim();
    return {
      ok: false,
      reason: /no such image/i.test(why)
        ? 'the engine does not have the image'
        : `\`${cli.command} image inspect\` failed: ${why}`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout.trim() || 'null');
  } catch {
    return { ok: false, reason: `unexpected \`image inspect\` output: ${r.stdout.trim().slice(0, 100)}` };
  }
  return pickRepoDigest(
    image,
    Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [],
  );
}
