/**
 * A resolved Compose service as `docker run` settings, for starting a stack without Compose v2. Pure: the
 * caller gives the resolved model (`loadCompose`), the image to run and the names of what it created.
 */
import type { ComposeModel, ComposeService } from '../parse/compose/model.js';
import type { HealthOverride, RunRequest } from './types.js';

export interface ServiceRunContext {
  readonly projectName: string;
  readonly serviceName: string;
  readonly service: ComposeService;
  readonly model: Pick<ComposeModel, 'secrets' | 'volumes' | 'networks' | 'services'>;
  /** Image to run (the built tag, or `service.image`). */
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `host` where the engine has no bridge network; else the project network names are used. */
  readonly hostNetwork: boolean;
  /** Named volume (model key) → engine volume name as created. */
  readonly volumeNames: Readonly<Record<string, string>>;
  /** Network (model key) → engine network name as created (bridge mode). */
  readonly networkNames: Readonly<Record<string, string>>;
  /** Container name; default `<project>-<service>-<suffix>` by the caller. */
  readonly containerName: string;
  /** Probe health every second (verify is quick) instead of the file's interval. */
  readonly fastHealth?: boolean;
  /** The image's own HEALTHCHECK test, when known: an identical exec-form compose test then keeps it. */
  readonly imageHealthcheck?: readonly string[];
}

export interface ServiceRunPlan {
  readonly request: RunRequest;
  /** Settings that have no `docker run` equivalent here (reported, not silently dropped). */
  readonly ignored: readonly string[];
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** Compose durations (`1m30s`, `10s`) pass to `docker run` as they are; numbers are nanoseconds there. */
function duration(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number') return `${Math.round(v / 1e6)}ms`;
  return undefined;
}

/** Memory as `docker run --memory` takes it: bytes, or `256m`/`1g` (Compose writes `256M`, `1Gb`…). */
export function memoryFlag(v: unknown): string | undefined {
  if (typeof v === 'number' && v > 0) return String(Math.round(v));
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const n = Number(m[1]);
  if (Number.isInteger(n)) return `${n}${unit}`;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit] ?? 1;
  return String(Math.round(n * mult));
}

