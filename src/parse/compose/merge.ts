/**
 * Compose's merge rules for `-f a.yaml -f b.yaml`, `extends` and `!reset`/`!override`,
 * after compose-go's `override` package: mappings merge, sequences append, and a table
 * of per-path exceptions (shell commands replaced, environment-like mappings turned into
 * `KEY=VALUE` sequences, networks/models/depends_on lists turned into mappings, …).
 * `enforceUnicity` then removes sequence entries redefined by a later one (same target,
 * same key), keeping the first position and the last value.
 *
 * Everything here works on the raw YAML data (before normalisation) and never mutates
 * its inputs; provenance is copied so merged values still point at the file they came from.
 */
import {
  childOrigin,
  copyProvenance,
  isContainer,
  originOf,
  resetKeys,
  setChildOrigin,
  setOrigin,
  tagOf,
} from './provenance.js';

type Path = readonly string[];
type Dict = Record<string, unknown>;
type Merger = (base: unknown, over: unknown, path: Path) => unknown;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(path: Path, pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  for (let i = 0; i < path.length; i++) if (pattern[i] !== '*' && pattern[i] !== path[i]) return false;
  return true;
}

const toSequenceKeys = [
  'services.*.annotations',
  'services.*.build.args',
  'services.*.build.additional_contexts',
  'services.*.build.labels',
  'services.*.deploy.labels',
  'services.*.dns',
  'services.*.dns_opt',
  'services.*.dns_search',
  'services.*.env_file',
  'services.*.environment',
  'services.*.label_file',
  'services.*.labels',
  'services.*.sysctls',
  'services.*.tmpfs',
  'networks.*.labels',
  'volumes.*.labels',
  'secrets.*.labels',
  'configs.*.labels',
];

const specials: [readonly string[], Merger][] = [
  ...toSequenceKeys.map((p): [readonly string[], Merger] => [p.split('.'), mergeToSequence]),
  [['services', '*', 'extra_hosts'], mergeToSequence],
  [['services', '*', 'build', 'extra_hosts'], mergeToSequence],
  [['services', '*', 'build'], mergeBuild],
  [['services', '*', 'command'], replace],
  [['services', '*', 'entrypoint'], replace],
  [['services', '*', 'healthcheck', 'test'], replace],
  [['services', '*', 'depends_on'], mergeDependsOn],
  [['services', '*', 'logging'], mergeLogging],
  [['services', '*', 'networks'], mergeToMapping],
  [['services', '*', 'models'], mergeToMapping],
  [['services', '*', 'ulimits', '*'], replace],
  [['models', '*', 'runtime_flags'], replace],
  [['networks', '*', 'ipam', 'config'], mergeIpamConfig],
];

/** Merge `over` on top of `base` as `docker compose -f base -f over` does (raw data, before unicity). */
export function mergeComposeDicts(base: unknown, over: unknown): unknown {
  return mergeValue(base, over, []);
}

/** Merge a service definition on top of the one it extends (compose-go `ExtendService`). */
export function mergeService(base: unknown, over: unknown, name: string): unknown {
  return mergeValue(base, over, ['services', name]);
}

export function mergeValue(base: unknown, over: unknown, path: Path): unknown {
  for (const [pattern, merger] of specials) if (matches(path, pattern)) return merger(base, over, path);
  if (over === null || over === undefined) return base;
  if (isDict(base) && isDict(over)) return mergeMappings(base, over, path);
  if (Array.isArray(base) && Array.isArray(over)) return concat(base, over);
  return over;
}

function mergeMappings(base: Dict, over: Dict, path: Path): Dict {
  const out: Dict = {};
  copyProvenance(base, out);
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const [k, v] of Object.entries(over)) {
    const origin = childOrigin(over, k);
    if (!Object.hasOwn(out, k) || k.startsWith('x-') || tagOf(over, k) === 'override') {
      out[k] = v;
      setChildOrigin(out, k, origin);
      continue;
    }
    const merged = mergeValue(out[k], v, [...path, k]);
    if (merged === v || !isContainer(merged) || !originOf(merged)) setChildOrigin(out, k, origin);
    out[k] = merged;
  }
  for (const k of resetKeys(over)) delete out[k];
  return out;
}

function concat(base: readonly unknown[], over: readonly unknown[]): unknown[] {
  const out = [...base, ...over];
  copyProvenance(base, out, false);
  if (!originOf(out)) setOrigin(out, originOf(over));
  base.forEach((_, i) => {
    setChildOrigin(out, i, childOrigin(base, i));
  });
  over.forEach((_, i) => {
    setChildOrigin(out, base.length + i, childOrigin(over, i));
  });
  return out;
}

