/**
 * Short → long syntax, defaults and absolute paths, as compose-go's normalisation and
 * `docker compose config` do. Input is the merged raw data (already schema-checked, but
 * every access is defensive: invalid input yields diagnostics, never a crash).
 */
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Lookup } from './interpolate.js';
import { isDict, splitVolumeSpec, toMapping } from './merge.js';
import type {
  ComposeModel,
  ComposeResource,
  ComposeService,
  DependsOnConfig,
  EnvFileConfig,
  PortConfig,
  VolumeMount,
} from './model.js';
import {
  childOrigin,
  copyProvenance,
  type Origin,
  originOf,
  setChildOrigin,
  setOrigin,
} from './provenance.js';
import { diagnostic } from './yaml.js';

type Dict = Record<string, unknown>;

export interface NormalizeContext {
  readonly projectName: string;
  readonly projectDir: string;
  readonly lookup: Lookup;
  /** Contents of `env_file:` files, by absolute path; `undefined` when the file is missing. */
  readonly envFiles: ReadonlyMap<string, ReadonlyMap<string, string> | undefined>;
  readonly diagnostics: Diagnostic[];
}

function report(
  ctx: NormalizeContext,
  origin: Origin | undefined,
  message: string,
  code = 'compose/invalid-value',
  hint?: string,
  severity: 'error' | 'warning' = 'error',
): void {
  if (!origin) return;
  ctx.diagnostics.push(diagnostic(origin.source, origin.range, severity, code, message, hint));
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);

export function isRemoteContext(context: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || /^github\.com\//.test(context)
  );
}

export function resolvePath(ctx: { projectDir: string; lookup: Lookup }, path: string): string {
  if (path === '~' || path.startsWith('~/')) {
    const home = ctx.lookup('HOME') ?? ctx.lookup('USERPROFILE');
    if (home) return resolve(home, path.slice(2));
    return path;
  }
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')) return path;
  return resolve(ctx.projectDir, path);
}

/** Split a command string into words the way compose-go does (quotes and backslashes; no expansion). */
export function shellSplit(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!))
        word += command[++i];
      else word += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$/;

export function isValidDuration(value: string): boolean {
  return DURATION.test(value);
}

// ---------------------------------------------------------------------------------------------
// ports

function parseRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (end < start || end > 65535) return undefined;
  return [start, end];
}

/** Parse `[[ip:][published]:]target[/protocol]` (with ranges) into long-syntax entries. */
export function parsePortSpec(spec: string): PortConfig[] | string {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  if (!['tcp', 'udp', 'sctp'].includes(protocol))
    return `invalid protocol "${protocol}" (use tcp, udp or sctp)`;
  let ip = '';
  let host = '';
  let container = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return 'unterminated IPv6 address';
    ip = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (!after.startsWith(':')) return 'expected ":" after the IP address';
    const parts = after.slice(1).split(':');
    if (parts.length !== 2) return 'expected [ip]:published:target';
    [host, container] = parts as [string, string];
  } else {
    const parts = rest.split(':');
    if (parts.length === 1) container = parts[0]!;
    else if (parts.length === 2) [host, container] = parts as [string, string];
    else {
      container = parts.at(-1)!;
      host = parts.at(-2)!;
      ip = parts.slice(0, -2).join(':');
    }
  }
  if (ip && !isIp(ip)) return `invalid IP address "${ip}"`;
  const target = parseRange(container);
  if (!target || target[0] === 0) return `invalid container port "${container}"`;
  const published = host === '' ? undefined : parseRange(host);
  if (host !== '' && !published) return `invalid published port "${host}"`;
  const base = (t: number, p?: string): PortConfig => ({
    mode: 'ingress',
    ...(ip ? { host_ip: ip } : {}),
    target: t,
    ...(p !== undefined ? { published: p } : {}),
    protocol,
  });
  const count = target[1] - target[0] + 1;
  if (!published) return Array.from({ length: count }, (_, i) => base(target[0] + i));
  const pubCount = published[1] - published[0] + 1;
  if (count === 1) {
    return [base(target[0], pubCount === 1 ? String(published[0]) : `${published[0]}-${published[1]}`)];
  }
  if (pubCount !== count)
    return `the published range ${host} and the container range ${container} differ in size`;
  return Array.from({ length: count }, (_, i) => base(target[0] + i, String(published[0] + i)));
}

