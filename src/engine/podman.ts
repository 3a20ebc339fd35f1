/** The Podman adapter: Podman's CLI takes Docker's arguments for everything verify does. */
import { readImageFromPodman } from '../image/engine.js';
import type { ImageModel } from '../image/model.js';
import { CliEngine } from './docker.js';
import { runProcess } from './process.js';
import type { Env } from './types.js';

export class PodmanEngine extends CliEngine {
  constructor(command: string, env: Env, version: string) {
    super('podman', command, env, `podman ${version} via ${command}`, 'podman', false);
  }

  override readImage(ref: string): Promise<ImageModel> {
    return readImageFromPodman(ref, { command: this.command });
  }
}

export async function probePodman(command: string, env: Env): Promise<PodmanEngine | undefined> {
  const r = await runProcess(command, ['version', '--format', '{{.Client.Version}}'], {
    env,
    timeoutMs: 15_000,
  });
  if (r.code !== 0) return undefined;
  return new PodmanEngine(command, env, r.stdout.trim());
}