/** The service's healthcheck as `--health-*` flags (undefined: keep the image's). */
export function healthFlags(
  hc: ComposeService['healthcheck'],
  fast: boolean,
  imageTest?: readonly string[],
): HealthOverride | { readonly disable: true } | undefined {
  if (!hc) return fast ? { interval: '1s' } : undefined;
  if (hc.disable === true || hc.test?.[0] === 'NONE') return { disable: true };
  const test = hc.test ?? [];
  // `--health-cmd` is always CMD-SHELL, which needs /bin/sh: an exec-form test the image already has (the
  // generated compose mirrors the Dockerfile's HEALTHCHECK) is kept as the image's own, so distroless works.
  const sameAsImage =
    test[0] === 'CMD' &&
    imageTest !== undefined &&
    test.length === imageTest.length &&
    test.every((t, i) => t === imageTest[i]);
  let cmd: string | undefined;
  if (sameAsImage) cmd = undefined;
  else if (test[0] === 'CMD-SHELL') cmd = test.slice(1).join(' ');
  else if (test[0] === 'CMD') cmd = test.slice(1).map(quote).join(' ');
  else if (test.length > 0) cmd = test.join(' ');
  const interval = fast ? '1s' : duration(hc.interval);
  const timeout = duration(hc.timeout);
  const startPeriod = duration(hc.start_period);
  return {
    ...(cmd !== undefined ? { cmd } : {}),
    ...(interval ? { interval } : {}),
    ...(timeout ? { timeout } : {}),
    ...(startPeriod ? { startPeriod } : {}),
    ...(typeof hc.retries === 'number' ? { retries: hc.retries } : {}),
  };
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Map a resolved Compose service to `docker run -d` settings. */
export function serviceRunRequest(ctx: ServiceRunContext): ServiceRunPlan {
  const s = ctx.service;
  const ignored: string[] = [];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.environment ?? {})) if (v !== null) env[k] = v;

  const volumes: string[] = [];
  const tmpfs: string[] = strings(s.tmpfs);
  for (const v of s.volumes ?? []) {
    const ro = v.read_only ? ':ro' : '';
    if (v.type === 'bind' && v.source) volumes.push(`${v.source}:${v.target}${ro}`);
    else if (v.type === 'volume') {
      const name = v.source ? (ctx.volumeNames[v.source] ?? v.source) : undefined;
      // Anonymous volumes: `-v /path` (removed with the container: `rm -v`).
      volumes.push(name ? `${name}:${v.target}${ro}` : v.target);
    } else if (v.type === 'tmpfs') {
      const size = v.tmpfs?.size;
      tmpfs.push(size !== undefined ? `${v.target}:size=${size}` : v.target);
    } else ignored.push(`volumes: ${v.type} mount at ${v.target}`);
  }
  // Secrets: files mounted read-only at /run/secrets/<name> (or the long syntax's target).
  for (const ref of s.secrets ?? []) {
    const def = ctx.model.secrets[ref.source];
    const file = typeof def?.file === 'string' ? def.file : undefined;
    if (!file) {
      ignored.push(`secrets: ${ref.source} (only file secrets are mounted; environment/external are not)`);
      continue;
    }
    const target = ref.target
      ? ref.target.startsWith('/')
        ? ref.target
        : `/run/secrets/${ref.target}`
      : `/run/secrets/${ref.source}`;
    volumes.push(`${file}:${target}:ro`);
  }

  const health = healthFlags(s.healthcheck, ctx.fastHealth ?? true, ctx.imageHealthcheck);
  const deploy = isDict(s.deploy) ? s.deploy : {};
  const limits = isDict(deploy.resources) && isDict(deploy.resources.limits) ? deploy.resources.limits : {};
  const memory = memoryFlag(limits.memory ?? s.mem_limit);
  const cpusRaw = limits.cpus ?? s.cpus;
  const cpus = typeof cpusRaw === 'number' || typeof cpusRaw === 'string' ? String(cpusRaw) : undefined;
  const pidsRaw = limits.pids ?? s.pids_limit;
  const pids = typeof pidsRaw === 'number' ? pidsRaw : undefined;

  // Networking: host mode has no service-name DNS, so every service name (and alias) maps to 127.0.0.1.
  let network: string | undefined;
  const aliases: string[] = [];
  const addHosts: string[] = [...strings(s.extra_hosts).map((h) => h.replace(/=/, ':'))];
  if (typeof s.network_mode === 'string' && s.network_mode !== 'host' && !ctx.hostNetwork) {
    ignored.push(`network_mode: ${s.network_mode}`);
  }
  if (ctx.hostNetwork || s.network_mode === 'host') {
    network = 'host';
    for (const other of Object.keys(ctx.model.services).sort()) addHosts.push(`${other}:127.0.0.1`);
    for (const other of Object.values(ctx.model.services)) {
      for (const n of Object.values(other.networks ?? {})) {
        for (const a of strings(isDict(n) ? n.aliases : undefined)) addHosts.push(`${a}:127.0.0.1`);
      }
      if (typeof other.hostname === 'string') addHosts.push(`${other.hostname}:127.0.0.1`);
    }
  } else {
    const nets = Object.keys(s.networks ?? { default: null });
    const first = nets[0];
    if (first) network = ctx.networkNames[first] ?? first;
    aliases.push(ctx.serviceName);
    const cfg = first ? s.networks?.[first] : undefined;
    aliases.push(...strings(isDict(cfg) ? cfg.aliases : undefined));
    if (nets.length > 1) ignored.push(`networks: only ${first} is attached (docker run takes one network)`);
  }

  for (const key of ['configs', 'devices', 'sysctls', 'ulimits', 'privileged'] as const) {
    if (s[key] !== undefined && s[key] !== false) ignored.push(`${key}`);
  }

  const stopGrace = typeof s.stop_grace_period === 'string' ? seconds(s.stop_grace_period) : undefined;
  const request: RunRequest = {
    image: ctx.image,
    name: ctx.containerName,
    labels: { ...(s.labels ?? {}), ...ctx.labels },
    env,
    ...(network ? { network } : {}),
    ...(aliases.length && network !== 'host' ? { networkAliases: [...new Set(aliases)] } : {}),
    ...(addHosts.length ? { addHosts: [...new Set(addHosts)] } : {}),
    ...(s.user ? { user: s.user } : {}),
    ...(s.read_only === true ? { readOnly: true } : {}),
    ...(strings(s.cap_drop).length ? { capDrop: strings(s.cap_drop) } : {}),
    ...(strings(s.cap_add).length ? { capAdd: strings(s.cap_add) } : {}),
    ...(strings(s.security_opt).length ? { securityOpt: strings(s.security_opt) } : {}),
    ...(tmpfs.length ? { tmpfs } : {}),
    ...(volumes.length ? { volumes } : {}),
    ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
    ...(s.command ? { command: s.command } : {}),
    ...(health && !('disable' in health) ? { health } : {}),
    ...(health && 'disable' in health ? { noHealthcheck: true } : {}),
    ...(s.init === true ? { init: true } : {}),
    ...(stopGrace !== undefined ? { stopTimeout: stopGrace } : {}),
    ...(typeof s.stop_signal === 'string' ? { stopSignal: s.stop_signal } : {}),
    ...(memory ? { memory } : {}),
    ...(cpus ? { cpus } : {}),
    ...(pids !== undefined ? { pidsLimit: pids } : {}),
    ...(typeof s.working_dir === 'string' ? { workdir: s.working_dir } : {}),
  };
  return { request, ignored };
}

/** `1m30s` → 90 (whole seconds, rounded up). */
export function seconds(d: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g;
  let total = 0;
  let matched = false;
  for (const m of d.matchAll(re)) {
    matched = true;
    const n = Number(m[1]);
    total += n * ({ h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 }[m[2]!] ?? 0);
  }
  return matched ? Math.ceil(total) : undefined;
}