export function isIp(text: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text)) {
    return text.split('.').every((p) => Number(p) <= 255);
  }
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':') && (text.match(/::/g)?.length ?? 0) <= 1;
}

function normalizePorts(ctx: NormalizeContext, raw: unknown): PortConfig[] {
  const out: PortConfig[] = [];
  if (!Array.isArray(raw)) return out;
  setOrigin(out, originOf(raw));
  raw.forEach((item, i) => {
    const origin = childOrigin(raw, i);
    let entries: PortConfig[] = [];
    if (typeof item === 'number' || typeof item === 'string') {
      const parsed = parsePortSpec(String(item));
      if (typeof parsed === 'string') {
        report(ctx, origin, `invalid port "${String(item)}": ${parsed}`, 'compose/invalid-port');
        return;
      }
      entries = parsed;
    } else if (isDict(item)) {
      const target = typeof item.target === 'number' ? item.target : Number(item.target);
      const entry: PortConfig = {
        ...item,
        mode: str(item.mode ?? 'ingress'),
        target,
        protocol: str(item.protocol ?? 'tcp'),
      } as PortConfig;
      if (item.published !== undefined && item.published !== null) entry.published = str(item.published);
      if (typeof entry.host_ip === 'string' && entry.host_ip && !isIp(entry.host_ip)) {
        report(
          ctx,
          childOrigin(item, 'host_ip') ?? origin,
          `invalid IP address "${entry.host_ip}"`,
          'compose/invalid-port',
        );
      }
      copyProvenance(item, entry);
      entries = [entry];
    } else return;
    for (const e of entries) {
      if (!originOf(e)) setOrigin(e, origin);
      out.push(e);
      setChildOrigin(out, out.length - 1, origin);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// volumes

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

function isBindSource(source: string): boolean {
  return (
    source.startsWith('.') ||
    source.startsWith('/') ||
    source.startsWith('~') ||
    source.startsWith('\\') ||
    /^[A-Za-z]:[\\/]/.test(source) ||
    source.startsWith('$')
  );
}

export function parseVolumeSpec(spec: string): VolumeMount | string {
  const parts = splitVolumeSpec(spec);
  if (parts.some((p) => p === '') && !(parts.length === 1 && parts[0] !== '')) {
    return 'empty section in volume spec';
  }
  if (parts.length === 1) return { type: 'volume', target: parts[0]! };
  if (parts.length > 3) return 'too many colons';
  const [source, target, mode] = parts as [string, string, string | undefined];
  const mount: VolumeMount = isBindSource(source)
    ? { type: 'bind', source, target, bind: { create_host_path: true } }
    : { type: 'volume', source, target, volume: {} };
  for (const option of (mode ?? '').split(',').filter(Boolean)) {
    if (option === 'ro') mount.read_only = true;
    else if (option === 'rw') mount.read_only = false;
    else if (option === 'z' || option === 'Z') mount.bind = { ...mount.bind, selinux: option };
    else if (option === 'nocopy') mount.volume = { ...mount.volume, nocopy: true };
    else if (PROPAGATION.has(option)) mount.bind = { ...mount.bind, propagation: option };
    else if (['consistent', 'cached', 'delegated'].includes(option)) mount.consistency = option;
    else return `unknown volume option "${option}"`;
  }
  if (mount.read_only === false) delete mount.read_only;
  if (mount.type === 'volume' && Object.keys(mount.volume ?? {}).length === 0) delete mount.volume;
  return mount;
}

function normalizeVolumes(ctx: NormalizeContext, raw: unknown): VolumeMount[] {
  const out: VolumeMount[] = [];
  if (!Array.isArray(raw)) return out;
  setOrigin(out, originOf(raw));
  raw.forEach((item, i) => {
    const origin = childOrigin(raw, i);
    let mount: VolumeMount;
    if (typeof item === 'string') {
      const parsed = parseVolumeSpec(item);
      if (typeof parsed === 'string') {
        report(ctx, origin, `invalid volume "${item}": ${parsed}`, 'compose/invalid-volume');
        return;
      }
      mount = parsed;
      setOrigin(mount, origin);
    } else if (isDict(item)) {
      mount = { ...item } as VolumeMount;
      copyProvenance(item, mount);
      if (!originOf(mount)) setOrigin(mount, origin);
    } else return;
    if (mount.type === 'bind' && typeof mount.source === 'string' && mount.source) {
      mount.source = resolvePath(ctx, mount.source);
    }
    out.push(mount);
    setChildOrigin(out, out.length - 1, origin);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// key/value collections

/** `[A=1, B]` or `{A: 1, B: null}` → `{A: "1", B: resolve(B)}`. */
function keyValues(
  raw: unknown,
  missing: (key: string) => string | null,
  separator = '=',
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  setOrigin(out, originOf(raw));
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const text = str(item);
      const at = text.indexOf(separator);
      const key = at < 0 ? text : text.slice(0, at);
      out[key] = at < 0 ? missing(key) : text.slice(at + 1);
      setChildOrigin(out, key, childOrigin(raw, i));
    });
  } else if (isDict(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      out[k] = v === null || v === undefined ? missing(k) : Array.isArray(v) ? v.map(str).join(',') : str(v);
      setChildOrigin(out, k, childOrigin(raw, k));
    }
  }
  return out;
}

function stringList(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw.map(str) : raw === null || raw === undefined ? [] : [str(raw)];
  if (Array.isArray(raw)) {
    copyProvenance(raw, list);
  } else setChildOrigin(list, 0, originOf(raw));
  return list;
}

function normalizeEnvFiles(ctx: NormalizeContext, raw: unknown): EnvFileConfig[] {
  const items = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
  const out: EnvFileConfig[] = [];
  items.forEach((item, i) => {
    const entry: EnvFileConfig = isDict(item)
      ? {
          path: resolvePath(ctx, str(item.path)),
          required: item.required !== false,
          ...(item.format !== undefined ? { format: str(item.format) } : {}),
        }
      : { path: resolvePath(ctx, str(item)), required: true };
    out.push(entry);
    setChildOrigin(out, i, Array.isArray(raw) ? childOrigin(raw, i) : originOf(raw));
  });
  setOrigin(out, originOf(raw));
  return out;
}

/** Abstract path of the env files for a raw service, for the loader to read before normalising. */
export function envFilePaths(ctx: { projectDir: string; lookup: Lookup }, raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
  return items.map((item) => resolvePath(ctx, str(isDict(item) ? item.path : item)));
}

// ---------------------------------------------------------------------------------------------
// services

function normalizeBuild(ctx: NormalizeContext, raw: unknown): Dict | undefined {
  if (typeof raw === 'string') {
    const out = { context: isRemoteContext(raw) ? raw : resolvePath(ctx, raw), dockerfile: 'Dockerfile' };
    setOrigin(out, originOf(raw));
    return out;
  }
  if (!isDict(raw)) return undefined;
  const out: Dict = { ...raw };
  copyProvenance(raw, out);
  const context = str(raw.context ?? '.');
  out.context = isRemoteContext(context) ? context : resolvePath(ctx, context);
  if (raw.dockerfile === undefined && raw.dockerfile_inline === undefined) out.dockerfile = 'Dockerfile';
  if (raw.args !== undefined) out.args = keyValues(raw.args, (k) => ctx.lookup(k) ?? null);
  if (raw.labels !== undefined) out.labels = keyValues(raw.labels, () => '');
  if (raw.additional_contexts !== undefined)
    out.additional_contexts = keyValues(raw.additional_contexts, () => '');
  if (raw.dockerfile !== undefined && raw.dockerfile_inline !== undefined) {
    report(
      ctx,
      childOrigin(raw, 'dockerfile_inline'),
      'build.dockerfile and build.dockerfile_inline are mutually exclusive',
      'compose/conflicting-settings',
    );
  }
  return out;
}

function normalizeDependsOn(raw: unknown): Record<string, DependsOnConfig> | undefined {
  const mapping = toMapping(raw, null);
  if (!isDict(mapping)) return undefined;
  const out: Record<string, DependsOnConfig> = {};
  copyProvenance(mapping, out);
  for (const [name, value] of Object.entries(mapping)) {
    const v = isDict(value) ? value : {};
    out[name] = {
      ...v,
      condition: str(v.condition ?? 'service_started'),
      required: v.required !== false,
    } as DependsOnConfig;
    copyProvenance(value, out[name]!);
    if (!originOf(out[name])) setOrigin(out[name]!, childOrigin(mapping, name));
  }
  return out;
}

function normalizeFileRefs(raw: unknown): Dict[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.map((item, i) => {
    const ref: Dict = isDict(item) ? { ...item } : { source: str(item) };
    if (isDict(item)) copyProvenance(item, ref);
    else setOrigin(ref, childOrigin(raw, i));
    return ref;
  });
  copyProvenance(raw, out);
  return out;
}

function normalizeDuration(ctx: NormalizeContext, holder: Dict, key: string, where: string): void {
  const value = holder[key];
  if (value === undefined || value === null) return;
  const text = str(value);
  holder[key] = text;
  if (!isValidDuration(text)) {
    report(
      ctx,
      childOrigin(holder, key),
      `${where}.${key}: invalid duration "${text}"`,
      'compose/invalid-duration',
      'Use a number with a unit: 30s, 1m30s, 500ms, 2h.',
    );
  }
}

function normalizeService(ctx: NormalizeContext, name: string, raw: Dict): ComposeService {
  const s: Dict = { ...raw };
  copyProvenance(raw, s);
  delete s.extends;
  const set = (key: string, value: unknown): void => {
    if (value === undefined) delete s[key];
    else s[key] = value;
  };

  if ('build' in raw) set('build', normalizeBuild(ctx, raw.build));
  for (const key of ['command', 'entrypoint']) {
    if (typeof raw[key] === 'string') {
      s[key] = shellSplit(raw[key] as string);
      setOrigin(s[key] as object, childOrigin(raw, key));
    } else if (Array.isArray(raw[key])) s[key] = stringList(raw[key]);
  }
  if ('depends_on' in raw) set('depends_on', normalizeDependsOn(raw.depends_on));

  // environment: env_file first, then `environment` wins, like Compose.
  const env: Record<string, string | null> = {};
  let envOrigin: Origin | undefined;
  if ('env_file' in raw && raw.env_file !== null) {
    const files = normalizeEnvFiles(ctx, raw.env_file);
    s.env_file = files;
    files.forEach((file, i) => {
      const values = ctx.envFiles.get(file.path);
      if (values === undefined) {
        if (file.required) {
          report(
            ctx,
            childOrigin(files, i),
            `env file ${file.path} not found`,
            'compose/env-file-missing',
            'Create the file, fix the path, or mark it optional with `required: false`.',
          );
        }
        return;
      }
      for (const [k, v] of values) {
        env[k] = v;
        setChildOrigin(env, k, childOrigin(files, i));
      }
    });
    envOrigin = originOf(raw.env_file);
  }
  if ('environment' in raw) {
    const own = keyValues(raw.environment, (k) => ctx.lookup(k) ?? null);
    for (const [k, v] of Object.entries(own)) {
      env[k] = v;
      setChildOrigin(env, k, childOrigin(own, k));
    }
    envOrigin = originOf(raw.environment);
  }
  if ('environment' in raw || 'env_file' in raw) {
    setOrigin(env, envOrigin);
    s.environment = env;
  }

  for (const key of ['labels', 'annotations']) if (key in raw) s[key] = keyValues(raw[key], () => '');
  if ('sysctls' in raw) s.sysctls = keyValues(raw.sysctls, () => '');
  if ('extra_hosts' in raw) {
    const hosts = raw.extra_hosts;
    const list = isDict(hosts)
      ? Object.entries(hosts).flatMap(([h, ip]) =>
          (Array.isArray(ip) ? ip : [ip]).map((x) => `${h}=${str(x)}`),
        )
      : stringList(hosts).map((h) => (h.includes('=') ? h : h.replace(/^([^:]+):/, '$1=')));
    copyProvenance(hosts, list);
    s.extra_hosts = list;
  }
  for (const key of [
    'dns',
    'dns_search',
    'dns_opt',
    'tmpfs',
    'expose',
    'cap_add',
    'cap_drop',
    'security_opt',
  ]) {
    if (key in raw && raw[key] !== null) s[key] = stringList(raw[key]);
  }

  if ('healthcheck' in raw && isDict(raw.healthcheck)) {
    const hc: Dict = { ...raw.healthcheck };
    copyProvenance(raw.healthcheck, hc);
    if (typeof hc.test === 'string') {
      hc.test = ['CMD-SHELL', hc.test];
      setOrigin(hc.test as object, childOrigin(raw.healthcheck, 'test'));
    }
    for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
      normalizeDuration(ctx, hc, key, `services.${name}.healthcheck`);
    }
    s.healthcheck = hc;
  }
  normalizeDuration(ctx, s, 'stop_grace_period', `services.${name}`);

  if ('networks' in raw && raw.networks !== null) {
    const nets = toMapping(raw.networks, null);
    if (isDict(nets)) s.networks = nets;
  } else if (raw.network_mode === undefined && raw.provider === undefined) {
    const nets = { default: null };
    setOrigin(nets, originOf(raw));
    s.networks = nets;
  }
  if ('ports' in raw) s.ports = normalizePorts(ctx, raw.ports);
  if ('volumes' in raw) s.volumes = normalizeVolumes(ctx, raw.volumes);
  for (const key of ['secrets', 'configs']) if (key in raw) set(key, normalizeFileRefs(raw[key]));
  if ('models' in raw) {
    const models = toMapping(raw.models, null);
    if (isDict(models)) s.models = models;
  }
  if (isDict(raw.deploy) && isDict((raw.deploy as Dict).labels)) {
    const deploy = { ...(raw.deploy as Dict) };
    copyProvenance(raw.deploy, deploy);
    deploy.labels = keyValues(deploy.labels, () => '');
    s.deploy = deploy;
  } else if (isDict(raw.deploy) && Array.isArray((raw.deploy as Dict).labels)) {
    const deploy = { ...(raw.deploy as Dict) };
    copyProvenance(raw.deploy, deploy);
    deploy.labels = keyValues(deploy.labels, () => '');
    s.deploy = deploy;
  }
  return s as ComposeService;
}

// ---------------------------------------------------------------------------------------------
// project

export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

function normalizeResources(
  ctx: NormalizeContext,
  raw: unknown,
  kind: 'networks' | 'volumes' | 'secrets' | 'configs',
): Record<string, ComposeResource> {
  const out: Record<string, ComposeResource> = {};
  if (!isDict(raw)) return out;
  copyProvenance(raw, out);
  for (const [key, value] of Object.entries(raw)) {
    const r: ComposeResource = isDict(value) ? { ...value } : {};
    if (isDict(value)) copyProvenance(value, r);
    else setOrigin(r, childOrigin(raw, key));
    if (r.external === true || (isDict(r.external) && r.external !== null)) {
      r.name ??= isDict(r.external) && typeof r.external.name === 'string' ? r.external.name : key;
    } else {
      r.name ??= `${ctx.projectName}_${key}`;
    }
    if ((kind === 'secrets' || kind === 'configs') && typeof r.file === 'string') {
      r.file = resolvePath(ctx, r.file);
    }
    out[key] = r;
  }
  return out;
}

/** Normalise the merged raw project (without includes and profiles, which the loader applies). */
export function normalizeModel(ctx: NormalizeContext, raw: Dict): ComposeModel {
  const services: Record<string, ComposeService> = {};
  const rawServices = isDict(raw.services) ? raw.services : {};
  copyProvenance(rawServices, services);
  for (const [name, svc] of Object.entries(rawServices)) {
    if (!isDict(svc)) continue;
    try {
      services[name] = normalizeService(ctx, name, svc);
    } catch (error) {
      // Defensive: never crash on user input; keep the service as written.
      services[name] = svc as ComposeService;
      report(
        ctx,
        childOrigin(rawServices, name),
        `service "${name}" could not be normalised: ${String(error)}`,
      );
    }
  }
  const model: ComposeModel = {
    name: ctx.projectName,
    services,
    networks: normalizeResources(ctx, raw.networks, 'networks'),
    volumes: normalizeResources(ctx, raw.volumes, 'volumes'),
    secrets: normalizeResources(ctx, raw.secrets, 'secrets'),
    configs: normalizeResources(ctx, raw.configs, 'configs'),
  };
  copyProvenance(raw, model);
  if (isDict(raw.models)) model.models = raw.models as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('x-')) model[k] = v;
  return model;
}

/** Add the implicit `default` network when a service uses it (after includes and profiles). */
export function addDefaultNetwork(model: ComposeModel): void {
  const used = Object.values(model.services).some((s) => isDict(s.networks) && 'default' in s.networks);
  if (used && !model.networks.default) {
    model.networks.default = { name: `${model.name}_default` };
  }
}
