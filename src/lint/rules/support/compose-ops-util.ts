/**
 * Shared helpers for the Compose operations rules (healthchecks, restart, limits, volumes…).
 * Everything here is synchronous: compose rules run after the (async) loader.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isCollection, isMap, isPair, isScalar, isSeq, visit, type Node as YamlNode } from 'yaml';
import type { Range } from '../../../core/source.js';
import type { ComposeProject } from '../../../parse/compose/loader.js';
import type { ComposeService, HealthcheckConfig } from '../../../parse/compose/model.js';
import { normalizeImageRef, parseDockerfile, parseImageRef } from '../../../parse/dockerfile/index.js';

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- images -----------------------------------------------------------------------------------

export interface ImageInfo {
  /** `docker.io/library/postgres` → `postgres`; `bitnami/redis` → `bitnami/redis`; registry dropped. */
  readonly path: string;
  /** The last path component (`postgres`, `server` for mssql/server). */
  readonly last: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly hasVariables: boolean;
}

export function imageInfo(image: string | undefined): ImageInfo | undefined {
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  const ref = parseImageRef(image.trim());
  const norm = normalizeImageRef({ ...ref, tag: ref.tag ?? 'x' });
  const path = (norm.path.startsWith('library/') ? norm.path.slice(8) : norm.path).toLowerCase();
  return {
    path,
    last: path.split('/').at(-1) ?? path,
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
    hasVariables: ref.hasVariables,
  };
}

/**
 * Images whose published Dockerfile defines a HEALTHCHECK (checked in their upstream sources).
 * Matched on the path without registry. Users add their own with the rule option.
 */
export const IMAGES_WITH_HEALTHCHECK: readonly string[] = [
  'pihole/pihole',
  'vaultwarden/server',
  'jellyfin/jellyfin',
  'plexinc/pms-docker',
  'louislam/uptime-kuma',
  'authelia/authelia',
  'gitlab/gitlab-ce',
  'gitlab/gitlab-ee',
  'syncthing/syncthing',
  'immich-app/immich-server',
];

export function imageDefinesHealthcheck(image: string | undefined, extra: readonly string[] = []): boolean {
  const info = imageInfo(image);
  if (!info) return false;
  return [...IMAGES_WITH_HEALTHCHECK, ...extra].some((known) => {
    const k = known.toLowerCase();
    return info.path === k || info.path.endsWith(`/${k}`);
  });
}

// ---- databases ---------------------------------------------------------------------------------

export interface DatabaseKind {
  readonly kind: string;
  /** Paths where the image keeps its data; a mount at one of them (or a parent) keeps the data. */
  readonly paths: readonly string[];
}

const DATABASES: readonly { match: (info: ImageInfo) => boolean; kind: DatabaseKind }[] = [
  {
    match: (i) => ['postgres', 'postgis', 'timescaledb', 'timescaledb-ha', 'pgvector'].includes(i.last),
    kind: { kind: 'PostgreSQL', paths: ['/var/lib/postgresql/data', '/var/lib/postgresql'] },
  },
  {
    match: (i) => ['mysql', 'mariadb', 'percona', 'percona-server', 'mysql-server'].includes(i.last),
    kind: { kind: 'MySQL/MariaDB', paths: ['/var/lib/mysql'] },
  },
  {
    match: (i) => ['mongo', 'mongodb-community-server'].includes(i.last),
    kind: { kind: 'MongoDB', paths: ['/data/db'] },
  },
  {
    match: (i) => ['redis', 'valkey', 'redis-stack-server', 'redis-stack', 'keydb'].includes(i.last),
    kind: { kind: 'Redis', paths: ['/data'] },
  },
  {
    match: (i) => i.last === 'elasticsearch',
    kind: { kind: 'Elasticsearch', paths: ['/usr/share/elasticsearch/data'] },
  },
  {
    match: (i) => i.last === 'opensearch',
    kind: { kind: 'OpenSearch', paths: ['/usr/share/opensearch/data'] },
  },
  { match: (i) => i.last === 'rabbitmq', kind: { kind: 'RabbitMQ', paths: ['/var/lib/rabbitmq'] } },
  { match: (i) => i.last === 'minio', kind: { kind: 'MinIO', paths: ['/data'] } },
  {
    match: (i) => i.last === 'clickhouse-server' || i.path === 'clickhouse/clickhouse',
    kind: { kind: 'ClickHouse', paths: ['/var/lib/clickhouse'] },
  },
  { match: (i) => i.last === 'cassandra', kind: { kind: 'Cassandra', paths: ['/var/lib/cassandra'] } },
  { match: (i) => i.last === 'couchdb', kind: { kind: 'CouchDB', paths: ['/opt/couchdb/data'] } },
  { match: (i) => i.last === 'neo4j', kind: { kind: 'Neo4j', paths: ['/data'] } },
  { match: (i) => i.path.endsWith('mssql/server'), kind: { kind: 'SQL Server', paths: ['/var/opt/mssql'] } },
];

