/**
 * The consistency checks compose-go makes after merging (loader/validate.go, graph/cycle.go),
 * all of them at once and each placed on the YAML that caused it.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import { isDict } from './merge.js';
import type { ComposeModel, ComposeService } from './model.js';
import { locatePath, type Origin } from './provenance.js';
import { diagnostic } from './yaml.js';

type Path = (string | number)[];

export interface ValidateOptions {
  /** Services switched off by profiles: a required dependency on one is an error that names the profile. */
  readonly disabled: Readonly<Record<string, ComposeService>>;
}

export function validateModel(model: ComposeModel, options: ValidateOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: Path, message: string, code: string, hint?: string, key = false): void => {
    const origin: Origin | undefined = locatePath(model, path);
    if (!origin) return;
    const range = key && origin.keyRange ? origin.keyRange : origin.range;
    out.push(diagnostic(origin.source, range, 'error', code, message, hint));
  };
  const services = model.services;
  const names = new Set(Object.keys(services));

  const serviceRef = (svc: string, path: Path, what: string, target: string): void => {
    if (names.has(target)) return;
    if (target in options.disabled) {
      const profiles = (options.disabled[target]!.profiles ?? []).join(', ');
      at(
        path,
        `service "${svc}" ${what} service "${target}", which is disabled by its profiles`,
        'compose/disabled-service',
        `Enable it with --profile ${profiles.split(', ')[0] ?? ''}${profiles.includes(',') ? ` (profiles: ${profiles})` : ''}.`,
        true,
      );
      return;
    }
    at(
      path,
      `service "${svc}" ${what} undefined service "${target}"`,
      'compose/undefined-service',
      undefined,
      true,
    );
  };

  const containerNames = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) {
    const base: Path = ['services', name];
    if (!s.image && !s.build && !s.provider) {
      at(
        base,
        `service "${name}" has neither an image nor a build context specified`,
        'compose/no-image',
        'Add image: or build:.',
        true,
      );
    }
    // depends_on
    if (isDict(s.depends_on)) {
      for (const [dep, cfg] of Object.entries(s.depends_on)) {
        if (dep === name) continue; // reported as a cycle below
        if (!names.has(dep) && cfg.required === false) continue;
        serviceRef(name, [...base, 'depends_on', dep], 'depends on', dep);
      }
    }
    for (const [i, link] of (Array.isArray(s.links) ? s.links : []).entries()) {
      serviceRef(name, [...base, 'links', i], 'links to', String(link).split(':')[0] ?? '');
    }
    for (const [i, from] of (Array.isArray(s.volumes_from) ? s.volumes_from : []).entries()) {
      const text = String(from);
      if (text.startsWith('container:')) continue;
      serviceRef(name, [...base, 'volumes_from', i], 'mounts volumes from', text.split(':')[0] ?? '');
    }
    for (const key of ['network_mode', 'ipc', 'pid']) {
      const value = s[key];
      if (typeof value === 'string' && value.startsWith('service:')) {
        serviceRef(name, [...base, key], `uses ${key} of`, value.slice('service:'.length));
      }
    }
    // networks
    if (s.network_mode !== undefined && isDict(s.networks)) {
      at(
        [...base, 'network_mode'],
        `service "${name}" declares mutually exclusive network_mode and networks`,
        'compose/conflicting-settings',
        'A service with network_mode does not join networks; remove one of them.',
        true,
      );
    }
    if (isDict(s.networks)) {
      for (const net of Object.keys(s.networks)) {
        if (net === 'default' || net in model.networks) continue;
        at(
          [...base, 'networks', net],
          `service "${name}" refers to undefined network "${net}"`,
          'compose/undefined-network',
          `Declare it under the top-level networks: key.`,
          true,
        );
      }
    }
    // volumes and mount targets
    const targets = new Map<string, Path>();
    const mountTarget = (target: string, path: Path): void => {
      const clean = target.replace(/\/+$/, '') || '/';
      if (targets.has(clean)) {
        at(path, `service "${name}" mounts two things at ${clean}`, 'compose/duplicate-mount-target');
      } else targets.set(clean, path);
    };
    for (const [i, v] of (Array.isArray(s.volumes) ? s.volumes : []).entries()) {
      if (!isDict(v)) continue;
      if (v.type === 'volume' && typeof v.source === 'string' && v.source && !(v.source in model.volumes)) {
        at(
          [...base, 'volumes', i],
          `service "${name}" refers to undefined volume "${v.source}"`,
          'compose/undefined-volume',
          'Declare it under the top-level volumes: key.',
        );
      }
      if (typeof v.target === 'string') mountTarget(v.target, [...base, 'volumes', i]);
    }
    for (const [i, t] of (Array.isArray(s.tmpfs) ? s.tmpfs : []).entries()) {
      mountTarget(String(t).split(':')[0] ?? '', [...base, 'tmpfs', i]);
    }
    for (const kind of ['secrets', 'configs'] as const) {
      const list = s[kind];
      for (const [i, ref] of (Array.isArray(list) ? list : []).entries()) {
        if (isDict(ref) && typeof ref.source === 'string' && !(ref.source in model[kind])) {
          at(
            [...base, kind, i],
            `service "${name}" refers to undefined ${kind.slice(0, -1)} "${ref.source}"`,
            `compose/undefined-${kind.slice(0, -1)}`,
            `Declare it under the top-level ${kind}: key.`,
          );
        }
      }
    }
    const buildSecrets = isDict(s.build) && Array.isArray(s.build.secrets) ? s.build.secrets : [];
    for (const [i, ref] of buildSecrets.entries()) {
      const source = isDict(ref) ? ref.source : ref;
      if (typeof source === 'string' && !(source in model.secrets)) {
        at(
          [...base, 'build', 'secrets', i],
          `service "${name}" refers to undefined build secret "${source}"`,
          'compose/undefined-secret',
        );
      }
    }
    if (isDict(s.models)) {
      for (const m of Object.keys(s.models)) {
        if (!isDict(model.models) || !(m in model.models)) {
          at(
            [...base, 'models', m],
            `service "${name}" refers to undefined model "${m}"`,
            'compose/undefined-model',
            undefined,
            true,
          );
        }
      }
    }
    // scale
    const replicas = isDict(s.deploy) ? s.deploy.replicas : undefined;
    if (typeof s.scale === 'number' && typeof replicas === 'number' && s.scale !== replicas) {
      at(
        [...base, 'scale'],
        `service "${name}": scale (${s.scale}) and deploy.replicas (${replicas}) disagree`,
        'compose/conflicting-settings',
      );
    }
    for (const [key, value] of [
      ['scale', s.scale],
      ['deploy.replicas', replicas],
    ] as const) {
      if (typeof value === 'number' && value < 0) {
        at(
          [...base, ...key.split('.')],
          `service "${name}": ${key} must not be negative`,
          'compose/invalid-value',
        );
      }
    }
    const count = typeof s.scale === 'number' ? s.scale : typeof replicas === 'number' ? replicas : 1;
    if (typeof s.container_name === 'string') {
      if (count > 1) {
        at(
          [...base, 'container_name'],
          `service "${name}" sets container_name but runs ${count} replicas; container names must be unique`,
          'compose/container-name-scale',
          'Remove container_name to let Compose name the replicas.',
        );
      }
      const other = containerNames.get(s.container_name);
      if (other) {
        at(
          [...base, 'container_name'],
          `services "${other}" and "${name}" use the same container_name "${s.container_name}"`,
          'compose/duplicate-container-name',
        );
      } else containerNames.set(s.container_name, name);
    }
    // conflicting resource settings
    const limits =
      isDict(s.deploy) && isDict(s.deploy.resources) && isDict(s.deploy.resources.limits)
        ? s.deploy.resources.limits
        : undefined;
    if (limits) {
      for (const [key, deployKey] of [
        ['cpus', 'cpus'],
        ['mem_limit', 'memory'],
        ['pids_limit', 'pids'],
      ] as const) {
        if (
          s[key] !== undefined &&
          limits[deployKey] !== undefined &&
          String(s[key]) !== String(limits[deployKey])
        ) {
          at(
            [...base, key],
            `service "${name}": ${key} and deploy.resources.limits.${deployKey} disagree`,
            'compose/conflicting-settings',
          );
        }
      }
    }
    if (
      isDict(s.build) &&
      typeof s.platform === 'string' &&
      Array.isArray(s.build.platforms) &&
      !s.build.platforms.includes(s.platform)
    ) {
      at(
        [...base, 'platform'],
        `service "${name}": platform ${s.platform} is not one of build.platforms`,
        'compose/conflicting-settings',
      );
    }
  }

  // Secrets and configs: exactly one source.
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [key, r] of Object.entries(model[kind])) {
      const sources = ['file', 'environment', 'content'].filter((k) => r[k] !== undefined);
      const external = r.external === true || isDict(r.external);
      if (external) {
        const extra = Object.keys(r).filter((k) => !['external', 'name'].includes(k) && !k.startsWith('x-'));
        if (extra.length > 0)
          at(
            [kind, key],
            `${kind.slice(0, -1)} "${key}" is external, so ${extra.join(', ')} must not be set`,
            'compose/conflicting-settings',
            undefined,
            true,
          );
        continue;
      }
      if (kind === 'secrets' && (sources.length !== 1 || sources[0] === 'content')) {
        at(
          [kind, key],
          `secret "${key}" must have exactly one of file or environment`,
          'compose/invalid-secret',
          undefined,
          true,
        );
      }
      if (kind === 'configs' && sources.length !== 1) {
        at(
          [kind, key],
          `config "${key}" must have exactly one of file, environment or content`,
          'compose/invalid-config',
          undefined,
          true,
        );
      }
    }
  }

  out.push(...dependencyCycles(model, at));
  return out;
}

function dependencyCycles(
  model: ComposeModel,
  at: (path: Path, message: string, code: string, hint?: string, key?: boolean) => void,
): Diagnostic[] {
  const services = model.services;
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    const deps = services[name]?.depends_on;
    for (const dep of isDict(deps) ? Object.keys(deps) : []) {
      if (!(dep in services)) continue;
      if (state.get(dep) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const key = [...cycle].slice(0, -1).sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          at(
            ['services', name, 'depends_on', dep],
            dep === name
              ? `service "${name}" depends on itself`
              : `dependency cycle detected: ${cycle.join(' -> ')}`,
            'compose/dependency-cycle',
            'Compose cannot decide which service to start first; remove one of the dependencies.',
            true,
          );
        }
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) if (!state.has(name)) visit(name);
  return [];
}
