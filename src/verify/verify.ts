/**
 * `dockwright verify`: build a setup on a real engine, run it, and check it is healthy, non-root and stops
 * gracefully; then remove everything it created (labelled `dockwright.verify.run=<id>`), never anything else.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { shellQuote } from '../engine/docker.js';
import { tail } from '../engine/process.js';
import type { ContainerEngine, ImageInfo, RunRequest } from '../engine/types.js';
import { analyzeModel } from '../image/analyses/index.js';
import { buildHint, exitHint, HINTS, healthHint } from './hints.js';
import { FALLBACK_IMAGES, naiveDockerfile, naivePlan, reductionPct } from './naive.js';
import {
  isFrontendPullFailure,
  offlineBaseImage,
  syntaxDirective,
  withoutSyntaxDirective,
} from './offline.js';
import type { NaiveComparison, StepEvent, StepName, StepResult, StepStatus, VerifyReport } from './types.js';

export const VERIFY_LABEL = 'dockwright.verify';
export const VERIFY_RUN_LABEL = 'dockwright.verify.run';

export interface VerifyOptions {
  readonly dir: string;
  readonly engine: ContainerEngine;
  /** Dockerfile, relative to `dir` (default `Dockerfile`). */
  readonly dockerfile?: string;
  /** Build context, relative to `dir` (default `.`). */
  readonly context?: string;
  readonly target?: string;
  readonly noCache?: boolean;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly platform?: string;
  /** Build with the engine's built-in Dockerfile frontend (drop `# syntax=`) from the start. */
  readonly offline?: boolean;
  /** `host`, a network name, or undefined: host when the engine has no default bridge. */
  readonly network?: string;
  /** Port to run the app on (default: the setup's port, or a free one when it reads PORT). */
  readonly port?: number;
  /** Seconds between SIGTERM and SIGKILL (default 10, as Docker). */
  readonly graceSeconds?: number;
  /** How long to wait for healthy (default 120 s). */
  readonly healthTimeoutMs?: number;
  /** HTTP path to probe when the image has no HEALTHCHECK (default: a TCP connect). */
  readonly probePath?: string;
  /** The user the container must run as (name or uid); default: any non-root user. */
  readonly expectUser?: string;
  /** Extra environment for the container. */
  readonly runEnv?: Readonly<Record<string, string>>;
  /** Run with `--init` (the setup's compose file says `init: true`). */
  readonly init?: boolean;
  readonly onEvent?: (e: StepEvent) => void;
  /** Build output as it comes (for a progress line). */
  readonly onBuildOutput?: (chunk: string) => void;
  /** Test seam: a fixed run id. */
  readonly runId?: string;
  /** Keep the built image (default: removed with everything else). */
  readonly keepImage?: boolean;
  /** Also build a naive single-stage image of the app and report the size reduction. */
  readonly compareNaive?: boolean;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
    sock.once('timeout', () => {
      sock.destroy();
      res(false);
    });
  });
}