/** The database a service runs, by its image (bitnami images keep everything under /bitnami). */
export function databaseOf(service: ComposeService): DatabaseKind | undefined {
  const info = imageInfo(service.image);
  if (!info) return undefined;
  const found = DATABASES.find((d) => d.match(info));
  if (!found) return undefined;
  if (info.path.startsWith('bitnami/')) return { kind: found.kind.kind, paths: ['/bitnami'] };
  return found.kind;
}

// ---- long-running services ----------------------------------------------------------------------

/** Profiles that mark on-demand tools and jobs rather than the running stack. */
export const JOB_PROFILES = new Set([
  'tools',
  'tool',
  'tooling',
  'job',
  'jobs',
  'cli',
  'admin',
  'debug',
  'test',
  'tests',
  'testing',
  'setup',
  'init',
  'migrate',
  'migration',
  'migrations',
  'seed',
  'backup',
  'maintenance',
  'manual',
  'oneshot',
  'once',
  'task',
  'tasks',
  'scripts',
  'utils',
  'util',
]);

/** Service names that say "run once": `migrate`, `db-init`, `seed_data`, `setup`… */
const JOB_NAME =
  /(?:^|[-_.])(?:init|migrate|migrations?|seed|seeder|setup|bootstrap|createbuckets?|provision(?:er)?)(?:$|[-_.])/i;

/**
 * Why a service is a one-shot job rather than a long-running one, or undefined when it runs
 * for good. Heuristic, in this order: `restart: "no"` written explicitly, `deploy.restart_policy.condition:
 * none`, a `*-job` deploy mode, zero replicas, another service waiting for it with
 * `service_completed_successfully`, only job-like profiles (tools, debug, migrate…), or a job-like name.
 */
export function oneShotReason(
  name: string,
  service: ComposeService,
  all: Readonly<Record<string, ComposeService>>,
): string | undefined {
  if (service.restart === 'no') return 'restart: "no"';
  const deploy = isDict(service.deploy) ? service.deploy : {};
  const policy = isDict(deploy.restart_policy) ? deploy.restart_policy : {};
  if (policy.condition === 'none') return 'deploy.restart_policy.condition: none';
  if (typeof deploy.mode === 'string' && deploy.mode.endsWith('-job')) return `deploy.mode: ${deploy.mode}`;
  if (service.scale === 0 || deploy.replicas === 0) return 'zero replicas';
  for (const [other, s] of Object.entries(all)) {
    if (other !== name && s.depends_on?.[name]?.condition === 'service_completed_successfully') {
      return `"${other}" waits for it to complete`;
    }
  }
  const profiles = (service.profiles ?? []).map((p) => String(p).toLowerCase());
  if (profiles.length > 0 && profiles.every((p) => JOB_PROFILES.has(p)))
    return `profiles: ${profiles.join(', ')}`;
  if (JOB_NAME.test(name)) return 'its name';
  return undefined;
}

// ---- healthchecks -----------------------------------------------------------------------------

export type HealthSource =
  | { readonly kind: 'compose' }
  | { readonly kind: 'dockerfile'; readonly file: string }
  | { readonly kind: 'image'; readonly image: string }
  | { readonly kind: 'disabled'; readonly how: string };

