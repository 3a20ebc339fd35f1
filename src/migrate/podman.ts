/**
 * `migrate podman`: the resolved Compose model → Podman Quadlet units (podman-systemd.unit(5)).
 *
 * One `.container` per service, `.volume` per named volume, `.network` per network, `.build` per
 * service with `build:`, and with `pod: true` one `.pod` for the whole project. Every Compose key
 * that has no Quadlet equivalent is listed in `unsupported`; nothing is dropped silently.
 *
 * Decisions:
 * - Unit names are `<project>-<name>` so two projects never clash in ~/.config/containers/systemd.
 * - Each container gets `NetworkAlias=<service>` so service-name DNS works as in Compose.
 * - No `.pod` by default: a pod shares one network namespace, so two services listening on the same
 *   port collide and service-name DNS changes to localhost. `--pod` opts in and warns on collisions.
 * - Resource limits go through `PodmanArgs=` (`--memory`, `--cpus`), which every Quadlet-capable
 *   Podman accepts; `Memory=` exists only in newer releases.
 */
import type {
  ComposeModel,
  ComposeResource,
  ComposeService,
  HealthcheckConfig,
  VolumeMount,
} from '../parse/compose/model.js';
import { add, commandLine, newUnit, plainValue, quoteWord, renderUnit, type UnitFile } from './unit.js';

export interface Unsupported {
  /** Dotted model path, e.g. `services.web.deploy.replicas`. */
  readonly path: string;
  readonly service?: string;
  readonly key: string;
  readonly reason: string;
}

export interface MigrateNote {
  readonly level: 'info' | 'warning';
  readonly message: string;
  readonly service?: string;
}

export interface SecretSetup {
  readonly name: string;
  /** `podman secret create …` to run once before starting the units, or absent for external secrets. */
  readonly command?: string;
}

export interface PodmanOptions {
  /** Add `:Z` (one service) or `:z` (shared) SELinux labels to bind mounts. */
  readonly selinux?: boolean;
  /** Put every service in one `.pod`. */
  readonly pod?: boolean;
  /** `UserNS=` for every container (e.g. `keep-id`). */
  readonly userns?: string;
}

export interface PodmanPlan {
  readonly project: string;
  readonly units: readonly UnitFile[];
  /** Rendered units plus README.md, in write order. */
  readonly files: readonly { name: string; content: string }[];
  readonly unsupported: readonly Unsupported[];
  readonly notes: readonly MigrateNote[];
  readonly secrets: readonly SecretSetup[];
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

export function unitStem(project: string, name: string): string {
  return `${project}-${name}`.replace(/[^A-Za-z0-9_.:-]/g, '-');
}

/** Fully qualify a Docker Hub short name: Podman's short-name resolution can prompt or fail under systemd. */
export function qualifyImage(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) return image;
  return slash < 0 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

/** Go-style duration (`1m30s`, `10s`, `500ms`) → whole seconds, rounded up; undefined when unparsable. */
export function durationSeconds(value: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed += m[0].length;
  }
  if (/^\d+$/.test(value)) return Number(value);
  return consumed === value.length && consumed > 0 ? Math.ceil(total) : undefined;
}

/** Service keys with a translation below; anything else (but `x-*`) is reported. */
const HANDLED = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'container_name',
  'depends_on',
  'environment',
  'env_file',
  'healthcheck',
  'labels',
  'annotations',
  'networks',
  'network_mode',
  'ports',
  'expose',
  'volumes',
  'tmpfs',
  'secrets',
  'configs',
  'restart',
  'user',
  'read_only',
  'deploy',
  'cap_add',
  'cap_drop',
  'security_opt',
  'hostname',
  'extra_hosts',
  'dns',
  'dns_search',
  'dns_opt',
  'working_dir',
  'stop_signal',
  'stop_grace_period',
  'init',
  'logging',
  'devices',
  'group_add',
  'ulimits',
  'sysctls',
  'pids_limit',
  'shm_size',
  'userns_mode',
  'pull_policy',
  'profiles',
  'gpus',
  ...[
    'privileged',
    'mem_limit',
    'mem_reservation',
    'memswap_limit',
    'mem_swappiness',
    'cpus',
    'cpu_shares',
    'cpuset',
    'cpu_period',
    'cpu_quota',
    'cpu_rt_period',
    'cpu_rt_runtime',
    'tty',
    'stdin_open',
    'pid',
    'ipc',
    'uts',
    'platform',
    'oom_score_adj',
    'oom_kill_disable',
    'cgroup',
    'cgroup_parent',
    'mac_address',
    'runtime',
    'volumes_from',
  ],
]);

/** Compose keys passed through `PodmanArgs=` as the `podman run` flag of the same meaning. */
const PODMAN_FLAGS: Readonly<Record<string, string>> = {
  mem_limit: '--memory',
  mem_reservation: '--memory-reservation',
  memswap_limit: '--memory-swap',
  mem_swappiness: '--memory-swappiness',
  cpus: '--cpus',
  cpu_shares: '--cpu-shares',
  cpuset: '--cpuset-cpus',
  cpu_period: '--cpu-period',
  cpu_quota: '--cpu-quota',
  cpu_rt_period: '--cpu-rt-period',
  cpu_rt_runtime: '--cpu-rt-runtime',
  pid: '--pid',
  ipc: '--ipc',
  uts: '--uts',
  platform: '--platform',
  oom_score_adj: '--oom-score-adj',
  cgroup: '--cgroupns',
  cgroup_parent: '--cgroup-parent',
  mac_address: '--mac-address',
};

/** Why a known Compose key cannot be carried over (the default reason covers the rest). */
const REASONS: Readonly<Record<string, string>> = {
  scale: 'Quadlet runs one container per unit; use a template unit (name@.container) and start instances',
  links: 'legacy links: services on a shared network already resolve each other through NetworkAlias',
  external_links: 'legacy links have no Podman equivalent; attach the container to the network instead',
  develop: 'Compose Watch is a development feature with no Podman counterpart',
  post_start: 'lifecycle hooks: add an ExecStartPost= to the [Service] section by hand',
  pre_stop: 'lifecycle hooks: add an ExecStop= to the [Service] section by hand',
  credential_spec: 'Windows-only',
  isolation: 'Windows-only',
  storage_opt: 'per-container storage options are not supported by Quadlet',
  blkio_config: 'block IO limits: add PodmanArgs=--blkio-weight/--device-read-bps by hand',
  use_api_socket: 'Docker API socket injection has no Podman equivalent',
  models: 'Docker Model Runner has no Podman equivalent',
  provider: 'Compose providers have no Podman equivalent',
  attach: 'log attachment is a `docker compose up` behaviour; use journalctl',
  label_file: 'label files are not supported; list the labels under labels:',
  cpu_count: 'Windows-only',
  cpu_percent: 'Windows-only',
  extends: 'resolved by the Compose loader',
  domainname: 'podman run has no --domainname; set HostName= to a fully qualified name',
};

