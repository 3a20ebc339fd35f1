/** The Buildah adapter: builds and inspects only (verify's run steps are skipped with it). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageModel } from '../image/model.js';
import { readImage } from '../image/read.js';
import { buildArgs, parseImageInfo } from './docker.js';
import { runProcess } from './process.js';
import type {
  BuildRequest,
  BuildResult,
  ContainerEngine,
  ContainerState,
  Env,
  ImageInfo,
  ResourceKind,
  StopResult,
} from './types.js';

function cannotRun(): never {
  throw new Error('buildah cannot run containers');
}

export class BuildahEngine implements ContainerEngine {
  readonly name = 'buildah' as const;
  readonly canRun = false;
  readonly hasCompose = false;
  readonly description: string;
  constructor(
    readonly command: string,
    readonly env: Env,
    version: string,
  ) {
    this.description = `buildah ${version} via ${command} (build only: the run checks are skipped)`;
  }

  async build(req: BuildRequest): Promise<BuildResult> {
    const dir = await mkdtemp(join(tmpdir(), 'dw-iid-'));
    const iidFile = join(dir, 'iid');
    try {
      const r = await runProcess(this.command, buildArgs({ ...req, iidFile }, 'buildah'), {
        env: this.env,
        timeoutMs: req.timeoutMs ?? 900_000,
        ...(req.onOutput ? { onOutput: req.onOutput } : {}),
      });
      const log = `${r.stderr}${r.stdout}${r.error ? `\n${r.error}` : ''}`;
      if (r.code !== 0) return { ok: false, log };
      const imageId = (await readFile(iidFile, 'utf8').catch(() => '')).trim();
      return { ok: true, log, ...(imageId ? { imageId } : {}) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async imageInfo(ref: string): Promise<ImageInfo | undefined> {
    // `buildah inspect --type image` prints one object with the Docker-style config under `Docker`.
    const r = await runProcess(this.command, ['inspect', '--type', 'image', ref], { env: this.env });
    if (r.code !== 0) return undefined;
    try {
      const o = JSON.parse(r.stdout) as {
        FromImageID?: string;
        Docker?: { config?: unknown; Size?: number };
      };
      return parseImageInfo(
        JSON.stringify([{ Id: o.FromImageID, Size: o.Docker?.Size ?? 0, Config: o.Docker?.config }]),
      );
    } catch {
      return undefined;
    }
  }

  async hasImage(ref: string): Promise<boolean> {
    return (
      (await runProcess(this.command, ['inspect', '--type', 'image', ref], { env: this.env })).code === 0
    );
  }

  async readImage(ref: string): Promise<ImageModel> {
    const dir = await mkdtemp(join(tmpdir(), 'dw-buildah-'));
    try {
      const file = join(dir, 'image.tar');
      const r = await runProcess(this.command, ['push', ref, `docker-archive:${file}`], { env: this.env });
      if (r.code !== 0) throw new Error(`buildah push failed: ${r.stderr.trim()}`);
      return await readImage(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  run(): Promise<{ ok: boolean; id?: string; error?: string }> {
    return Promise.resolve({ ok: false, error: 'buildah cannot run containers' });
  }
  state(): Promise<ContainerState | undefined> {
    return Promise.resolve(undefined);
  }
  exec(): Promise<{ code: number; stdout: string; stderr: string }> {
    return cannotRun();
  }
  logs(): Promise<string> {
    return Promise.resolve('');
  }
  stop(): Promise<StopResult> {
    return cannotRun();
  }
  async remove(kind: ResourceKind, ids: readonly string[]): Promise<void> {
    if (kind === 'image' && ids.length)
      await runProcess(this.command, ['rmi', '-f', ...ids], { env: this.env });
  }
  async listLabelled(label: string): Promise<Record<ResourceKind, string[]>> {
    const r = await runProcess(this.command, ['images', '-q', '--filter', `label=${label}`], {
      env: this.env,
    });
    const image = [...new Set(r.stdout.split('\n').filter(Boolean))];
    return { container: [], image, network: [], volume: [] };
  }
  createNetwork(): Promise<boolean> {
    return Promise.resolve(false);
  }
  createVolume(): Promise<boolean> {
    return Promise.resolve(false);
  }
  networkExists(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

export async function probeBuildah(command: string, env: Env): Promise<BuildahEngine | undefined> {
  const r = await runProcess(command, ['version', '--json'], { env, timeoutMs: 15_000 });
  if (r.code !== 0) return undefined;
  let version = '';
  try {
    version = (JSON.parse(r.stdout) as { version?: string }).version ?? '';
  } catch {}
  return new BuildahEngine(command, env, version);
}