function replace(_base: unknown, over: unknown): unknown {
  return over;
}

function formatScalar(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** `{A: 1, B: null}` → `["A=1", "B"]` (sorted, as compose-go does); a scalar → `[scalar]`. */
export function toSequence(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) {
    const items: { text: string; key: string }[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) items.push({ text: k, key: k });
      else if (Array.isArray(v)) for (const x of v) items.push({ text: `${k}=${formatScalar(x)}`, key: k });
      else items.push({ text: `${k}=${formatScalar(v)}`, key: k });
    }
    items.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const out = items.map((i) => i.text);
    setOrigin(out, originOf(value));
    items.forEach((item, i) => {
      setChildOrigin(out, i, childOrigin(value, item.key));
    });
    return out;
  }
  if (value === null || value === undefined) return [];
  return [value];
}

function mergeToSequence(base: unknown, over: unknown): unknown {
  if (over === null || over === undefined) return base;
  // `KEY: !reset` in an override's mapping removes KEY from what it overrides.
  const resets = new Set(resetKeys(over));
  let b = toSequence(base);
  if (resets.size > 0) {
    const kept = b.map((e, i) => ({ e, i })).filter(({ e }) => !resets.has(keyValue(e)));
    const filtered = kept.map(({ e }) => e);
    setOrigin(filtered, originOf(b));
    kept.forEach(({ i }, j) => {
      setChildOrigin(filtered, j, childOrigin(b, i));
    });
    b = filtered;
  }
  return concat(b, toSequence(over));
}

/** `[a, b]` → `{a: defaults, b: defaults}`; mappings unchanged. */
export function toMapping(value: unknown, defaults: unknown = null): unknown {
  if (!Array.isArray(value)) return value;
  const out: Dict = {};
  setOrigin(out, originOf(value));
  value.forEach((item, i) => {
    const key = String(item);
    out[key] = isDict(defaults) ? { ...defaults } : defaults;
    setChildOrigin(out, key, childOrigin(value, i));
    if (isContainer(out[key])) setOrigin(out[key] as object, childOrigin(value, i));
  });
  return out;
}

function mergeToMapping(base: unknown, over: unknown, path: Path): unknown {
  if (over === null || over === undefined) return base;
  const b = toMapping(base);
  const o = toMapping(over);
  if (isDict(b) && isDict(o)) return mergeMappings(b, o, path);
  return o;
}

function mergeDependsOn(base: unknown, over: unknown, path: Path): unknown {
  if (over === null || over === undefined) return base;
  const defaults = { condition: 'service_started', required: true };
  const b = toMapping(base, defaults);
  const o = toMapping(over, defaults);
  if (isDict(b) && isDict(o)) return mergeMappings(b, o, path);
  return o;
}

function mergeBuild(base: unknown, over: unknown, path: Path): unknown {
  if (over === null || over === undefined) return base;
  const asDict = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const out = { context: v };
    return out;
  };
  const b = asDict(base);
  const o = asDict(over);
  if (typeof base === 'string') setChildOrigin(b as object, 'context', undefined);
  if (isDict(b) && isDict(o)) return mergeMappings(b, o, path);
  return o;
}

function mergeLogging(base: unknown, over: unknown, path: Path): unknown {
  if (!isDict(base) || !isDict(over)) return over ?? base;
  const same = base.driver === over.driver || !('driver' in over) || !('driver' in base);
  return same ? mergeMappings(base, over, path) : over;
}