class Converter {
  readonly units: UnitFile[] = [];
  readonly unsupported: Unsupported[] = [];
  readonly notes: MigrateNote[] = [];
  readonly secrets: SecretSetup[] = [];
  private readonly bindUse = new Map<string, Set<string>>();
  private readonly notifyHealthy = new Set<string>();
  private readonly oneshot = new Set<string>();
  private readonly containerUnits = new Map<string, UnitFile>();
  private podUnit: UnitFile | undefined;

  constructor(
    private readonly model: ComposeModel,
    private readonly opts: PodmanOptions,
  ) {}

  private stem(name: string): string {
    return unitStem(this.model.name, name);
  }

  private report(path: string, reason: string, service?: string): void {
    const key = path.split('.').pop() ?? path;
    this.unsupported.push({ path, key, reason, ...(service !== undefined ? { service } : {}) });
  }

  private note(level: MigrateNote['level'], message: string, service?: string): void {
    this.notes.push({ level, message, ...(service !== undefined ? { service } : {}) });
  }

  run(): void {
    const services = Object.entries(this.model.services).sort(([a], [b]) => a.localeCompare(b));
    for (const [name, svc] of services) {
      for (const v of svc.volumes ?? []) {
        if (v.type === 'bind' && v.source) {
          const users = this.bindUse.get(v.source) ?? new Set();
          users.add(name);
          this.bindUse.set(v.source, users);
        }
      }
    }
    this.topLevel();
    if (this.opts.pod) this.makePod(services);
    for (const [name, svc] of services) this.container(name, svc);
    // Dependency conditions change the dependency's own unit.
    for (const name of this.notifyHealthy) {
      const unit = this.containerUnits.get(name);
      if (unit) add(unit, 'Container', 'Notify', 'healthy');
    }
    for (const name of this.oneshot) {
      const unit = this.containerUnits.get(name);
      if (!unit) continue;
      const service = unit.sections.find((s) => s.name === 'Service');
      if (service) {
        const i = service.entries.findIndex(([k]) => k === 'Restart');
        if (i >= 0) service.entries.splice(i, 1);
        const t = service.entries.findIndex(([k]) => k === 'TimeoutStartSec');
        if (t >= 0) service.entries.splice(t, 1);
      }
      add(unit, 'Service', 'Type', 'oneshot');
      add(unit, 'Service', 'RemainAfterExit', 'yes');
    }
  }

