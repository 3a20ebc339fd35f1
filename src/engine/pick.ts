/** Pick the engine verify uses: Docker, then Podman, then Buildah (build only); `--engine` forces one. */
import { existsSync } from 'node:fs';
import { probeBuildah } from './buildah.js';
import { dockerEngine, probeDocker } from './docker.js';
import { probePodman } from './podman.js';
import { findOnPath } from './process.js';
import type { ContainerEngine, EngineName, Env } from './types.js';

export interface PickOptions {
  readonly env: Env;
  readonly force?: EngineName;
  /** Test seam. */
  readonly exists?: (path: string) => boolean;
}

export type PickResult =
  | { readonly ok: true; readonly engine: ContainerEngine }
  | { readonly ok: false; readonly reason: string };

/** Every `docker` on PATH (a buildx-less client may shadow one with built-in BuildKit), and $DOCKWRIGHT_DOCKER. */
export function dockerCandidates(env: Env, exists: (p: string) => boolean): string[] {
  const out: string[] = [];
  if (env.DOCKWRIGHT_DOCKER && exists(env.DOCKWRIGHT_DOCKER)) out.push(env.DOCKWRIGHT_DOCKER);
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const p = `${dir.replace(/\/$/, '')}/docker`;
    if (exists(p) && !out.includes(p)) out.push(p);
  }
  return out;
}

export async function pickEngine(options: PickOptions): Promise<PickResult> {
  const exists = options.exists ?? existsSync;
  const env = options.env;
  const tried: string[] = [];
  const want = (n: EngineName) => options.force === undefined || options.force === n;
  if (want('docker')) {
    const candidates = dockerCandidates(env, exists);
    if (candidates.length === 0) tried.push('docker: no `docker` client on PATH');
    else {
      const probe = await probeDocker(candidates, env);
      if (probe) return { ok: true, engine: dockerEngine(probe, env) };
      tried.push(
        `docker: ${candidates.join(', ')} found but no daemon answered${env.DOCKER_HOST ? ` at ${env.DOCKER_HOST}` : ' (DOCKER_HOST is not set)'}`,
      );
    }
  }
  if (want('podman')) {
    const p = findOnPath('podman', env, exists);
    const e = p ? await probePodman(p, env) : undefined;
    if (e) return { ok: true, engine: e };
    tried.push(p ? `podman: ${p} does not answer \`podman version\`` : 'podman: not on PATH');
  }
  if (want('buildah')) {
    const p = findOnPath('buildah', env, exists);
    const e = p ? await probeBuildah(p, env) : undefined;
    if (e) return { ok: true, engine: e };
    tried.push(p ? `buildah: ${p} does not answer \`buildah version\`` : 'buildah: not on PATH');
  }
  return { ok: false, reason: `no container engine available (${tried.join('; ')})` };
}