async function httpStatus(port: number, path: string): Promise<number | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return r.status;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bytes as `123.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** The app's port: the image's PORT env, else its first exposed TCP port. */
export function appPort(info: ImageInfo): { port?: number; readsPortEnv: boolean } {
  const env = info.env.find((e) => e.startsWith('PORT='));
  const fromEnv = env ? Number(env.slice(5)) : Number.NaN;
  const exposed = info.exposedPorts.map((p) => Number(p.split('/')[0])).find((p) => Number.isInteger(p));
  const port = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : exposed;
  return { ...(port !== undefined ? { port } : {}), readsPortEnv: env !== undefined };
}

/** The image's health test with the port moved (`CMD-SHELL` for `--health-cmd`), or undefined if unchanged. */
export function movedHealthCmd(test: readonly string[], from: number, to: number): string | undefined {
  if (from === to) return undefined;
  const re = new RegExp(`(?<![0-9])${from}(?![0-9])`, 'g');
  const [kind, ...rest] = test;
  if (kind === 'CMD-SHELL') {
    const s = rest.join(' ');
    return re.test(s) ? s.replace(re, String(to)) : undefined;
  }
  if (kind === 'CMD') {
    const joined = rest.join('\u0000');
    if (!re.test(joined)) return undefined;
    return shellQuote(rest.map((a) => a.replace(re, String(to))));
  }
  return undefined;
}

class Recorder {
  readonly steps: StepResult[] = [];
  readonly notes: string[] = [];
  constructor(private readonly onEvent?: (e: StepEvent) => void) {}
  note(message: string): void {
    this.notes.push(message);
    this.onEvent?.({ kind: 'note', message });
  }
  async step(
    step: StepName,
    label: string,
    fn: () => Promise<Omit<StepResult, 'step' | 'ms'>>,
    service?: string,
  ): Promise<StepResult> {
    this.onEvent?.({ kind: 'start', step, label, ...(service ? { service } : {}) });
    const t0 = Date.now();
    let r: Omit<StepResult, 'step' | 'ms'>;
    try {
      r = await fn();
    } catch (e) {
      r = { status: 'fail', summary: `${label}: ${(e as Error).message}` };
    }
    const result: StepResult = { step, ...(service ? { service } : {}), ms: Date.now() - t0, ...r };
    this.steps.push(result);
    this.onEvent?.({ kind: 'end', result });
    return result;
  }
  skip(step: StepName, why: string, service?: string): void {
    const result: StepResult = { step, ...(service ? { service } : {}), status: 'skip', ms: 0, summary: why };
    this.steps.push(result);
    this.onEvent?.({ kind: 'end', result });
  }
}

export interface BuildOutcome {
  readonly status: StepStatus;
  readonly summary: string;
  readonly details?: readonly string[];
  readonly hint?: string;
  readonly imageId?: string;
}

/**
 * Build with the offline handling: `--offline` (or a frontend pull failure) builds a temporary copy of the
 * Dockerfile without `# syntax=`; a base image the registry cannot give is reported as such.
 */