/** The compose healthcheck, when it is switched off (`disable: true` or `test: [NONE]`). */
export function disabledHow(hc: HealthcheckConfig | undefined): string | undefined {
  if (!hc) return undefined;
  if (hc.disable === true) return 'healthcheck.disable: true';
  if (Array.isArray(hc.test) && String(hc.test[0]).toUpperCase() === 'NONE')
    return 'healthcheck.test: ["NONE"]';
  return undefined;
}

export function hasComposeTest(hc: HealthcheckConfig | undefined): boolean {
  return !!hc && Array.isArray(hc.test) && hc.test.length > 0 && String(hc.test[0]).toUpperCase() !== 'NONE';
}

export function isRemoteContext(context: string): boolean {
  return (
    /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/i.test(context) || /\.git(?:#|$)/.test(context)
  );
}

/** The Dockerfile path of a local build, or undefined (remote context, inline Dockerfile). */
export function dockerfilePath(service: ComposeService): string | undefined {
  const build = service.build;
  if (!build || typeof build.context !== 'string' || isRemoteContext(build.context)) return undefined;
  if (typeof build.dockerfile_inline === 'string') return undefined;
  const file =
    typeof build.dockerfile === 'string' && build.dockerfile !== '' ? build.dockerfile : 'Dockerfile';
  return isAbsolute(file) ? file : resolve(build.context, file);
}

const dockerfileCache = new Map<string, 'cmd' | 'none' | 'absent' | 'unknown'>();

/**
 * What the Dockerfile of a build says about HEALTHCHECK in the stage Compose builds
 * (`build.target`, else the last), following `FROM <stage>` chains: `cmd` (defines one),
 * `none` (HEALTHCHECK NONE), `absent` (no HEALTHCHECK; the base image may still have one) or
 * `unknown` (no readable Dockerfile).
 */
export function dockerfileHealthcheck(service: ComposeService): 'cmd' | 'none' | 'absent' | 'unknown' {
  const build = service.build;
  if (!build) return 'unknown';
  let text: string | undefined;
  let key: string;
  if (typeof build.dockerfile_inline === 'string') {
    text = build.dockerfile_inline;
    key = `inline\0${text}`;
  } else {
    const path = dockerfilePath(service);
    if (!path) return 'unknown';
    key = path;
  }
  key += `\0${build.target ?? ''}`;
  const cached = dockerfileCache.get(key);
  if (cached) return cached;
  let result: 'cmd' | 'none' | 'absent' | 'unknown' = 'unknown';
  try {
    if (text === undefined) {
      const path = dockerfilePath(service)!;
      if (existsSync(path) && statSync(path).isFile()) text = readFileSync(path, 'utf8');
    }
    if (text !== undefined) result = healthcheckInDockerfile(text, build.target);
  } catch {
    result = 'unknown';
  }
  dockerfileCache.set(key, result);
  return result;
}

function healthcheckInDockerfile(
  text: string,
  target: string | undefined,
): 'cmd' | 'none' | 'absent' | 'unknown' {
  const ast = parseDockerfile(text);
  // Split instructions into stages by FROM.
  const stages: { name?: string; base?: string; health?: 'cmd' | 'none' }[] = [];
  for (const ins of ast.instructions) {
    if (ins.keyword === 'FROM') {
      stages.push({
        ...(ins.stageName?.value ? { name: ins.stageName.value.toLowerCase() } : {}),
        ...(ins.image?.raw ? { base: ins.image.raw.toLowerCase() } : {}),
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage || ins.keyword !== 'HEALTHCHECK') continue;
    const kind = ins.kind?.value.toUpperCase();
    stage.health = kind === 'NONE' ? 'none' : 'cmd';
  }
  if (stages.length === 0) return 'unknown';
  let index = target ? stages.findIndex((s) => s.name === target.toLowerCase()) : stages.length - 1;
  if (index < 0) return 'unknown';
  for (let hops = 0; hops < stages.length; hops++) {
    const stage = stages[index]!;
    if (stage.health) return stage.health;
    const base = stage.base;
    const parent = base === undefined ? -1 : stages.findIndex((s, i) => i < index && s.name === base);
    if (parent < 0) return 'absent';
    index = parent;
  }
  return 'absent';
}

/**
 * Where a service's healthcheck comes from: the compose file, its Dockerfile, an image known to
 * define one; `disabled` when switched off; undefined when none is known.
 */
export function healthSource(
  service: ComposeService,
  extraImages: readonly string[] = [],
): HealthSource | undefined {
  const off = disabledHow(service.healthcheck);
  if (off) return { kind: 'disabled', how: off };
  if (hasComposeTest(service.healthcheck)) return { kind: 'compose' };
  if (service.build) {
    const fromFile = dockerfileHealthcheck(service);
    if (fromFile === 'cmd')
      return { kind: 'dockerfile', file: basename(dockerfilePath(service) ?? 'Dockerfile') };
    if (fromFile === 'none') return { kind: 'disabled', how: 'HEALTHCHECK NONE in the Dockerfile' };
  }
  if (!service.build && imageDefinesHealthcheck(service.image, extraImages)) {
    return { kind: 'image', image: service.image! };
  }
  return undefined;
}

/** The WORKDIR the built stage ends with (following `FROM <stage>` chains), or undefined when unknown. */
export function dockerfileWorkdir(service: ComposeService): string | undefined {
  const build = service.build;
  if (!build) return undefined;
  let text: string | undefined =
    typeof build.dockerfile_inline === 'string' ? build.dockerfile_inline : undefined;
  try {
    if (text === undefined) {
      const path = dockerfilePath(service);
      if (path && existsSync(path) && statSync(path).isFile()) text = readFileSync(path, 'utf8');
    }
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  const ast = parseDockerfile(text);
  const stages: { name?: string; base?: string; dirs: string[] }[] = [];
  for (const ins of ast.instructions) {
    if (ins.keyword === 'FROM') {
      stages.push({
        ...(ins.stageName?.value ? { name: ins.stageName.value.toLowerCase() } : {}),
        ...(ins.image?.raw ? { base: ins.image.raw.toLowerCase() } : {}),
        dirs: [],
      });
    } else if (ins.keyword === 'WORKDIR' && stages.length > 0 && ins.path) {
      stages.at(-1)!.dirs.push(ins.path.value);
    }
  }
  let index = build.target
    ? stages.findIndex((s) => s.name === String(build.target).toLowerCase())
    : stages.length - 1;
  if (index < 0) return undefined;
  const chain: string[][] = [];
  for (let hops = 0; hops < stages.length && index >= 0; hops++) {
    const stage = stages[index]!;
    chain.unshift(stage.dirs);
    const base = stage.base;
    index = base === undefined ? -1 : stages.findIndex((s, i) => i < index && s.name === base);
  }
  let dir: string | undefined;
  for (const d of chain.flat()) {
    if (d.includes('$')) return undefined;
    dir = d.startsWith('/') ? d : `${dir ?? '/'}/${d}`;
  }
  return dir?.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

// ---- durations ---------------------------------------------------------------------------------

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration (`1m30s`, `500ms`) in milliseconds, or undefined. */
export function parseDuration(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = text.trim();
  if (clean === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === clean.length && matched > 0 ? total : undefined;
}

// ---- YAML ----------------------------------------------------------------------------------------

/** The YAML node of a file whose value range starts and ends at `range`. */
export function nodeAtRange(project: ComposeProject, file: string, range: Range): YamlNode | undefined {
  const doc = project.files.find((f) => f.path === file)?.document;
  if (!doc) return undefined;
  let found: YamlNode | undefined;
  visit(doc, (_key, node) => {
    if (isPair(node)) return undefined;
    const r = (node as YamlNode).range;
    if (r && r[0] === range.start && r[1] === range.end && (isScalar(node) || isCollection(node))) {
      found = node as YamlNode;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

export { isMap, isScalar, isSeq };

/** Whether `child` is `parent` or inside it (absolute paths). */
export function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export { join };
