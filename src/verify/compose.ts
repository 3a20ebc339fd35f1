/**
 * `dockwright verify --compose`: start a whole Compose stack and check every service. With Compose v2
 * (`docker compose`), `up --wait`; without it, the adapter starts the stack itself from the resolved model:
 * networks and named volumes (labelled), builds, services in `depends_on` order honouring the conditions, each
 * service's settings mapped to `docker run` flags (`serviceRunRequest`). Everything it made carries the run
 * label and is removed at the end.
 */
import { resolve } from 'node:path';
import { DependencyCycleError, startOrder } from '../engine/compose-order.js';
import { seconds, serviceRunRequest } from '../engine/compose-run.js';
import { tail } from '../engine/process.js';
import { loadCompose } from '../parse/compose/index.js';
import type { ComposeService } from '../parse/compose/model.js';
import { exitHint, HINTS, healthHint } from './hints.js';
import type { ServiceSummary, StepResult, VerifyReport } from './types.js';
import {
  buildWithOfflineHandling,
  newRunId,
  Recorder,
  report,
  VERIFY_LABEL,
  VERIFY_RUN_LABEL,
  type VerifyOptions,
} from './verify.js';

export interface ComposeVerifyOptions
  extends Pick<
    VerifyOptions,
    | 'dir'
    | 'engine'
    | 'noCache'
    | 'offline'
    | 'network'
    | 'graceSeconds'
    | 'healthTimeoutMs'
    | 'onEvent'
    | 'onBuildOutput'
    | 'runId'
    | 'keepImage'
  > {
  /** Compose files (`-f`), relative to `dir`; default: discovered like Compose. */
  readonly files?: readonly string[];
  /** Environment for interpolation (default: none beyond the project's .env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly profiles?: readonly string[];
  /** Use the adapter even when Compose v2 exists (tests, and engines without it). */
  readonly noComposeV2?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function safe(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[._-]+/, '') || 'app'
  );
}