export async function buildWithOfflineHandling(
  engine: ContainerEngine,
  req: {
    context: string;
    dockerfile: string;
    tag: string;
    target?: string;
    noCache?: boolean;
    buildArgs?: Readonly<Record<string, string>>;
    platform?: string;
    network?: string;
    labels: Readonly<Record<string, string>>;
    offline?: boolean;
    onOutput?: (chunk: string) => void;
  },
  note: (m: string) => void,
): Promise<BuildOutcome> {
  const text = await readFile(req.dockerfile, 'utf8');
  const directive = syntaxDirective(text);
  let tmp: string | undefined;
  const stripped = async (): Promise<string> => {
    tmp = await mkdtemp(join(tmpdir(), 'dw-verify-df-'));
    const copy = join(tmp, basename(req.dockerfile));
    await writeFile(copy, withoutSyntaxDirective(text));
    // BuildKit looks for <Dockerfile>.dockerignore next to the Dockerfile before the context's .dockerignore.
    const own = `${req.dockerfile}.dockerignore`;
    if (await stat(own).catch(() => undefined)) await copyFile(own, `${copy}.dockerignore`);
    return copy;
  };
  try {
    let dockerfile = req.dockerfile;
    if (req.offline && directive) {
      dockerfile = await stripped();
      note(
        `--offline: built a temporary copy of ${basename(req.dockerfile)} without line ${directive.line} (# syntax=${directive.image}), with the engine's built-in frontend`,
      );
    }
    const build = (file: string) =>
      engine.build({
        context: req.context,
        dockerfile: file,
        tag: req.tag,
        labels: req.labels,
        ...(req.target ? { target: req.target } : {}),
        ...(req.noCache ? { noCache: true } : {}),
        ...(req.buildArgs ? { buildArgs: req.buildArgs } : {}),
        ...(req.platform ? { platform: req.platform } : {}),
        ...(req.network ? { network: req.network } : {}),
        ...(req.onOutput ? { onOutput: req.onOutput } : {}),
      });
    let r = await build(dockerfile);
    if (!r.ok && directive && dockerfile === req.dockerfile && isFrontendPullFailure(r.log)) {
      note(
        `the # syntax=${directive.image} frontend image could not be pulled (offline); retried with a temporary copy of ${basename(req.dockerfile)} without that line, using the engine's built-in frontend (pass --offline to skip the attempt)`,
      );
      dockerfile = await stripped();
      r = await build(dockerfile);
    }
    if (r.ok) return { status: 'pass', summary: 'built', ...(r.imageId ? { imageId: r.imageId } : {}) };
    const base = offlineBaseImage(r.log);
    if (base) {
      return {
        status: 'fail',
        summary: `base image not available offline: ${base}`,
        details: tail(r.log, 8),
        hint: `The registry is unreachable and the engine has no local copy of ${base}. This is not a broken setup: pull or load ${base} (docker load, a registry mirror), or choose a base image the engine has.`,
      };
    }
    return {
      status: 'fail',
      summary: 'build failed',
      details: tail(r.log, 20),
      hint: buildHint(r.log),
    };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

interface RunPlan {
  readonly port?: number;
  readonly env: Record<string, string>;
  readonly healthCmd?: string;
}

/** Where to run the app and how to reach it, given the network mode. */
async function planRun(
  info: ImageInfo,
  options: VerifyOptions,
  hostNetwork: boolean,
  note: (m: string) => void,
): Promise<RunPlan> {
  const { port: setupPort, readsPortEnv } = appPort(info);
  const env: Record<string, string> = { ...(options.runEnv ?? {}) };
  if (setupPort === undefined) return { env };
  if (!hostNetwork) {
    const host = options.port ?? (await freePort());
    return { port: host, env, ...{ containerPort: setupPort } };
  }
  let port = options.port ?? setupPort;
  if (options.port === undefined && readsPortEnv && (await portOpen(setupPort))) port = await freePort();
  if (port !== setupPort) {
    if (!readsPortEnv) {
      note(`the app does not read PORT, so it runs on ${setupPort}, which must be free`);
      return { port: setupPort, env };
    }
    env.PORT = String(port);
    note(`host networking: the app runs on port ${port} (PORT=${port}) instead of ${setupPort}`);
    const moved = info.healthcheck ? movedHealthCmd(info.healthcheck, setupPort, port) : undefined;
    if (moved) {
      note(`the HEALTHCHECK probes port ${setupPort}: run with --health-cmd probing ${port} instead`);
      return { port, env, healthCmd: moved };
    }
    return { port, env };
  }
  return { port, env };
}

/** Verify one image-based setup (Dockerfile → image → container). */
export async function verifySetup(options: VerifyOptions): Promise<VerifyReport> {
  const t0 = Date.now();
  const dir = resolve(options.dir);
  const engine = options.engine;
  const runId = options.runId ?? newRunId();
  const labels = { [VERIFY_LABEL]: '1', [VERIFY_RUN_LABEL]: runId };
  const rec = new Recorder(options.onEvent);
  const grace = options.graceSeconds ?? 10;
  const dockerfile = resolve(dir, options.dockerfile ?? 'Dockerfile');
  const context = resolve(dir, options.context ?? '.');
  const name =
    (
      basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, '-') || 'app'
    ).replace(/^[._-]+/, '') || 'app';
  const tag = `dockwright-verify/${name}:${runId}`;

  let network = options.network;
  if (network === undefined && engine.canRun) {
    const bridge = engine.name === 'podman' ? 'podman' : 'bridge';
    if (!(await engine.networkExists(bridge))) {
      network = 'host';
      rec.note(`the engine has no ${bridge} network: building and running with --network host`);
    }
  }
  const hostNetwork = network === 'host';

  let imageId: string | undefined;
  let containerId: string | undefined;
  let comparison: NaiveComparison | undefined;
  try {
    const build = await rec.step('build', `build ${basename(dockerfile)}`, async () => {
      const r = await buildWithOfflineHandling(
        engine,
        {
          context,
          dockerfile,
          tag,
          labels,
          ...(options.target ? { target: options.target } : {}),
          ...(options.noCache ? { noCache: true } : {}),
          ...(options.buildArgs ? { buildArgs: options.buildArgs } : {}),
          ...(options.platform ? { platform: options.platform } : {}),
          ...(hostNetwork ? { network: 'host' } : {}),
          ...(options.offline ? { offline: true } : {}),
          ...(options.onBuildOutput ? { onOutput: options.onBuildOutput } : {}),
        },
        (m) => rec.note(m),
      );
      imageId = r.imageId;
      return {
        status: r.status,
        summary: r.status === 'pass' ? `built ${tag}` : r.summary,
        ...(r.details ? { details: r.details } : {}),
        ...(r.hint ? { hint: r.hint } : {}),
      };
    });
    if (build.status !== 'pass') {
      for (const s of ['image', 'run', 'health', 'user', 'stop'] as const)
        rec.skip(s, 'not run: the build failed');
      return await finish();
    }

    const info = await engine.imageInfo(tag);
    await rec.step('image', 'image facts', async () => {
      const model = await engine.readImage(tag);
      const report = analyzeModel(model);
      const c = report.config;
      const target = c.sizeTarget ? ` (target for ${c.language}: ≤ ${formatBytes(c.sizeTarget.max)})` : '';
      const facts = {
        size: c.size,
        layers: report.layers.layers.length,
        user: c.user || null,
        root: c.root,
        healthcheck: c.healthcheck,
        ...(c.sizeTarget ? { sizeTargetMax: c.sizeTarget.max } : {}),
        ...(imageId ? { imageId } : {}),
      };
      return {
        status: 'pass',
        summary: `${formatBytes(c.size)}${target}, ${facts.layers} layers, user ${c.user || 'root (none set)'}, ${c.healthcheck ? 'HEALTHCHECK' : 'no HEALTHCHECK'}`,
        facts,
      };
    });

    if (options.compareNaive) {
      await rec.step('naive', 'build a naive single-stage image', async () => {
        const r = await compareNaive(engine, {
          dir: context,
          size: info?.size ?? 0,
          labels,
          tag: `dockwright-verify/${name}-naive:${runId}`,
          ...(network ? { network } : {}),
          note: (m) => rec.note(m),
        });
        if (!r.ok)
          return {
            status: 'fail',
            summary: r.summary,
            ...(r.details ? { details: r.details } : {}),
            hint: r.hint,
          };
        comparison = r.comparison;
        const c = r.comparison;
        // Offline, the stand-in is no full toolchain image: a miss then says nothing about the setup.
        const inconclusive = !c.meetsTarget && c.fallback !== undefined;
        return {
          status: c.meetsTarget ? 'pass' : inconclusive ? 'skip' : 'fail',
          summary: `naive ${formatBytes(c.naiveSize)} (FROM ${c.naiveBase}) → ${formatBytes(c.size)}: ${c.reductionPct}% smaller${c.meetsTarget ? '' : inconclusive ? ' (inconclusive: the naive build used a stand-in, not the full toolchain image)' : ' (the spec asks for more than 50%)'}`,
          facts: {
            naiveBase: c.naiveBase,
            naiveSize: c.naiveSize,
            size: c.size,
            reductionPct: c.reductionPct,
          },
          ...(c.meetsTarget ? {} : { hint: HINTS.tooLarge }),
        };
      });
    }

    if (!engine.canRun) {
      for (const s of ['run', 'health', 'user', 'stop'] as const)
        rec.skip(s, `${engine.name} builds only: no container to run`);
      return await finish();
    }
    if (!info) throw new Error(`the engine does not know the image it just built (${tag})`);

    const plan = await planRun(info, options, hostNetwork, (m) => rec.note(m));
    const health = info.healthcheck !== undefined;
    const run = await rec.step(
      'run',
      'start the container',
      async (): Promise<Omit<StepResult, 'step' | 'ms'>> => {
        const req: RunRequest = {
          image: tag,
          name: `dw-verify-${name}-${runId}`,
          labels,
          env: plan.env,
          ...(network ? { network } : {}),
          ...(plan.port !== undefined && !hostNetwork
            ? { ports: [{ host: plan.port, container: appPort(info).port ?? plan.port }] }
            : {}),
          // Probe every second instead of the image's interval (30 s is typical) so verify is quick.
          ...(health
            ? { health: { interval: '1s', ...(plan.healthCmd ? { cmd: plan.healthCmd } : {}) } }
            : {}),
          stopTimeout: grace,
          ...(options.init ? { init: true } : {}),
        };
        const r = await engine.run(req);
        if (!r.ok || !r.id) {
          return {
            status: 'fail',
            summary: 'the container did not start',
            details: tail(r.error ?? '', 10),
            hint: exitHint(undefined, r.error ?? ''),
          };
        }
        containerId = r.id;
        // A container that exits at once (crash, missing module, bad CMD) fails here.
        for (let i = 0; i < 6; i++) {
          await sleep(500);
          const s = await engine.state(r.id);
          if (s && !s.running) {
            const logs = await engine.logs(r.id, 30);
            return {
              status: 'fail',
              summary: `the container exited with code ${s.exitCode}${s.oomKilled ? ' (OOM-killed)' : ''} right after starting`,
              details: tail(logs, 20),
              hint: exitHint(s, logs),
              facts: { exitCode: s.exitCode, oomKilled: s.oomKilled },
            };
          }
        }
        return {
          status: 'pass',
          summary: `running${plan.port !== undefined ? ` on 127.0.0.1:${plan.port}` : ''}${hostNetwork ? ' (host network)' : ''}`,
          facts: { container: r.id.slice(0, 12), ...(plan.port !== undefined ? { port: plan.port } : {}) },
        };
      },
    );
    if (run.status !== 'pass' || !containerId) {
      for (const s of ['health', 'user', 'stop'] as const)
        rec.skip(s, 'not run: the container is not running');
      return await finish();
    }
    const id = containerId;

    await rec.step('health', health ? 'wait for HEALTHCHECK' : 'probe the port', async () => {
      const deadline = Date.now() + (options.healthTimeoutMs ?? 120_000);
      for (;;) {
        const s = await engine.state(id);
        if (!s) return { status: 'fail', summary: 'the container disappeared' };
        if (!s.running) {
          const logs = await engine.logs(id, 30);
          return {
            status: 'fail',
            summary: `the container exited with code ${s.exitCode}${s.oomKilled ? ' (OOM-killed)' : ''} before it was healthy`,
            details: tail(logs, 20),
            hint: exitHint(s, logs),
          };
        }
        if (health) {
          if (s.health === 'healthy') return { status: 'pass', summary: 'HEALTHCHECK reports healthy' };
          if (s.health === 'unhealthy') {
            return {
              status: 'fail',
              summary: 'HEALTHCHECK reports unhealthy',
              details: [...s.healthLog.slice(-3), ...tail(await engine.logs(id, 20), 10)],
              hint: healthHint(s.healthLog),
            };
          }
        } else if (plan.port !== undefined) {
          if (options.probePath) {
            const code = await httpStatus(plan.port, options.probePath);
            if (code !== undefined && code < 500)
              return { status: 'pass', summary: `GET ${options.probePath} answered ${code}` };
          } else if (await portOpen(plan.port)) {
            return { status: 'pass', summary: `port ${plan.port} accepts connections (no HEALTHCHECK)` };
          }
        } else {
          return { status: 'pass', summary: 'running (no HEALTHCHECK and no port to probe)' };
        }
        if (Date.now() > deadline) {
          return {
            status: 'fail',
            summary: `not healthy after ${Math.round((options.healthTimeoutMs ?? 120_000) / 1000)}s (${s.health})`,
            details: [...s.healthLog.slice(-3), ...tail(await engine.logs(id, 20), 10)],
            hint: s.healthLog.length ? healthHint(s.healthLog) : HINTS.healthTimeout,
          };
        }
        await sleep(500);
      }
    });

    await rec.step('user', 'check the user', async () => {
      const r = await engine.exec(id, ['id', '-u']);
      let uid: string | undefined = r.code === 0 ? r.stdout.trim() : undefined;
      let userName: string | undefined;
      if (uid !== undefined) {
        const n = await engine.exec(id, ['id', '-un']);
        if (n.code === 0) userName = n.stdout.trim();
      } else {
        // No `id` in the image (distroless, scratch): trust the configured user when it is numeric.
        const u = info.user.split(':')[0] ?? '';
        if (/^\d+$/.test(u)) uid = u;
        else if (u === '' || u === 'root') uid = '0';
        else userName = u;
      }
      const shown = `${userName ?? '?'}${uid !== undefined ? ` (uid ${uid})` : ''}`;
      const facts = { uid: uid ?? null, user: userName ?? null };
      if (uid === '0' || userName === 'root') {
        return {
          status: 'fail',
          summary: `runs as root: ${shown}`,
          facts,
          hint: HINTS.root,
        };
      }
      if (options.expectUser && options.expectUser !== uid && options.expectUser !== userName) {
        return {
          status: 'fail',
          summary: `runs as ${shown}, expected ${options.expectUser}`,
          facts,
          hint: HINTS.wrongUser,
        };
      }
      return { status: 'pass', summary: `runs as ${shown}, not root`, facts };
    });

    await rec.step('stop', `graceful stop (SIGTERM, ${grace}s grace)`, async () => {
      const r = await engine.stop(id, grace);
      const secs = (r.ms / 1000).toFixed(1);
      if (r.exitCode === 137 || r.ms >= grace * 1000) {
        return {
          status: 'fail',
          summary: `did not exit on SIGTERM within ${grace}s: killed (exit ${r.exitCode}) after ${secs}s`,
          details: tail(await engine.logs(id, 10), 5),
          hint: HINTS.stop,
          facts: { exitCode: r.exitCode, stopMs: r.ms },
        };
      }
      return {
        status: 'pass',
        summary: `exited ${r.exitCode} after ${secs}s`,
        facts: { exitCode: r.exitCode, stopMs: r.ms },
      };
    });
    return await finish();
  } finally {
    // finish() records cleanup; this only guards against throws before it.
    if (!rec.steps.some((s) => s.step === 'cleanup')) await cleanup();
  }

  async function cleanup(): Promise<void> {
    await rec.step('cleanup', 'remove what verify created', async () => {
      const label = `${VERIFY_RUN_LABEL}=${runId}`;
      let left = await engine.listLabelled(label);
      await engine.remove('container', left.container);
      if (!options.keepImage) {
        await engine.remove('image', [tag]);
        left = await engine.listLabelled(label);
        await engine.remove('image', left.image);
      }
      await engine.remove('network', left.network);
      await engine.remove('volume', left.volume);
      const after = await engine.listLabelled(label);
      const leftovers = [
        ...after.container.map((c) => `container ${c}`),
        ...(options.keepImage ? [] : after.image.map((i) => `image ${i}`)),
        ...after.network.map((n) => `network ${n}`),
        ...after.volume.map((v) => `volume ${v}`),
      ];
      if (leftovers.length)
        return {
          status: 'fail',
          summary: 'could not remove everything',
          details: leftovers,
          hint: HINTS.cleanup,
        };
      return {
        status: 'pass',
        summary: `removed everything labelled ${label}${options.keepImage ? ` (kept ${tag})` : ''}`,
        facts: { label },
      };
    });
  }

  async function finish(): Promise<VerifyReport> {
    await cleanup();
    const r = report(dir, engine, 'image', rec, t0);
    return comparison ? { ...r, comparison } : r;
  }
}

export function report(
  dir: string,
  engine: ContainerEngine,
  mode: 'image' | 'compose',
  rec: { steps: readonly StepResult[]; notes: readonly string[] },
  t0: number,
): VerifyReport {
  return {
    schemaVersion: 1,
    dir,
    engine: engine.description,
    mode,
    ok: rec.steps.every((s) => s.status !== 'fail'),
    steps: rec.steps,
    notes: rec.notes,
    totalMs: Date.now() - t0,
  };
}

export { Recorder };

/** Build the naive image of the app in `dir` and compare its size with `size`. */
export async function compareNaive(
  engine: ContainerEngine,
  req: {
    dir: string;
    size: number;
    tag: string;
    labels: Readonly<Record<string, string>>;
    network?: string;
    note: (m: string) => void;
  },
): Promise<
  | { ok: true; comparison: NaiveComparison }
  | { ok: false; summary: string; details?: readonly string[]; hint: string }
> {
  const plan = await naivePlan(req.dir);
  if (!plan) {
    return {
      ok: false,
      summary: 'no naive build for this app: the language is not recognised',
      hint: 'The naive comparison knows Node, Python, Go, Rust, Java and static sites.',
    };
  }
  const tmp = await mkdtemp(join(tmpdir(), 'dw-verify-naive-'));
  try {
    const dockerfile = join(tmp, 'Dockerfile.naive');
    const build = async (image: string) => {
      await writeFile(dockerfile, naiveDockerfile(image, plan));
      return engine.build({
        context: req.dir,
        dockerfile,
        tag: req.tag,
        labels: req.labels,
        ...(req.network ? { network: req.network } : {}),
      });
    };
    let base: string | undefined;
    let fallback: string | undefined;
    let last: { ok: boolean; log: string } | undefined;
    let unreachable = true;
    for (const image of plan.images) {
      last = await build(image);
      if (last.ok) {
        base = image;
        break;
      }
      if (!offlineBaseImage(last.log)) {
        unreachable = false;
        break;
      }
    }
    if (!base && unreachable) {
      // The full toolchain image cannot be pulled (offline): the largest image of the language the engine has.
      const have: { ref: string; size: number }[] = [];
      for (const ref of FALLBACK_IMAGES[plan.language]) {
        const info = await engine.imageInfo(ref);
        if (info) have.push({ ref, size: info.size });
      }
      have.sort((x, y) => y.size - x.size);
      const pick = have[0];
      if (pick) {
        fallback = `${plan.images[0]} is not available (offline): the naive build uses ${pick.ref}, the largest ${plan.language} image the engine has, so the reduction is understated`;
        req.note(fallback);
        last = await build(pick.ref);
        if (last.ok) base = pick.ref;
      }
    }
    if (!base || !last?.ok) {
      const offline = last ? offlineBaseImage(last.log) : undefined;
      return {
        ok: false,
        summary: offline
          ? `naive build: base image not available offline: ${offline}`
          : 'the naive build failed',
        details: tail(last?.log ?? '', 12),
        hint: offline
          ? `Pull or load ${offline} to compare against the full toolchain image.`
          : buildHint(last?.log ?? ''),
      };
    }
    const info = await engine.imageInfo(req.tag);
    const naiveSize = info?.size ?? 0;
    const pct = reductionPct(req.size, naiveSize);
    return {
      ok: true,
      comparison: {
        naiveBase: base,
        naiveSize,
        size: req.size,
        reductionPct: pct,
        meetsTarget: pct > 50,
        ...(fallback ? { fallback } : {}),
      },
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