function mergeIpamConfig(base: unknown, over: unknown, path: Path): unknown {
  if (!Array.isArray(base) || !Array.isArray(over)) return over ?? base;
  const out = [...base];
  copyProvenance(base, out);
  for (const [i, entry] of over.entries()) {
    const at = isDict(entry)
      ? out.findIndex((e) => isDict(e) && e.subnet !== undefined && e.subnet === entry.subnet)
      : -1;
    if (at >= 0) out[at] = mergeMappings(out[at] as Dict, entry as Dict, path);
    else {
      out.push(entry);
      setChildOrigin(out, out.length - 1, childOrigin(over, i));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Unicity

type Indexer = (entry: unknown) => string;

const keyValue: Indexer = (entry) => {
  const text = formatScalar(entry);
  const eq = text.indexOf('=');
  return eq < 0 ? text : text.slice(0, eq);
};
const exact: Indexer = (entry) => (isContainer(entry) ? JSON.stringify(entry) : formatScalar(entry));
const linkIndexer: Indexer = (entry) => formatScalar(entry).split(/[:=]/)[0] ?? '';
const tmpfsIndexer: Indexer = (entry) => formatScalar(entry).split(':')[0] ?? '';

function mountIndexer(defaultPath: string): Indexer {
  return (entry) => {
    if (isDict(entry))
      return entry.target !== undefined ? String(entry.target) : `${defaultPath}/${String(entry.source)}`;
    return `${defaultPath}/${formatScalar(entry)}`;
  };
}

const volumeIndexer: Indexer = (entry) => {
  if (isDict(entry)) return String(entry.target ?? '');
  const text = formatScalar(entry);
  const parts = splitVolumeSpec(text);
  return parts.length === 1 ? parts[0]! : (parts[1] ?? text);
};

const deviceIndexer: Indexer = (entry) => {
  if (isDict(entry)) return String(entry.target ?? entry.source ?? '');
  const parts = formatScalar(entry).split(':');
  return parts.length > 1 ? parts[1]! : parts[0]!;
};

const portIndexer: Indexer = (entry) => {
  if (isDict(entry)) {
    return `${String(entry.host_ip ?? '0.0.0.0')}:${String(entry.published ?? '')}:${String(entry.target)}/${String(entry.protocol ?? 'tcp')}`;
  }
  return formatScalar(entry);
};

const envFileIndexer: Indexer = (entry) => (isDict(entry) ? String(entry.path) : formatScalar(entry));

const unique: [readonly string[], Indexer][] = [
  ...[
    'annotations',
    'build.args',
    'build.additional_contexts',
    'build.labels',
    'build.platform',
    'build.platforms',
    'build.tags',
    'cap_add',
    'cap_drop',
    'deploy.labels',
    'dns',
    'dns_opt',
    'dns_search',
    'environment',
    'labels',
    'networks.*.aliases',
    'networks.*.link_local_ips',
    'profiles',
    'sysctls',
  ].map((p): [readonly string[], Indexer] => [['services', '*', ...p.split('.')], keyValue]),
  [['services', '*', 'extra_hosts'], exact],
  [['services', '*', 'build', 'extra_hosts'], exact],
  [['services', '*', 'security_opt'], exact],
  [['services', '*', 'device_cgroup_rules'], exact],
  [['services', '*', 'external_links'], exact],
  [['services', '*', 'links'], linkIndexer],
  [['services', '*', 'tmpfs'], tmpfsIndexer],
  [['services', '*', 'volumes'], volumeIndexer],
  [['services', '*', 'devices'], deviceIndexer],
  [['services', '*', 'ports'], portIndexer],
  [['services', '*', 'expose'], exact],
  [['services', '*', 'secrets'], mountIndexer('/run/secrets')],
  [['services', '*', 'configs'], mountIndexer('')],
  [['services', '*', 'env_file'], envFileIndexer],
  [['services', '*', 'label_file'], exact],
  [['networks', '*', 'labels'], keyValue],
  [['volumes', '*', 'labels'], keyValue],
];

/** Remove sequence entries redefined later (same key): the first position keeps the last value. */
export function enforceUnicity(value: unknown, path: Path = []): unknown {
  if (isDict(value)) {
    let changed = false;
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) {
      const u = enforceUnicity(v, [...path, k]);
      if (u !== v) changed = true;
      out[k] = u;
    }
    if (!changed) return value;
    copyProvenance(value, out);
    return out;
  }
  if (Array.isArray(value)) {
    const found = unique.find(([pattern]) => matches(path, pattern));
    if (!found) return value;
    const indexer = found[1];
    const out: unknown[] = [];
    const origins: (ReturnType<typeof childOrigin> | undefined)[] = [];
    const positions = new Map<string, number>();
    value.forEach((entry, i) => {
      const key = indexer(entry);
      const at = positions.get(key);
      if (at !== undefined) {
        out[at] = entry;
        origins[at] = childOrigin(value, i);
      } else {
        positions.set(key, out.length);
        out.push(entry);
        origins.push(childOrigin(value, i));
      }
    });
    if (out.length === value.length && out.every((e, i) => e === value[i])) return value;
    setOrigin(out, originOf(value));
    origins.forEach((o, i) => {
      setChildOrigin(out, i, o);
    });
    return out;
  }
  return value;
}

/**
 * Split a short volume spec `[source:]target[:mode]` on colons, keeping Windows drive letters
 * (`C:\data:/data`) and named pipes together.
 */
export function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch === ':') {
      // A drive letter: a single letter followed by ":\" or ":/" at the start of a part.
      const next = spec[i + 1];
      const driveLetter = /^[A-Za-z]$/.test(current) && parts.length === 0;
      if (driveLetter && (next === '\\' || (next === '/' && spec[spec.indexOf(':', i + 1) + 1] === '/'))) {
        current += ch;
        continue;
      }
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}