  private topLevel(): void {
    const known = new Set(['name', 'services', 'networks', 'volumes', 'secrets', 'configs']);
    for (const key of Object.keys(this.model)) {
      if (known.has(key) || key.startsWith('x-')) continue;
      this.report(key, REASONS[key] ?? 'top-level key with no Podman/Quadlet equivalent');
    }
    for (const [name, net] of Object.entries(this.model.networks ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      if (this.networkUsed(name)) this.network(name, net);
    }
    for (const [name, vol] of Object.entries(this.model.volumes ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      this.volume(name, vol);
    }
    for (const [name, sec] of Object.entries(this.model.secrets ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      this.secret(name, sec);
    }
    for (const [name, cfg] of Object.entries(this.model.configs ?? {})) {
      if (cfg.file === undefined) {
        this.report(
          `configs.${name}`,
          'configs with inline content or from the environment have no Podman equivalent; write the content to a file',
        );
      }
    }
  }

  private networkUsed(name: string): boolean {
    return Object.values(this.model.services).some((s) => s.networks && name in s.networks);
  }

  private network(name: string, net: ComposeResource): void {
    if (net.external) {
      this.note(
        'info',
        `network '${name}' is external: create it with \`podman network create ${str(net.name ?? name)}\``,
      );
      return;
    }
    const unit = newUnit(`${this.stem(name)}.network`, [
      `Compose network '${name}' of project ${this.model.name}`,
    ]);
    add(unit, 'Network', 'NetworkName', plainValue(str(net.name ?? `${this.model.name}_${name}`)));
    for (const [key, value] of Object.entries(net)) {
      const path = `networks.${name}.${key}`;
      switch (key) {
        case 'name':
        case 'external':
          break;
        case 'driver':
          if (['bridge', 'macvlan', 'ipvlan'].includes(str(value)))
            add(unit, 'Network', 'Driver', str(value));
          else
            this.report(
              path,
              `network driver '${str(value)}' is not supported by Podman (bridge, macvlan, ipvlan)`,
            );
          break;
        case 'internal':
          if (value === true) add(unit, 'Network', 'Internal', 'true');
          break;
        case 'enable_ipv6':
          if (value === true) add(unit, 'Network', 'IPv6', 'true');
          break;
        case 'labels':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            add(unit, 'Network', 'Label', quoteWord(`${k}=${str(v)}`));
          break;
        case 'driver_opts':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            add(unit, 'Network', 'PodmanArgs', quoteWord(`--opt=${k}=${str(v)}`));
          break;
        case 'ipam':
          this.ipam(unit, isDict(value) ? value : {}, path);
          break;
        default:
          if (!key.startsWith('x-')) this.report(path, REASONS[key] ?? 'no Podman network equivalent');
      }
    }
    this.units.push(unit);
  }

  private ipam(unit: UnitFile, ipam: Dict, path: string): void {
    for (const [key, value] of Object.entries(ipam)) {
      if (key === 'driver') {
        if (str(value) !== 'default') add(unit, 'Network', 'IPAMDriver', str(value));
      } else if (key === 'config' && Array.isArray(value)) {
        value.forEach((cfg, i) => {
          if (!isDict(cfg)) return;
          for (const [k, v] of Object.entries(cfg)) {
            if (k === 'subnet') add(unit, 'Network', 'Subnet', str(v));
            else if (k === 'gateway') add(unit, 'Network', 'Gateway', str(v));
            else if (k === 'ip_range') add(unit, 'Network', 'IPRange', str(v));
            else this.report(`${path}.config.${i}.${k}`, 'no Podman network equivalent');
          }
        });
      } else {
        this.report(`${path}.${key}`, 'no Podman network equivalent');
      }
    }
  }

  private volume(name: string, vol: ComposeResource): void {
    if (vol.external) {
      this.note(
        'info',
        `volume '${name}' is external: create it with \`podman volume create ${str(vol.name ?? name)}\``,
      );
      return;
    }
    const unit = newUnit(`${this.stem(name)}.volume`, [
      `Compose volume '${name}' of project ${this.model.name}`,
    ]);
    add(unit, 'Volume', 'VolumeName', plainValue(str(vol.name ?? `${this.model.name}_${name}`)));
    for (const [key, value] of Object.entries(vol)) {
      const path = `volumes.${name}.${key}`;
      if (key === 'name' || key === 'external' || key.startsWith('x-')) continue;
      if (key === 'driver') {
        if (str(value) !== 'local') {
          add(unit, 'Volume', 'Driver', plainValue(str(value)));
          this.note(
            'warning',
            `volume '${name}' uses driver '${str(value)}': install the matching Podman volume plugin`,
          );
        }
      } else if (key === 'driver_opts') {
        for (const [k, v] of Object.entries(isDict(value) ? value : {})) {
          if (k === 'type') add(unit, 'Volume', 'Type', plainValue(str(v)));
          else if (k === 'device') add(unit, 'Volume', 'Device', plainValue(str(v)));
          else if (k === 'o') add(unit, 'Volume', 'Options', plainValue(str(v)));
          else add(unit, 'Volume', 'PodmanArgs', quoteWord(`--opt=${k}=${str(v)}`));
        }
      } else if (key === 'labels') {
        for (const [k, v] of Object.entries(isDict(value) ? value : {}))
          add(unit, 'Volume', 'Label', quoteWord(`${k}=${str(v)}`));
      } else {
        this.report(path, 'no Podman volume equivalent');
      }
    }
    this.units.push(unit);
  }

  private secret(name: string, sec: ComposeResource): void {
    const podName = str(sec.name ?? name);
    if (sec.external) {
      this.secrets.push({ name: podName });
      this.note('info', `secret '${name}' is external: it must exist as a Podman secret named '${podName}'`);
    } else if (typeof sec.file === 'string') {
      this.secrets.push({ name: podName, command: `podman secret create ${shq(podName)} ${shq(sec.file)}` });
    } else if (typeof sec.environment === 'string') {
      this.secrets.push({
        name: podName,
        command: `podman secret create --env ${shq(podName)} ${shq(sec.environment)}`,
      });
    } else {
      this.report(`secrets.${name}`, 'a secret needs file:, environment: or external:');
    }
    for (const key of Object.keys(sec)) {
      if (!['name', 'file', 'environment', 'external'].includes(key) && !key.startsWith('x-'))
        this.report(`secrets.${name}.${key}`, 'no Podman secret equivalent');
    }
  }

  private makePod(services: [string, ComposeService][]): void {
    const unit = newUnit(`${this.model.name}.pod`, [
      `All services of Compose project ${this.model.name} in one pod: they share one network namespace`,
      'and reach each other on localhost.',
    ]);
    add(unit, 'Pod', 'PodName', plainValue(this.model.name));
    const targets = new Map<string, string>();
    const nets = new Set<string>();
    for (const [name, svc] of services) {
      for (const p of svc.ports ?? []) {
        const key = `${p.target}/${p.protocol}`;
        const other = targets.get(key);
        if (other !== undefined && other !== name) {
          this.note(
            'warning',
            `services '${other}' and '${name}' both use container port ${key}: in one pod they collide`,
            name,
          );
        }
        targets.set(key, name);
        add(unit, 'Pod', 'PublishPort', publishPort(p));
      }
      for (const net of Object.keys(svc.networks ?? {})) nets.add(net);
    }
    for (const net of [...nets].sort()) add(unit, 'Pod', 'Network', this.networkRef(net));
    add(unit, 'Install', 'WantedBy', 'default.target');
    this.podUnit = unit;
    this.units.push(unit);
  }

  private networkRef(net: string): string {
    const def = this.model.networks?.[net];
    return def?.external ? plainValue(str(def.name ?? net)) : `${this.stem(net)}.network`;
  }

  private container(name: string, svc: ComposeService): void {
    const P = (key: string) => `services.${name}.${key}`;
    const unit = newUnit(`${this.stem(name)}.container`, [
      `Compose service '${name}' of project ${this.model.name}`,
    ]);
    this.containerUnits.set(name, unit);
    const C = (key: string, value: string) => add(unit, 'Container', key, value);
    const args = (flag: string, value?: unknown) =>
      C('PodmanArgs', quoteWord(value === undefined ? flag : `${flag}=${str(value)}`));
    add(unit, 'Unit', 'Description', plainValue(`${this.model.name} ${name}`));

    // Image or build.
    if (svc.build) {
      const tag = this.buildUnit(name, svc);
      C('Image', tag);
    } else if (svc.image) {
      C('Image', plainValue(qualifyImage(svc.image)));
    } else {
      this.report(P('image'), 'a service needs image: or build:', name);
    }
    C('ContainerName', plainValue(svc.container_name ?? this.stem(name)));
    if (this.podUnit) C('Pod', `${this.model.name}.pod`);

    for (const [key, value] of Object.entries(svc)) {
      if (key.startsWith('x-')) continue;
      if (!HANDLED.has(key)) {
        this.report(P(key), REASONS[key] ?? 'no Podman/Quadlet equivalent', name);
        continue;
      }
      const flag = PODMAN_FLAGS[key];
      if (flag !== undefined) {
        args(flag, value);
        continue;
      }
      switch (key) {
        case 'command':
          if (Array.isArray(value) && value.length > 0) C('Exec', commandLine(value.map(str)));
          break;
        case 'entrypoint':
          if (Array.isArray(value) && value.length === 1) C('Entrypoint', quoteWord(str(value[0])));
          else if (Array.isArray(value) && value.length > 1)
            C('Entrypoint', quoteWord(JSON.stringify(value.map(str))));
          else if (Array.isArray(value))
            this.report(
              P(key),
              'clearing the image ENTRYPOINT (entrypoint: []) is not expressible in Quadlet',
              name,
            );
          break;
        case 'environment':
          for (const [k, v] of Object.entries(isDict(value) ? value : {})) {
            if (v === null || v === undefined) {
              this.report(
                `${P(key)}.${k}`,
                'the value comes from the shell running compose; a systemd unit has none: set it explicitly or in an EnvironmentFile',
                name,
              );
            } else C('Environment', quoteWord(`${k}=${str(v)}`));
          }
          break;
        case 'env_file':
          for (const [i, f] of (Array.isArray(value) ? value : []).entries()) {
            const file = isDict(f) ? f : { path: str(f), required: true };
            C('EnvironmentFile', plainValue(str(file.path)));
            if (file.required === false)
              this.report(
                `${P(key)}.${i}.required`,
                'Podman fails when an env file is missing (required: false)',
                name,
              );
            if (file.format !== undefined && file.format !== 'dotenv')
              this.report(
                `${P(key)}.${i}.format`,
                `env file format '${str(file.format)}' is not supported`,
                name,
              );
          }
          break;
        case 'healthcheck':
          this.healthcheck(name, value as HealthcheckConfig, C);
          break;
        case 'labels':
        case 'annotations':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            C(key === 'labels' ? 'Label' : 'Annotation', quoteWord(`${k}=${str(v)}`));
          break;
        case 'networks':
          if (!this.podUnit) this.networks(name, isDict(value) ? value : {}, C);
          break;
        case 'network_mode':
          this.networkMode(name, str(value), C);
          break;
        case 'ports':
          if (!this.podUnit) {
            for (const p of svc.ports ?? []) {
              C('PublishPort', publishPort(p));
              for (const k of Object.keys(p)) {
                if (['name', 'app_protocol'].includes(k))
                  this.report(`${P('ports')}.${k}`, 'port metadata only; Podman has no equivalent', name);
              }
            }
          }
          break;
        case 'expose':
          for (const e of Array.isArray(value) ? value : []) C('ExposeHostPort', plainValue(str(e)));
          break;
        case 'volumes':
          for (const [i, v] of (svc.volumes ?? []).entries()) this.mount(name, v, i, C);
          break;
        case 'tmpfs':
          for (const t of Array.isArray(value) ? value : []) C('Tmpfs', plainValue(str(t)));
          break;
        case 'secrets':
          for (const s of svc.secrets ?? []) this.serviceSecret(name, s, C);
          break;
        case 'configs':
          for (const c of svc.configs ?? []) this.serviceConfig(name, c, C);
          break;
        case 'restart':
          this.restart(unit, str(value), name);
          break;
        case 'user': {
          const [u, g] = str(value).split(':');
          if (u) C('User', plainValue(u));
          if (g) C('Group', plainValue(g));
          break;
        }
        case 'read_only':
          if (value === true) C('ReadOnly', 'true');
          break;
        case 'privileged':
          if (value === true) {
            args('--privileged');
            this.note('warning', 'privileged: rootless Podman cannot grant more than the user has', name);
          }
          break;
        case 'deploy':
          this.deploy(name, unit, isDict(value) ? value : {}, C, args);
          break;
        case 'cap_add':
          for (const c of Array.isArray(value) ? value : []) C('AddCapability', plainValue(str(c)));
          break;
        case 'cap_drop':
          for (const c of Array.isArray(value) ? value : []) C('DropCapability', plainValue(str(c)));
          break;
        case 'security_opt':
          for (const o of Array.isArray(value) ? value : []) this.securityOpt(str(o), C, args);
          break;
        case 'hostname':
          C('HostName', plainValue(str(value)));
          break;
        case 'extra_hosts':
          for (const h of Array.isArray(value) ? value : [])
            C('AddHost', plainValue(str(h).replace('=', ':')));
          break;
        case 'dns':
          for (const d of Array.isArray(value) ? value : [value]) C('DNS', plainValue(str(d)));
          break;
        case 'dns_search':
          for (const d of Array.isArray(value) ? value : [value]) C('DNSSearch', plainValue(str(d)));
          break;
        case 'dns_opt':
          for (const d of Array.isArray(value) ? value : [value]) C('DNSOption', plainValue(str(d)));
          break;
        case 'working_dir':
          C('WorkingDir', plainValue(str(value)));
          break;
        case 'stop_signal':
          C('StopSignal', plainValue(str(value)));
          break;
        case 'stop_grace_period': {
          const secs = durationSeconds(str(value));
          if (secs === undefined) this.report(P(key), `cannot read the duration '${str(value)}'`, name);
          else C('StopTimeout', String(secs));
          break;
        }
        case 'init':
          if (value === true) C('RunInit', 'true');
          break;
        case 'logging':
          this.logging(name, isDict(value) ? value : {}, C);
          break;
        case 'devices':
          for (const d of Array.isArray(value) ? value : []) {
            if (isDict(d)) {
              const src = str(d.source);
              const dst = d.target === undefined ? '' : `:${str(d.target)}`;
              const perm = d.permissions === undefined ? '' : `:${str(d.permissions)}`;
              C('AddDevice', plainValue(`${src}${dst}${perm}`));
            } else C('AddDevice', plainValue(str(d)));
          }
          break;
        case 'gpus':
          C('AddDevice', 'nvidia.com/gpu=all');
          this.note(
            'warning',
            'gpus: mapped to the CDI device nvidia.com/gpu=all; generate the CDI spec with nvidia-ctk',
            name,
          );
          break;
        case 'group_add':
          for (const g of Array.isArray(value) ? value : []) C('GroupAdd', plainValue(str(g)));
          break;
        case 'ulimits':
          for (const [k, v] of Object.entries(isDict(value) ? value : {})) {
            const limit = isDict(v) ? `${str(v.soft)}:${str(v.hard)}` : str(v);
            C('Ulimit', plainValue(`${k}=${limit}`));
          }
          break;
        case 'sysctls':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            C('Sysctl', plainValue(`${k}=${str(v)}`));
          break;
        case 'pids_limit':
          C('PidsLimit', str(value));
          break;
        case 'shm_size':
          C('ShmSize', plainValue(str(value)));
          break;
        case 'userns_mode':
          C('UserNS', plainValue(str(value)));
          break;
        case 'pull_policy':
          this.pullPolicy(name, str(value), C);
          break;
        case 'runtime':
          if (['runc', 'crun', 'crun-wasm', 'krun', 'kata', 'runsc', 'youki'].includes(str(value)))
            args('--runtime', value);
          else
            this.report(
              P(key),
              `runtime '${str(value)}' is a Docker/containerd runtime name; Podman's OCI runtimes are configured in containers.conf (crun-wasm runs WebAssembly)`,
              name,
            );
          break;
        case 'tty':
          if (value === true) args('--tty');
          break;
        case 'stdin_open':
          if (value === true) args('--interactive');
          break;
        case 'oom_kill_disable':
          if (value === true) args('--oom-kill-disable');
          break;
        case 'volumes_from':
          for (const v of Array.isArray(value) ? value : []) {
            const [src, mode] = str(v).split(':');
            const ref = src?.startsWith('container')
              ? (src.split(':')[1] ?? '')
              : this.containerName(src ?? '');
            args('--volumes-from', mode ? `${ref}:${mode}` : ref);
          }
          break;
        case 'depends_on':
          this.dependsOn(name, unit, isDict(value) ? value : {});
          break;
        case 'profiles':
        case 'image':
        case 'build':
        case 'container_name':
          break;
        default:
          this.report(P(key), 'no Podman/Quadlet equivalent', name);
      }
    }
    if (this.opts.userns !== undefined && svc.userns_mode === undefined)
      C('UserNS', plainValue(this.opts.userns));

    const published = (svc.ports ?? [])
      .map((p) => Number.parseInt(str(p.published), 10))
      .filter((n) => n > 0 && n < 1024);
    if (published.length > 0) {
      this.note(
        'warning',
        `publishes port${published.length > 1 ? 's' : ''} ${published.join(', ')} (< 1024): rootless Podman needs sysctl net.ipv4.ip_unprivileged_port_start=${Math.min(...published)} or a higher host port`,
        name,
      );
    }
    if (!this.oneshot.has(name) && !unit.sections.some((s) => s.name === 'Service'))
      add(unit, 'Service', 'Restart', 'no');
    add(unit, 'Service', 'TimeoutStartSec', '900');
    add(unit, 'Install', 'WantedBy', 'default.target');
    this.units.push(unit);
  }

  private containerName(service: string): string {
    return this.model.services[service]?.container_name ?? this.stem(service);
  }

  private buildUnit(name: string, svc: ComposeService): string {
    const build = svc.build!;
    const P = (key: string) => `services.${name}.build.${key}`;
    const stem = this.stem(name);
    const unit = newUnit(`${stem}.build`, [
      `Image of Compose service '${name}' of project ${this.model.name}`,
    ]);
    const B = (key: string, value: string) => add(unit, 'Build', key, value);
    B('ImageTag', plainValue(svc.image ?? `localhost/${stem}`));
    const remote = /^(https?:\/\/|git@|github\.com\/)/.test(build.context);
    if (build.dockerfile_inline !== undefined) {
      this.report(
        P('dockerfile_inline'),
        'Quadlet .build needs a Containerfile on disk; write the inline Dockerfile to a file',
        name,
      );
    } else if (build.dockerfile !== undefined) {
      const file =
        build.dockerfile.startsWith('/') || remote
          ? build.dockerfile
          : `${build.context.replace(/\/$/, '')}/${build.dockerfile}`;
      B('File', plainValue(file));
    }
    B('SetWorkingDirectory', plainValue(build.context));
    for (const [key, value] of Object.entries(build)) {
      switch (key) {
        case 'context':
        case 'dockerfile':
        case 'dockerfile_inline':
          break;
        case 'target':
          B('Target', plainValue(str(value)));
          break;
        case 'args':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            B('PodmanArgs', quoteWord(v === null ? `--build-arg=${k}` : `--build-arg=${k}=${str(v)}`));
          break;
        case 'labels':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            B('Label', quoteWord(`${k}=${str(v)}`));
          break;
        case 'network':
          B('Network', plainValue(str(value)));
          break;
        case 'pull':
          if (value === true) B('Pull', 'always');
          break;
        case 'no_cache':
          if (value === true) B('PodmanArgs', '--no-cache');
          break;
        case 'tags':
          for (const t of Array.isArray(value) ? value : []) B('ImageTag', plainValue(str(t)));
          break;
        case 'additional_contexts':
          for (const [k, v] of Object.entries(isDict(value) ? value : {}))
            B('PodmanArgs', quoteWord(`--build-context=${k}=${str(v)}`));
          break;
        case 'extra_hosts':
          for (const h of Array.isArray(value) ? value : [])
            B('PodmanArgs', quoteWord(`--add-host=${str(h).replace('=', ':')}`));
          break;
        case 'shm_size':
          B('PodmanArgs', quoteWord(`--shm-size=${str(value)}`));
          break;
        case 'ssh':
          for (const s of Array.isArray(value) ? value : [value])
            B('PodmanArgs', quoteWord(`--ssh=${str(s)}`));
          break;
        case 'secrets':
          for (const s of Array.isArray(value) ? value : []) {
            const ref = isDict(s) ? s : { source: str(s) };
            const def = this.model.secrets?.[str(ref.source)];
            const id = str(ref.target ?? ref.source);
            if (def && typeof def.file === 'string') B('Secret', plainValue(`id=${id},src=${def.file}`));
            else if (def && typeof def.environment === 'string')
              B('Secret', plainValue(`id=${id},env=${def.environment}`));
            else
              this.report(
                `${P('secrets')}.${str(ref.source)}`,
                'only file and environment secrets can be passed to podman build',
                name,
              );
          }
          break;
        case 'platforms': {
          const list = Array.isArray(value) ? value.map(str) : [];
          if (list.length === 1) {
            const [, arch, variant] = list[0]!.split('/');
            if (arch) B('Arch', arch);
            if (variant) B('Variant', variant);
          } else if (list.length > 1) {
            this.report(
              P(key),
              'a .build unit builds one platform; use `dockwright migrate buildah` for a multi-arch manifest',
              name,
            );
          }
          break;
        }
        default:
          if (!key.startsWith('x-'))
            this.report(
              P(key),
              REASONS[`build.${key}`] ?? 'no podman build equivalent in a .build unit',
              name,
            );
      }
    }
    this.units.push(unit);
    return `${stem}.build`;
  }

  private healthcheck(name: string, hc: HealthcheckConfig, C: (k: string, v: string) => void): void {
    const P = (key: string) => `services.${name}.healthcheck.${key}`;
    const test = hc.test ?? [];
    if (hc.disable === true || test[0] === 'NONE') {
      C('HealthCmd', 'none');
      return;
    }
    if (test[0] === 'CMD-SHELL') C('HealthCmd', quoteWord(test.slice(1).join(' ')));
    else if (test[0] === 'CMD') C('HealthCmd', quoteWord(JSON.stringify(test)));
    else if (test.length > 0) C('HealthCmd', quoteWord(test.join(' ')));
    for (const [key, value] of Object.entries(hc)) {
      if (key === 'test' || key === 'disable') continue;
      if (key === 'interval') C('HealthInterval', plainValue(str(value)));
      else if (key === 'timeout') C('HealthTimeout', plainValue(str(value)));
      else if (key === 'start_period') C('HealthStartPeriod', plainValue(str(value)));
      else if (key === 'retries') C('HealthRetries', str(value));
      else if (key === 'start_interval')
        this.report(
          P(key),
          'Podman has no probe interval during the start period (HealthStartup* is a separate startup probe)',
          name,
        );
      else if (!key.startsWith('x-')) this.report(P(key), 'no Podman healthcheck equivalent', name);
    }
  }

  private networks(name: string, nets: Dict, C: (k: string, v: string) => void): void {
    const aliases = new Set<string>([name]);
    const entries = Object.entries(nets).sort(([a], [b]) => a.localeCompare(b));
    for (const [net, cfg] of entries) {
      C('Network', this.networkRef(net));
      for (const [k, v] of Object.entries(isDict(cfg) ? cfg : {})) {
        const path = `services.${name}.networks.${net}.${k}`;
        if (k === 'aliases') for (const a of Array.isArray(v) ? v : []) aliases.add(str(a));
        else if (k === 'ipv4_address' || k === 'ipv6_address') {
          if (entries.length > 1)
            this.report(
              path,
              'Quadlet IP=/IP6= cannot say which of several networks the address is on',
              name,
            );
          else C(k === 'ipv4_address' ? 'IP' : 'IP6', plainValue(str(v)));
        } else if (!k.startsWith('x-')) this.report(path, 'no Podman per-network equivalent', name);
      }
    }
    if (entries.length > 0) for (const a of aliases) C('NetworkAlias', plainValue(a));
  }

  private networkMode(name: string, mode: string, C: (k: string, v: string) => void): void {
    if (mode === 'host' || mode === 'none' || mode === 'bridge') C('Network', mode);
    else if (mode.startsWith('service:')) {
      const other = mode.slice(8);
      C('Network', `${this.stem(other)}.container`);
    } else if (mode.startsWith('container:')) C('Network', plainValue(mode));
    else
      this.report(`services.${name}.network_mode`, `network mode '${mode}' has no Podman equivalent`, name);
  }

  private mount(name: string, v: VolumeMount, i: number, C: (k: string, v: string) => void): void {
    const path = `services.${name}.volumes.${i}`;
    const opts: string[] = [];
    if (v.read_only) opts.push('ro');
    for (const key of Object.keys(v)) {
      if (
        ['type', 'source', 'target', 'read_only', 'bind', 'volume', 'tmpfs'].includes(key) ||
        key.startsWith('x-')
      )
        continue;
      this.report(
        `${path}.${key}`,
        key === 'consistency' ? 'Docker Desktop only' : 'no Podman mount equivalent',
        name,
      );
    }
    switch (v.type) {
      case 'bind': {
        const src = v.source ?? '';
        if (v.bind?.propagation) opts.push(v.bind.propagation);
        const label = v.bind?.selinux ?? (this.opts.selinux ? this.selinuxLabel(src) : undefined);
        if (label === undefined && this.opts.selinux && !v.bind?.selinux) {
          this.note(
            'warning',
            `bind mount ${src} is a system path: not relabelled (relabelling it could break the host)`,
            name,
          );
        }
        if (label) opts.push(label);
        if (/docker\.sock$/.test(src)) {
          this.note(
            'warning',
            `bind-mounts the Docker socket ${src}: mount the Podman socket instead (%t/podman/podman.sock, from \`systemctl --user enable --now podman.socket\`)`,
            name,
          );
        }
        for (const k of Object.keys(v.bind ?? {}))
          if (!['propagation', 'selinux', 'create_host_path'].includes(k))
            this.report(`${path}.bind.${k}`, 'no Podman bind option', name);
        C('Volume', plainValue(`${src}:${v.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`));
        break;
      }
      case 'volume': {
        if (v.source === undefined) {
          C('Volume', plainValue(v.target));
          break;
        }
        const def = this.model.volumes?.[v.source];
        const ref = def?.external ? str(def.name ?? v.source) : `${this.stem(v.source)}.volume`;
        if (v.volume?.nocopy) opts.push('nocopy');
        if (v.volume?.subpath !== undefined) {
          const parts = [
            `type=volume`,
            `source=${ref}`,
            `destination=${v.target}`,
            `subpath=${v.volume.subpath}`,
          ];
          if (v.read_only) parts.push('ro');
          C('Mount', plainValue(parts.join(',')));
        } else {
          C('Volume', plainValue(`${ref}:${v.target}${opts.length > 0 ? `:${opts.join(',')}` : ''}`));
        }
        for (const k of Object.keys(v.volume ?? {}))
          if (!['nocopy', 'subpath'].includes(k))
            this.report(`${path}.volume.${k}`, 'no Podman volume option', name);
        break;
      }
      case 'tmpfs': {
        const t: string[] = [];
        if (v.tmpfs?.size !== undefined) t.push(`size=${str(v.tmpfs.size)}`);
        if (v.tmpfs?.mode !== undefined)
          t.push(`mode=${typeof v.tmpfs.mode === 'number' ? v.tmpfs.mode.toString(8) : str(v.tmpfs.mode)}`);
        C('Tmpfs', plainValue(`${v.target}${t.length > 0 ? `:${t.join(',')}` : ''}`));
        break;
      }
      case 'image':
        C('Mount', plainValue(`type=image,source=${str(v.source)},destination=${v.target}`));
        break;
      default:
        this.report(`${path}.type`, `mount type '${v.type}' has no Podman equivalent`, name);
    }
  }

  /** `:Z` for a bind source only this service uses, `:z` when several share it; none for system paths. */
  private selinuxLabel(src: string): string | undefined {
    const system = [
      '/',
      '/etc',
      '/usr',
      '/var',
      '/home',
      '/root',
      '/proc',
      '/sys',
      '/dev',
      '/run',
      '/tmp',
      '/boot',
      '/lib',
    ];
    if (
      system.includes(src.replace(/\/$/, '') || '/') ||
      /^\/(proc|sys|dev)\//.test(src) ||
      /\.sock$/.test(src)
    )
      return undefined;
    return (this.bindUse.get(src)?.size ?? 0) > 1 ? 'z' : 'Z';
  }

  private serviceSecret(name: string, s: Dict, C: (k: string, v: string) => void): void {
    const def = this.model.secrets?.[str(s.source)];
    if (!def) {
      this.report(
        `services.${name}.secrets.${str(s.source)}`,
        'secret is not defined at the top level',
        name,
      );
      return;
    }
    const parts = [str(def.name ?? s.source), 'type=mount'];
    parts.push(`target=${str(s.target ?? s.source)}`);
    if (s.uid !== undefined) parts.push(`uid=${str(s.uid)}`);
    if (s.gid !== undefined) parts.push(`gid=${str(s.gid)}`);
    if (s.mode !== undefined)
      parts.push(`mode=${typeof s.mode === 'number' ? `0${s.mode.toString(8)}` : str(s.mode)}`);
    C('Secret', plainValue(parts.join(',')));
  }

  private serviceConfig(name: string, c: Dict, C: (k: string, v: string) => void): void {
    const def = this.model.configs?.[str(c.source)];
    const path = `services.${name}.configs.${str(c.source)}`;
    if (!def || typeof def.file !== 'string') {
      this.report(path, 'only file-based configs can be carried over (as a read-only bind mount)', name);
      return;
    }
    const target = str(c.target ?? `/${str(c.source)}`);
    const label = this.opts.selinux ? `,${this.selinuxLabel(def.file) ?? ''}`.replace(/,$/, '') : '';
    C('Volume', plainValue(`${def.file}:${target}:ro${label}`));
    this.note(
      'info',
      `config '${str(c.source)}' became a read-only bind mount of ${def.file} (Podman has no configs)`,
      name,
    );
    for (const k of ['uid', 'gid', 'mode'])
      if (c[k] !== undefined)
        this.report(`${path}.${k}`, 'a bind mount keeps the file’s own owner and mode', name);
  }

  private restart(unit: UnitFile, policy: string, name: string): void {
    const [mode, count] = policy.split(':');
    if (mode === 'always' || mode === 'unless-stopped') add(unit, 'Service', 'Restart', 'always');
    else if (mode === 'on-failure') {
      add(unit, 'Service', 'Restart', 'on-failure');
      if (count) add(unit, 'Unit', 'StartLimitBurst', count);
    } else if (mode === 'no') add(unit, 'Service', 'Restart', 'no');
    else this.report(`services.${name}.restart`, `unknown restart policy '${policy}'`, name);
  }

  private deploy(
    name: string,
    unit: UnitFile,
    deploy: Dict,
    C: (k: string, v: string) => void,
    args: (flag: string, value?: unknown) => void,
  ): void {
    const P = (key: string) => `services.${name}.deploy.${key}`;
    for (const [key, value] of Object.entries(deploy)) {
      if (key === 'resources' && isDict(value)) {
        for (const [kind, res] of Object.entries(value)) {
          if (!isDict(res)) continue;
          for (const [k, v] of Object.entries(res)) {
            if (kind === 'limits' && k === 'memory') args('--memory', v);
            else if (kind === 'limits' && k === 'cpus') args('--cpus', v);
            else if (kind === 'limits' && k === 'pids') C('PidsLimit', str(v));
            else if (kind === 'reservations' && k === 'memory') args('--memory-reservation', v);
            else if (kind === 'reservations' && k === 'devices' && Array.isArray(v)) {
              const gpu = v.some(
                (d) => isDict(d) && Array.isArray(d.capabilities) && d.capabilities.includes('gpu'),
              );
              if (gpu) {
                C('AddDevice', 'nvidia.com/gpu=all');
                this.note(
                  'warning',
                  'GPU reservation mapped to the CDI device nvidia.com/gpu=all (nvidia-ctk cdi generate)',
                  name,
                );
              } else
                this.report(
                  `${P('resources')}.reservations.devices`,
                  'only GPU device reservations are carried over',
                  name,
                );
            } else
              this.report(
                `${P('resources')}.${kind}.${k}`,
                'no Podman equivalent (no scheduler reserves resources)',
                name,
              );
          }
        }
      } else if (key === 'restart_policy' && isDict(value)) {
        const cond = str(value.condition ?? 'any');
        if (!unit.sections.some((s) => s.entries.some(([k]) => k === 'Restart')))
          add(
            unit,
            'Service',
            'Restart',
            cond === 'none' ? 'no' : cond === 'on-failure' ? 'on-failure' : 'always',
          );
        if (value.delay !== undefined) {
          const secs = durationSeconds(str(value.delay));
          if (secs !== undefined) add(unit, 'Service', 'RestartSec', String(secs));
        }
        if (value.max_attempts !== undefined) add(unit, 'Unit', 'StartLimitBurst', str(value.max_attempts));
        if (value.window !== undefined)
          this.report(`${P(key)}.window`, 'set StartLimitIntervalSec= in [Unit] by hand', name);
      } else if (key === 'labels' && isDict(value)) {
        for (const [k, v] of Object.entries(value)) C('Label', quoteWord(`${k}=${str(v)}`));
      } else if (key === 'replicas' && Number(value) === 1) {
        // One container per unit: the default.
      } else if (key.startsWith('x-')) {
        // extension
      } else {
        this.report(
          P(key),
          key === 'replicas'
            ? 'Quadlet runs one container per unit; use a template unit (name@.container) for replicas'
            : 'Swarm orchestration setting with no Podman equivalent',
          name,
        );
      }
    }
  }

  private securityOpt(
    o: string,
    C: (k: string, v: string) => void,
    args: (flag: string, value?: unknown) => void,
  ): void {
    const [k, v = ''] = o.includes('=')
      ? [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]
      : o.split(':');
    if (k === 'no-new-privileges' && v !== 'false') C('NoNewPrivileges', 'true');
    else if (k === 'seccomp') C('SeccompProfile', plainValue(v));
    else if (k === 'label' && v === 'disable') C('SecurityLabelDisable', 'true');
    else if (k === 'label' && v.startsWith('type:')) C('SecurityLabelType', plainValue(v.slice(5)));
    else if (k === 'label' && v.startsWith('level:')) C('SecurityLabelLevel', plainValue(v.slice(6)));
    else if (k === 'label' && v.startsWith('filetype:')) C('SecurityLabelFileType', plainValue(v.slice(9)));
    else args('--security-opt', o);
  }

  private logging(name: string, logging: Dict, C: (k: string, v: string) => void): void {
    const driver = logging.driver === undefined ? undefined : str(logging.driver);
    const supported = ['journald', 'k8s-file', 'json-file', 'none', 'passthrough'];
    if (driver !== undefined && !supported.includes(driver)) {
      this.report(
        `services.${name}.logging.driver`,
        `Podman log drivers are ${supported.join(', ')}; '${driver}' is not one`,
        name,
      );
      return;
    }
    if (driver !== undefined) C('LogDriver', driver === 'json-file' ? 'k8s-file' : driver);
    for (const [k, v] of Object.entries(isDict(logging.options) ? logging.options : {})) {
      if (k === 'max-size' || k === 'path' || k === 'tag') C('LogOpt', plainValue(`${k}=${str(v)}`));
      else
        this.report(
          `services.${name}.logging.options.${k}`,
          'Podman log-opt supports path, max-size and tag',
          name,
        );
    }
  }

  private pullPolicy(name: string, policy: string, C: (k: string, v: string) => void): void {
    const map: Record<string, string> = {
      always: 'always',
      never: 'never',
      missing: 'missing',
      if_not_present: 'missing',
      newer: 'newer',
    };
    if (map[policy]) C('Pull', map[policy]);
    else if (policy !== 'build')
      this.report(`services.${name}.pull_policy`, `pull policy '${policy}' has no Podman equivalent`, name);
  }

  private dependsOn(name: string, unit: UnitFile, deps: Dict): void {
    for (const [dep, raw] of Object.entries(deps).sort(([a], [b]) => a.localeCompare(b))) {
      const cfg = isDict(raw) ? raw : {};
      if (!(dep in this.model.services)) {
        this.note(
          'warning',
          `depends on '${dep}', which is not active (profiles); dependency left out`,
          name,
        );
        continue;
      }
      const ref = `${this.stem(dep)}.container`;
      add(unit, 'Unit', cfg.required === false ? 'Wants' : 'Requires', ref);
      add(unit, 'Unit', 'After', ref);
      if (cfg.restart === true) add(unit, 'Unit', 'PartOf', ref);
      const condition = str(cfg.condition ?? 'service_started');
      if (condition === 'service_healthy') {
        if (
          this.model.services[dep]?.healthcheck &&
          this.model.services[dep]?.healthcheck?.disable !== true
        ) {
          this.notifyHealthy.add(dep);
        } else {
          this.note(
            'warning',
            `waits for '${dep}' to be healthy, but '${dep}' has no healthcheck in the Compose file (one in its image is not seen here): Notify=healthy not set`,
            name,
          );
        }
      } else if (condition === 'service_completed_successfully') {
        this.oneshot.add(dep);
      }
    }
  }
}

function publishPort(p: { host_ip?: string; published?: string; target: number; protocol: string }): string {
  const host = p.host_ip ? (p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip) : '';
  const proto = p.protocol && p.protocol !== 'tcp' ? `/${p.protocol}` : '';
  if (p.published !== undefined && p.published !== '') {
    return `${host ? `${host}:` : ''}${p.published}:${p.target}${proto}`;
  }
  return `${host ? `${host}::` : ''}${p.target}${proto}`;
}

/** POSIX shell single-quoting for the README's commands. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function convertToQuadlet(model: ComposeModel, opts: PodmanOptions = {}): PodmanPlan {
  const c = new Converter(model, opts);
  c.run();
  const order = ['network', 'volume', 'build', 'pod', 'container'];
  const units = [...c.units].sort((a, b) => {
    const ka = order.indexOf(a.name.slice(a.name.lastIndexOf('.') + 1));
    const kb = order.indexOf(b.name.slice(b.name.lastIndexOf('.') + 1));
    return ka - kb || a.name.localeCompare(b.name);
  });
  const plan = {
    project: model.name,
    units,
    unsupported: c.unsupported,
    notes: c.notes,
    secrets: c.secrets,
  };
  const files = units.map((u) => ({ name: u.name, content: renderUnit(u) }));
  files.push({ name: 'README.md', content: podmanReadme(plan) });
  return { ...plan, files };
}

export function podmanReadme(plan: Omit<PodmanPlan, 'files'>): string {
  const containers = plan.units.filter((u) => u.name.endsWith('.container'));
  const pod = plan.units.find((u) => u.name.endsWith('.pod'));
  const services = pod
    ? [`${pod.name.slice(0, -4)}-pod.service`]
    : containers.map((u) => `${u.name.slice(0, -'.container'.length)}.service`);
  const lines = [
    `# Podman Quadlet units for ${plan.project}`,
    '',
    'Generated by `dockwright migrate podman` from the resolved Compose project. Needs Podman 5.0 or',
    'later (`.build` and `.pod` units) and cgroup v2.',
    '',
    '## Install and start (rootless)',
    '',
    '```sh',
    'mkdir -p ~/.config/containers/systemd',
    'cp *.container *.volume *.network *.build *.pod ~/.config/containers/systemd/ 2>/dev/null',
  ];
  for (const s of plan.secrets) if (s.command) lines.push(s.command);
  lines.push(
    'systemctl --user daemon-reload',
    ...services.map((s) => `systemctl --user start ${s}`),
    'loginctl enable-linger "$USER"   # keep the services running after logout and start them at boot',
    '```',
    '',
    'Quadlet units are generated, not installed: `systemctl enable` does not apply; the `[Install]`',
    'sections (`WantedBy=default.target`) start them at login (or boot, with lingering).',
    'Check what Quadlet makes of them with `/usr/libexec/podman/quadlet -dryrun -user`.',
    'For a rootful setup copy them to /etc/containers/systemd/ and use `WantedBy=multi-user.target`.',
    '',
    '## Rootless notes',
    '',
    '- Ports below 1024 cannot be bound by an unprivileged user: publish a higher host port or set',
    '  `sysctl net.ipv4.ip_unprivileged_port_start=80` (persist it in /etc/sysctl.d/).',
    '- Bind mounts are owned by your user on the host but appear as root in the container. When the',
    '  image runs as a non-root user that must write to them, add `UserNS=keep-id` (or',
    '  `keep-id:uid=N,gid=N`) to the `[Container]` section, or re-run with `--userns keep-id`.',
    '- Docker creates a missing bind-mount source directory; Podman fails instead: create them first.',
    '- Tools that expect the Docker API (Compose, Testcontainers, CI agents) can use the Podman socket:',
    '  `systemctl --user enable --now podman.socket` and',
    '  `export DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock`.',
    '- Service names resolve through `NetworkAlias=` on the project networks, as with Compose.',
    '- On SELinux hosts re-run with `--selinux` so bind mounts get `:Z` (private) or `:z` (shared).',
    '',
  );
  if (plan.notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of plan.notes) lines.push(`- ${n.level}: ${n.service ? `${n.service}: ` : ''}${n.message}`);
    lines.push('');
  }
  lines.push('## Not carried over', '');
  if (plan.unsupported.length === 0) lines.push('Nothing: every Compose key has a Podman equivalent.');
  for (const u of plan.unsupported) lines.push(`- \`${u.path}\`: ${u.reason}`);
  lines.push('');
  return lines.join('\n');
}