export async function verifyCompose(options: ComposeVerifyOptions): Promise<VerifyReport> {
  const t0 = Date.now();
  const dir = resolve(options.dir);
  const engine = options.engine;
  const runId = options.runId ?? newRunId();
  const labels = { [VERIFY_LABEL]: '1', [VERIFY_RUN_LABEL]: runId };
  const rec = new Recorder(options.onEvent);
  const grace = options.graceSeconds ?? 10;
  const healthTimeout = options.healthTimeoutMs ?? 120_000;

  const project = await loadCompose({
    workingDir: dir,
    ...(options.files?.length ? { files: options.files } : {}),
    env: options.env ?? {},
    ...(options.profiles ? { profiles: options.profiles } : {}),
  });
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  const model = project.model;
  const projectName = safe(project.name);
  if (errors.length) {
    await rec.step('build', 'load the Compose project', async () => ({
      status: 'fail',
      summary: `the Compose file does not load: ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      details: errors.slice(0, 10).map((d) => `${d.file}: ${d.message}`),
      hint: 'Run `dockwright lint` on the Compose file and fix the errors first.',
    }));
    return report(dir, engine, 'compose', rec, t0);
  }
  if (!engine.canRun) {
    rec.skip('run', `${engine.name} builds only: a Compose stack needs an engine that runs containers`);
    return report(dir, engine, 'compose', rec, t0);
  }

  if (engine.hasCompose && engine.compose && !options.noComposeV2) {
    return composeV2(
      options,
      project.files.map((f) => f.path),
      projectName,
      runId,
      rec,
      t0,
    );
  }

  let network = options.network;
  if (network === undefined) {
    const bridge = engine.name === 'podman' ? 'podman' : 'bridge';
    if (!(await engine.networkExists(bridge))) {
      network = 'host';
      rec.note(
        `the engine has no ${bridge} network: services run with --network host, so service-name DNS does not exist; each service name is mapped to 127.0.0.1 (--add-host <service>:127.0.0.1) so an app that connects to db:5432 reaches the host-networked db. Two services cannot listen on the same port then.`,
      );
    }
  }
  const hostNetwork = network === 'host';
  rec.note(
    `Compose v2 is not available: ${engine.name} starts the ${Object.keys(model.services).length} services itself in depends_on order (project ${projectName})`,
  );

  const summaries = new Map<string, { -readonly [K in keyof ServiceSummary]: ServiceSummary[K] }>();
  for (const name of Object.keys(model.services)) {
    summaries.set(name, {
      service: name,
      built: null,
      started: false,
      healthy: null,
      user: null,
      stopped: null,
    });
  }
  const containers = new Map<string, string>();
  const images = new Map<string, string>();
  const failed = new Set<string>();

  try {
    let order: ReturnType<typeof startOrder>;
    try {
      order = startOrder(
        Object.entries(model.services).map(([name, s]) => ({ name, dependsOn: s.depends_on ?? {} })),
      );
    } catch (e) {
      if (!(e instanceof DependencyCycleError)) throw e;
      await rec.step('run', 'start order', async () => ({
        status: 'fail',
        summary: e.message,
        hint: 'Break the depends_on cycle: a service cannot wait on itself through others.',
      }));
      return await finish();
    }

    // Networks and named volumes, labelled.
    const volumeNames: Record<string, string> = {};
    const networkNames: Record<string, string> = {};
    for (const [key, v] of Object.entries(model.volumes)) {
      const name = typeof v.name === 'string' ? v.name : `${projectName}_${key}`;
      volumeNames[key] = v.external ? name : `${name}-${runId}`;
      if (!v.external) await engine.createVolume(volumeNames[key]!, labels);
    }
    if (!hostNetwork) {
      for (const [key, n] of Object.entries(model.networks)) {
        const name = typeof n.name === 'string' ? n.name : `${projectName}_${key}`;
        networkNames[key] = n.external ? name : `${name}-${runId}`;
        if (!n.external) await engine.createNetwork(networkNames[key]!, labels);
      }
    }

    // Builds.
    for (const [svc, s] of Object.entries(model.services)) {
      if (!s.build) continue;
      const sum = summaries.get(svc)!;
      const b = s.build;
      const tag = `dockwright-verify/${projectName}-${safe(svc)}:${runId}`;
      const r = await rec.step(
        'build',
        `build ${svc}`,
        async () => {
          if (b.dockerfile_inline) {
            return { status: 'fail', summary: 'dockerfile_inline is not supported without Compose v2' };
          }
          const context = resolve(project.projectDir, b.context);
          const out = await buildWithOfflineHandling(
            engine,
            {
              context,
              dockerfile: resolve(context, b.dockerfile ?? 'Dockerfile'),
              tag,
              labels: { ...(b.labels ?? {}), ...labels },
              ...(b.target ? { target: b.target } : {}),
              ...(options.noCache ? { noCache: true } : {}),
              buildArgs: Object.fromEntries(
                Object.entries(b.args ?? {}).filter((e): e is [string, string] => e[1] !== null),
              ),
              ...(network ? { network } : {}),
              ...(options.offline ? { offline: true } : {}),
              ...(options.onBuildOutput ? { onOutput: options.onBuildOutput } : {}),
            },
            (m) => rec.note(`${svc}: ${m}`),
          );
          return {
            status: out.status,
            summary: out.status === 'pass' ? `built ${tag}` : out.summary,
            ...(out.details ? { details: out.details } : {}),
            ...(out.hint ? { hint: out.hint } : {}),
          };
        },
        svc,
      );
      sum.built = r.status === 'pass';
      if (r.status === 'pass') images.set(svc, tag);
      else failed.add(svc);
    }

    // Start in dependency order, waiting on each condition.
    for (const step of order) {
      const svc = step.service;
      const s = model.services[svc]!;
      const sum = summaries.get(svc)!;
      if (failed.has(svc)) {
        rec.skip('run', 'not started: the build failed', svc);
        continue;
      }
      const blocked = step.waitFor.find((w) => failed.has(w.service));
      if (blocked) {
        rec.skip('run', `not started: ${blocked.service}, which it depends on, failed`, svc);
        failed.add(svc);
        continue;
      }
      let waitFailed: StepResult | undefined;
      for (const w of step.waitFor) {
        if (w.condition === 'service_started') continue;
        const id = containers.get(w.service)!;
        const r =
          w.condition === 'service_healthy'
            ? await waitHealthy(w.service, id, model.services[w.service]!)
            : await waitCompleted(w.service, id);
        if (r.status !== 'pass') {
          waitFailed = r;
          break;
        }
      }
      if (waitFailed) {
        rec.skip('run', `not started: ${waitFailed.service} did not reach its depends_on condition`, svc);
        failed.add(svc);
        continue;
      }
      const image = images.get(svc) ?? s.image;
      const r = await rec.step(
        'run',
        `start ${svc}`,
        async (): Promise<Omit<StepResult, 'step' | 'ms'>> => {
          if (!image) return { status: 'fail', summary: 'neither image nor build' };
          const imageHealthcheck = (await engine.imageInfo(image))?.healthcheck;
          const plan = serviceRunRequest({
            ...(imageHealthcheck ? { imageHealthcheck } : {}),
            projectName,
            serviceName: svc,
            service: s,
            model,
            image,
            labels: { ...labels, 'dockwright.verify.service': svc },
            hostNetwork,
            volumeNames,
            networkNames,
            containerName: `dw-verify-${projectName}-${safe(svc)}-${runId}`,
          });
          for (const i of plan.ignored) rec.note(`${svc}: not mapped to docker run: ${i}`);
          const res = await engine.run({ ...plan.request, stopTimeout: plan.request.stopTimeout ?? grace });
          if (!res.ok || !res.id) {
            return {
              status: 'fail',
              summary: 'the container did not start',
              details: tail(res.error ?? '', 10),
              hint: exitHint(undefined, res.error ?? ''),
            };
          }
          containers.set(svc, res.id);
          await sleep(1000);
          const st = await engine.state(res.id);
          if (st && !st.running && !(st.exitCode === 0 && isOneShot(svc))) {
            const logs = await engine.logs(res.id, 30);
            return {
              status: 'fail',
              summary: `exited with code ${st.exitCode}${st.oomKilled ? ' (OOM-killed)' : ''} right after starting`,
              details: tail(logs, 20),
              hint: exitHint(st, logs),
              facts: { exitCode: st.exitCode, oomKilled: st.oomKilled },
            };
          }
          return {
            status: 'pass',
            summary: `started ${image}${hostNetwork ? ' (host network)' : ''}`,
            facts: { container: res.id.slice(0, 12) },
          };
        },
        svc,
      );
      sum.started = r.status === 'pass';
      if (r.status !== 'pass') failed.add(svc);
    }

    // Every running service: healthy (its healthcheck) or still running; then the user.
    for (const { service: svc } of order) {
      const id = containers.get(svc);
      const sum = summaries.get(svc)!;
      if (!id || failed.has(svc)) continue;
      if (isOneShot(svc)) {
        const r = await waitCompleted(svc, id);
        sum.healthy = r.status === 'pass';
        continue;
      }
      const r = await waitHealthy(svc, id, model.services[svc]!);
      sum.healthy = r.status === 'pass';
      if (r.status !== 'pass') {
        failed.add(svc);
        continue;
      }
      const u = await rec.step(
        'user',
        `${svc}: check the user`,
        async () => {
          // PID 1's uid, not a new exec's: official database images start as root and drop to their own user
          // in the entrypoint (gosu / su-exec), while `docker exec` would run as the image's configured user.
          const status = await engine.exec(id, ['cat', '/proc/1/status']);
          const pid1 = status.code === 0 ? /^Uid:\s+\d+\s+(\d+)/m.exec(status.stdout)?.[1] : undefined;
          const idu = pid1 === undefined ? await engine.exec(id, ['id', '-u']) : undefined;
          const uid = pid1 ?? (idu?.code === 0 ? idu.stdout.trim() : undefined);
          const passwd = uid !== undefined ? await engine.exec(id, ['getent', 'passwd', uid]) : undefined;
          const named = passwd?.code === 0 ? passwd.stdout.split(':')[0] : undefined;
          // Distroless images have neither cat nor id: fall back to the configured user (compose, then image).
          const configured =
            model.services[svc]!.user ??
            (await engine.imageInfo(images.get(svc) ?? model.services[svc]!.image ?? ''))?.user;
          const userName = named || configured || undefined;
          if (uid === undefined && configured) {
            sum.user = configured;
            if (configured === 'root' || /^0(?::|$)/.test(configured)) {
              return { status: 'fail', summary: `runs as root: ${configured}`, hint: HINTS.root };
            }
            return { status: 'pass', summary: `runs as ${configured} (configured user), not root` };
          }
          const shown = `${userName ?? '?'}${uid !== undefined ? ` (uid ${uid})` : ''}`;
          sum.user = shown;
          if (uid === '0' || userName === 'root') {
            return {
              status: 'fail',
              summary: `runs as root: ${shown}`,
              hint: HINTS.root,
              facts: { uid: uid ?? null },
            };
          }
          return { status: 'pass', summary: `runs as ${shown}, not root`, facts: { uid: uid ?? null } };
        },
        svc,
      );
      if (u.status !== 'pass') failed.add(svc);
    }

    // Stop in reverse start order (dependents first), each within its grace period.
    for (const { service: svc } of [...order].reverse()) {
      const id = containers.get(svc);
      const sum = summaries.get(svc)!;
      if (!id) continue;
      const st = await engine.state(id);
      if (!st?.running) continue;
      const s = model.services[svc]!;
      const g = (typeof s.stop_grace_period === 'string' ? seconds(s.stop_grace_period) : undefined) ?? grace;
      const r = await rec.step(
        'stop',
        `${svc}: graceful stop (SIGTERM, ${g}s grace)`,
        async () => {
          const res = await engine.stop(id, g);
          const secs = (res.ms / 1000).toFixed(1);
          if (res.exitCode === 137 || res.ms >= g * 1000) {
            return {
              status: 'fail',
              summary: `did not exit on SIGTERM within ${g}s: killed (exit ${res.exitCode}) after ${secs}s`,
              details: tail(await engine.logs(id, 10), 5),
              hint: HINTS.stop,
              facts: { exitCode: res.exitCode, stopMs: res.ms },
            };
          }
          return {
            status: 'pass',
            summary: `exited ${res.exitCode} after ${secs}s`,
            facts: { exitCode: res.exitCode, stopMs: res.ms },
          };
        },
        svc,
      );
      sum.stopped = r.status === 'pass';
    }
    return await finish();
  } finally {
    if (!rec.steps.some((s) => s.step === 'cleanup')) await cleanup();
  }

  /** A service others wait on with service_completed_successfully is a one-shot job (migrations). */
  function isOneShot(svc: string): boolean {
    return Object.values(model.services).some(
      (o) => o.depends_on?.[svc]?.condition === 'service_completed_successfully',
    );
  }

  async function waitHealthy(svc: string, id: string, s: ComposeService): Promise<StepResult> {
    const existing = rec.steps.find((x) => x.step === 'health' && x.service === svc);
    if (existing) return existing;
    return rec.step(
      'health',
      `${svc}: wait for healthy`,
      async () => {
        const deadline = Date.now() + healthTimeout;
        const hasCheck = s.healthcheck ? s.healthcheck.disable !== true : undefined;
        for (;;) {
          const st = await engine.state(id);
          if (!st) return { status: 'fail', summary: 'the container disappeared' };
          if (!st.running) {
            const logs = await engine.logs(id, 30);
            return {
              status: 'fail',
              summary: `exited with code ${st.exitCode}${st.oomKilled ? ' (OOM-killed)' : ''} before it was healthy`,
              details: tail(logs, 20),
              hint: exitHint(st, logs),
            };
          }
          if (st.health === 'healthy') return { status: 'pass', summary: 'healthy' };
          if (st.health === 'none' || hasCheck === false) {
            return { status: 'pass', summary: 'running (no healthcheck)' };
          }
          if (st.health === 'unhealthy') {
            return {
              status: 'fail',
              summary: 'unhealthy',
              details: [...st.healthLog.slice(-3), ...tail(await engine.logs(id, 20), 10)],
              hint: healthHint(st.healthLog),
            };
          }
          if (Date.now() > deadline) {
            return {
              status: 'fail',
              summary: `not healthy after ${Math.round(healthTimeout / 1000)}s (${st.health})`,
              details: [...st.healthLog.slice(-3), ...tail(await engine.logs(id, 20), 10)],
              hint: st.healthLog.length ? healthHint(st.healthLog) : HINTS.healthTimeout,
            };
          }
          await sleep(500);
        }
      },
      svc,
    );
  }

  async function waitCompleted(svc: string, id: string): Promise<StepResult> {
    const existing = rec.steps.find((x) => x.step === 'health' && x.service === svc);
    if (existing) return existing;
    return rec.step(
      'health',
      `${svc}: wait for it to complete`,
      async () => {
        const deadline = Date.now() + healthTimeout;
        for (;;) {
          const st = await engine.state(id);
          if (!st) return { status: 'fail', summary: 'the container disappeared' };
          if (!st.running) {
            if (st.exitCode === 0) return { status: 'pass', summary: 'completed successfully (exit 0)' };
            const logs = await engine.logs(id, 30);
            return {
              status: 'fail',
              summary: `completed with exit code ${st.exitCode}`,
              details: tail(logs, 20),
              hint: exitHint(st, logs),
            };
          }
          if (Date.now() > deadline) {
            return {
              status: 'fail',
              summary: `still running after ${Math.round(healthTimeout / 1000)}s`,
              hint: HINTS.dependency,
            };
          }
          await sleep(500);
        }
      },
      svc,
    );
  }

  async function cleanup(): Promise<void> {
    await rec.step('cleanup', 'remove what verify created', async () => {
      const label = `${VERIFY_RUN_LABEL}=${runId}`;
      let left = await engine.listLabelled(label);
      await engine.remove('container', left.container);
      if (!options.keepImage) {
        await engine.remove('image', [...images.values()]);
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
      if (leftovers.length) {
        return {
          status: 'fail',
          summary: 'could not remove everything',
          details: leftovers,
          hint: HINTS.cleanup,
        };
      }
      return { status: 'pass', summary: `removed everything labelled ${label}`, facts: { label } };
    });
  }

  async function finish(): Promise<VerifyReport> {
    await cleanup();
    return { ...report(dir, engine, 'compose', rec, t0), services: [...summaries.values()] };
  }
}

/** Compose v2: `up --wait` builds and starts the stack; `ps` says how each service is; `down` removes it. */
async function composeV2(
  options: ComposeVerifyOptions,
  files: readonly string[],
  projectName: string,
  runId: string,
  rec: Recorder,
  t0: number,
): Promise<VerifyReport> {
  const engine = options.engine;
  const dir = resolve(options.dir);
  const project = `${projectName}-verify-${runId}`.replace(/[^a-z0-9_-]/g, '-');
  const base = ['-p', project, ...files.flatMap((f) => ['-f', f])];
  const compose = engine.compose!.bind(engine);
  rec.note(`Compose v2: docker compose -p ${project} up --build --wait`);
  const services: ServiceSummary[] = [];
  try {
    await rec.step('run', 'docker compose up --build --wait', async () => {
      const r = await compose(
        [
          ...base,
          'up',
          '--build',
          '--wait',
          '--wait-timeout',
          String(Math.round((options.healthTimeoutMs ?? 120_000) / 1000)),
        ],
        dir,
      );
      const out = `${r.stderr}${r.stdout}`;
      if (r.code !== 0) {
        return {
          status: 'fail',
          summary: 'the stack did not come up healthy',
          details: tail(out, 20),
          hint: exitHint(undefined, out),
        };
      }
      return { status: 'pass', summary: 'every service is running and healthy' };
    });
    const ps = await compose([...base, 'ps', '-a', '--format', 'json'], dir, 60_000);
    for (const line of ps.stdout.split('\n').filter((l) => l.trim())) {
      try {
        const rows = JSON.parse(line) as
          | { Service?: string; State?: string; Health?: string }
          | { Service?: string; State?: string; Health?: string }[];
        for (const row of Array.isArray(rows) ? rows : [rows]) {
          services.push({
            service: row.Service ?? '?',
            built: null,
            started: row.State === 'running' || row.State === 'exited',
            healthy: row.Health ? row.Health === 'healthy' : null,
            user: null,
            stopped: null,
          });
        }
      } catch {}
    }
    await rec.step('stop', `docker compose stop (${options.graceSeconds ?? 10}s grace)`, async () => {
      const t = Date.now();
      const r = await compose([...base, 'stop', '-t', String(options.graceSeconds ?? 10)], dir, 300_000);
      return r.code === 0
        ? { status: 'pass', summary: `stopped in ${((Date.now() - t) / 1000).toFixed(1)}s` }
        : { status: 'fail', summary: 'stop failed', details: tail(r.stderr, 10), hint: HINTS.stop };
    });
  } finally {
    await rec.step('cleanup', 'docker compose down', async () => {
      const r = await compose(
        [...base, 'down', '-v', '--remove-orphans', ...(options.keepImage ? [] : ['--rmi', 'local'])],
        dir,
        300_000,
      );
      return r.code === 0
        ? {
            status: 'pass',
            summary: `removed project ${project} (containers, networks, volumes, built images)`,
          }
        : {
            status: 'fail',
            summary: 'compose down failed',
            details: tail(r.stderr, 10),
            hint: HINTS.cleanup,
          };
    });
  }
  return { ...report(dir, engine, 'compose', rec, t0), services };
}
