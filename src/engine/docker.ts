/**
 * The Docker adapter (also the base of the Podman one: same CLI). Argument building is pure and exported so it
 * can be tested without an engine.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { readImageFromEngine } from '../image/engine.js';
import type { ImageModel } from '../image/model.js';
import { type ProcessResult, runProcess } from './process.js';
import type {
  BuildRequest,
  BuildResult,
  ContainerEngine,
  ContainerState,
  EngineName,
  Env,
  ImageInfo,
  ResourceKind,
  RunRequest,
  StopResult,
} from './types.js';

/** How the Docker client builds: `buildx` plugin, the classic client's built-in BuildKit, or the legacy builder. */
export type DockerBuilder = 'buildx' | 'buildkit' | 'legacy';

function labelFlags(labels: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
}

/** `docker build` / `docker buildx build --load` / `podman build` arguments. */
export function buildArgs(req: BuildRequest, builder: DockerBuilder | 'podman' | 'buildah'): string[] {
  const args =
    builder === 'buildx' ? ['buildx', 'build', '--load'] : builder === 'buildah' ? ['build'] : ['build'];
  if (builder === 'buildx' || builder === 'buildkit') args.push('--progress', 'plain');
  args.push('-t', req.tag);
  if (req.dockerfile) {
    args.push('-f', isAbsolute(req.dockerfile) ? req.dockerfile : resolve(req.context, req.dockerfile));
  }
  if (req.target) args.push('--target', req.target);
  if (req.noCache) args.push('--no-cache');
  if (req.network) args.push('--network', req.network);
  if (req.platform) args.push('--platform', req.platform);
  if (req.iidFile) args.push('--iidfile', req.iidFile);
  for (const [k, v] of Object.entries(req.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(...labelFlags(req.labels));
  args.push(req.context);
  return args;
}

/** `docker run -d` arguments (Podman takes the same). */
export function runArgs(req: RunRequest): string[] {
  const args = ['run', '-d'];
  if (req.name) args.push('--name', req.name);
  args.push(...labelFlags(req.labels));
  if (req.network) args.push('--network', req.network);
  for (const a of req.networkAliases ?? []) args.push('--network-alias', a);
  // With host networking, published ports are meaningless (and rejected by some engines).
  if (req.network !== 'host') {
    for (const p of req.ports ?? []) {
      args.push('-p', `127.0.0.1:${p.host}:${p.container}${p.protocol === 'udp' ? '/udp' : ''}`);
    }
  }
  for (const [k, v] of Object.entries(req.env ?? {})) args.push('-e', `${k}=${v}`);
  if (req.user) args.push('--user', req.user);
  if (req.readOnly) args.push('--read-only');
  for (const c of req.capDrop ?? []) args.push('--cap-drop', c);
  for (const c of req.capAdd ?? []) args.push('--cap-add', c);
  for (const s of req.securityOpt ?? []) args.push('--security-opt', s);
  for (const t of req.tmpfs ?? []) args.push('--tmpfs', t);
  for (const v of req.volumes ?? []) args.push('-v', v);
  if (req.noHealthcheck) args.push('--no-healthcheck');
  if (req.health?.cmd !== undefined) args.push('--health-cmd', req.health.cmd);
  if (req.health?.interval) args.push('--health-interval', req.health.interval);
  if (req.health?.timeout) args.push('--health-timeout', req.health.timeout);
  if (req.health?.startPeriod) args.push('--health-start-period', req.health.startPeriod);
  if (req.health?.retries !== undefined) args.push('--health-retries', String(req.health.retries));
  if (req.stopTimeout !== undefined) args.push('--stop-timeout', String(req.stopTimeout));
  if (req.stopSignal) args.push('--stop-signal', req.stopSignal);
  if (req.init) args.push('--init');
  for (const h of req.addHosts ?? []) args.push('--add-host', h);
  if (req.memory) args.push('--memory', req.memory);
  if (req.cpus) args.push('--cpus', req.cpus);
  if (req.pidsLimit !== undefined) args.push('--pids-limit', String(req.pidsLimit));
  if (req.workdir) args.push('--workdir', req.workdir);
  if (req.entrypoint) {
    // --entrypoint takes one word; the rest goes before the command.
    args.push('--entrypoint', req.entrypoint[0] ?? '');
  }
  args.push(req.image);
  if (req.entrypoint && req.entrypoint.length > 1) args.push(...req.entrypoint.slice(1));
  args.push(...(req.command ?? []));
  return args;
}

/** `docker stop --time <grace>` (Podman: same flag). */
export function stopArgs(id: string, graceSeconds: number): string[] {
  return ['stop', '--time', String(graceSeconds), id];
}

/** Quote an exec-form health test for `--health-cmd` (which is CMD-SHELL). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

interface InspectState {
  Status?: string;
  Running?: boolean;
  ExitCode?: number;
  OOMKilled?: boolean;
  Health?: { Status?: string; Log?: { Output?: string }[] };
  Healthcheck?: { Status?: string; Log?: { Output?: string }[] };
}

export function parseState(json: string): ContainerState | undefined {
  let parsed: { State?: InspectState }[];
  try {
    parsed = JSON.parse(json) as { State?: InspectState }[];
  } catch {
    return undefined;
  }
  const s = parsed[0]?.State;
  if (!s) return undefined;
  const h = s.Health ?? s.Healthcheck;
  const hs = h?.Status;
  const health =
    hs === 'healthy' || hs === 'unhealthy' || hs === 'starting' ? hs : ('none' as ContainerState['health']);
  return {
    status: s.Status ?? 'unknown',
    running: s.Running === true,
    health,
    exitCode: s.ExitCode ?? 0,
    oomKilled: s.OOMKilled === true,
    healthLog: (h?.Log ?? []).map((l) => (l.Output ?? '').trim()).filter(Boolean),
  };
}

interface ImageInspectJson {
  Id?: string;
  Size?: number;
  Config?: {
    User?: string;
    Healthcheck?: { Test?: string[] };
    ExposedPorts?: Record<string, unknown>;
    Env?: string[];
    StopSignal?: string;
  };
}

export function parseImageInfo(json: string): ImageInfo | undefined {
  let parsed: ImageInspectJson[];
  try {
    parsed = JSON.parse(json) as ImageInspectJson[];
  } catch {
    return undefined;
  }
  const i = parsed[0];
  if (!i) return undefined;
  const c = i.Config ?? {};
  return {
    id: i.Id ?? '',
    size: i.Size ?? 0,
    user: c.User ?? '',
    ...(c.Healthcheck?.Test && c.Healthcheck.Test[0] !== 'NONE' ? { healthcheck: c.Healthcheck.Test } : {}),
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    env: c.Env ?? [],
    ...(c.StopSignal ? { stopSignal: c.StopSignal } : {}),
  };
}

/** Shared by Docker and Podman: their CLIs agree on everything verify uses. */
export class CliEngine implements ContainerEngine {
  readonly canRun: boolean = true;
  constructor(
    readonly name: EngineName,
    readonly command: string,
    readonly env: Env,
    readonly description: string,
    readonly builder: DockerBuilder | 'podman',
    readonly hasCompose: boolean,
  ) {}

  protected cli(args: readonly string[], timeoutMs = 120_000, extraEnv: Env = {}): Promise<ProcessResult> {
    return runProcess(this.command, args, { env: { ...this.env, ...extraEnv }, timeoutMs });
  }

  async build(req: BuildRequest): Promise<BuildResult> {
    const dir = await mkdtemp(join(tmpdir(), 'dw-iid-'));
    const iidFile = req.iidFile ?? join(dir, 'iid');
    try {
      const extraEnv: Env =
        this.builder === 'buildkit'
          ? { DOCKER_BUILDKIT: '1' }
          : this.builder === 'legacy'
            ? { DOCKER_BUILDKIT: '0' }
            : {};
      const r = await runProcess(this.command, buildArgs({ ...req, iidFile }, this.builder), {
        env: { ...this.env, ...extraEnv },
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
    const r = await this.cli(['image', 'inspect', ref]);
    return r.code === 0 ? parseImageInfo(r.stdout) : undefined;
  }

  async hasImage(ref: string): Promise<boolean> {
    return (await this.cli(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
  }

  readImage(ref: string): Promise<ImageModel> {
    return readImageFromEngine(ref, { env: this.env });
  }

  async run(req: RunRequest): Promise<{ ok: boolean; id?: string; error?: string }> {
    const r = await this.cli(runArgs(req));
    if (r.code !== 0) return { ok: false, error: (r.stderr || r.stdout || r.error || '').trim() };
    return { ok: true, id: r.stdout.trim().split('\n').pop()! };
  }

  async state(id: string): Promise<ContainerState | undefined> {
    const r = await this.cli(['container', 'inspect', id]);
    return r.code === 0 ? parseState(r.stdout) : undefined;
  }

  exec(id: string, command: readonly string[]) {
    return this.cli(['exec', id, ...command], 30_000);
  }

  async logs(id: string, tailLines = 50): Promise<string> {
    const r = await this.cli(['logs', '--tail', String(tailLines), id]);
    return `${r.stdout}${r.stderr}`;
  }

  async stop(id: string, graceSeconds: number): Promise<StopResult> {
    const t0 = Date.now();
    await this.cli(stopArgs(id, graceSeconds), (graceSeconds + 30) * 1000);
    const ms = Date.now() - t0;
    const s = await this.state(id);
    const exitCode = s?.exitCode ?? -1;
    return { ms, exitCode, killed: exitCode === 137 && ms >= graceSeconds * 1000 };
  }

  async remove(kind: ResourceKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const args =
      kind === 'container'
        ? ['rm', '-f', '-v', ...ids]
        : kind === 'image'
          ? ['rmi', '-f', ...ids]
          : [kind, 'rm', ...ids];
    await this.cli(args);
  }

  async listLabelled(label: string): Promise<Record<ResourceKind, string[]>> {
    const lines = (r: ProcessResult) => [
      ...new Set(
        r.stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ];
    const filter = ['--filter', `label=${label}`];
    const [c, i, n, v] = await Promise.all([
      this.cli(['ps', '-aq', ...filter]),
      this.cli(['images', '-aq', ...filter]),
      this.cli(['network', 'ls', '-q', ...filter]),
      this.cli(['volume', 'ls', '-q', ...filter]),
    ]);
    return { container: lines(c), image: lines(i), network: lines(n), volume: lines(v) };
  }

  async createNetwork(name: string, labels: Readonly<Record<string, string>>): Promise<boolean> {
    return (await this.cli(['network', 'create', ...labelFlags(labels), name])).code === 0;
  }

  async createVolume(name: string, labels: Readonly<Record<string, string>>): Promise<boolean> {
    return (await this.cli(['volume', 'create', ...labelFlags(labels), name])).code === 0;
  }

  async networkExists(name: string): Promise<boolean> {
    return (await this.cli(['network', 'inspect', name])).code === 0;
  }

  async compose(args: readonly string[], cwd: string, timeoutMs = 900_000) {
    return runProcess(this.command, ['compose', ...args], { env: this.env, cwd, timeoutMs });
  }
}

/** The Docker client verify should use, and how it builds. */
export interface DockerProbe {
  readonly command: string;
  readonly clientVersion: string;
  readonly serverVersion: string;
  readonly builder: DockerBuilder;
  readonly compose: boolean;
}

function major(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? 0);
}

/**
 * Probe Docker clients (each `docker` on PATH, in order): the first whose server answers and that builds with
 * BuildKit wins: buildx when the plugin is there, else a client older than 23 with BuildKit built in
 * (`DOCKER_BUILDKIT=1`). A client that can only use the legacy builder is the last resort.
 */
export async function probeDocker(candidates: readonly string[], env: Env): Promise<DockerProbe | undefined> {
  let legacy: DockerProbe | undefined;
  for (const command of candidates) {
    const v = await runProcess(command, ['version', '--format', '{{.Client.Version}} {{.Server.Version}}'], {
      env,
      timeoutMs: 15_000,
    });
    if (v.code !== 0) continue;
    const [clientVersion = '', serverVersion = ''] = v.stdout.trim().split(/\s+/);
    if (!serverVersion) continue;
    const compose =
      (await runProcess(command, ['compose', 'version'], { env, timeoutMs: 15_000 })).code === 0;
    const bx = await runProcess(command, ['buildx', 'version'], { env, timeoutMs: 15_000 });
    if (bx.code === 0) return { command, clientVersion, serverVersion, builder: 'buildx', compose };
    if (major(clientVersion) > 0 && major(clientVersion) < 23) {
      return { command, clientVersion, serverVersion, builder: 'buildkit', compose };
    }
    legacy ??= { command, clientVersion, serverVersion, builder: 'legacy', compose };
  }
  return legacy;
}

export function dockerEngine(probe: DockerProbe, env: Env): CliEngine {
  const how =
    probe.builder === 'buildx'
      ? 'buildx'
      : probe.builder === 'buildkit'
        ? 'classic client, built-in BuildKit (DOCKER_BUILDKIT=1)'
        : 'legacy builder: no buildx and no built-in BuildKit, RUN --mount will fail';
  return new CliEngine(
    'docker',
    probe.command,
    env,
    `docker ${probe.serverVersion} via ${probe.command} (${how})`,
    probe.builder,
    probe.compose,
  );
}
