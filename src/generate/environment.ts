import type { AppFacts, EnvVarFacts } from '../detect/types.js';
import type { EnvExampleModel, EnvVariable } from './model/files.js';
import type { BackingService } from './services.js';
import type { StackPlan } from './types.js';

/**
 * What the app's environment variables should be inside the Compose stack, and `.env.example` documenting every
 * variable the code reads.
 */

export interface Connection {
  readonly value: string;
  /** Holds a password: comes from .env, never from compose.yaml. */
  readonly secret: boolean;
  readonly service: string;
}

const PLACEHOLDER = 'change-me';

function pick(services: readonly BackingService[], ...names: string[]): BackingService | undefined {
  for (const n of names) {
    const s = services.find((x) => x.name === n);
    if (s) return s;
  }
  return undefined;
}

/** What a variable should be inside the Compose stack, when its name says which service it points at. */
export function connectionFor(name: string, services: readonly BackingService[]): Connection | undefined {
  const n = name.toUpperCase();
  const family = (prefix: string): BackingService | undefined => {
    if (/MONGO/.test(prefix)) return pick(services, 'mongodb');
    if (/MYSQL|MARIA/.test(prefix)) return pick(services, 'mysql', 'mariadb');
    if (/POSTGRES|^PG/.test(prefix)) return pick(services, 'postgres');
    if (/REDIS|VALKEY|CACHE/.test(prefix)) return pick(services, 'redis', 'valkey');
    if (/AMQP|RABBIT/.test(prefix)) return pick(services, 'rabbitmq');
    if (/KAFKA/.test(prefix)) return pick(services, 'kafka');
    if (/NATS/.test(prefix)) return pick(services, 'nats');
    if (/MINIO|S3/.test(prefix)) return pick(services, 'minio');
    if (/ELASTIC|^ES$/.test(prefix)) return pick(services, 'elasticsearch');
    if (/OPENSEARCH/.test(prefix)) return pick(services, 'opensearch');
    if (/MEMCACHE/.test(prefix)) return pick(services, 'memcached');
    if (/^(DB|DATABASE)$/.test(prefix)) return pick(services, 'postgres', 'mysql', 'mariadb', 'mongodb');
    return undefined;
  };
  const m =
    /^(.*?)_?(URL|URI|DSN|HOST|HOSTNAME|PORT|BROKERS|BOOTSTRAP_SERVERS|ENDPOINT|PASSWORD|USER|USERNAME|NAME)$/.exec(
      n,
    );
  if (!m) return undefined;
  const [, prefix = '', what] = m;
  const service = family(prefix);
  if (!service) return undefined;
  const [host, port] = service.address.split(':') as [string, string];
  switch (what) {
    case 'URL':
    case 'URI':
    case 'DSN':
    case 'ENDPOINT':
      if (!service.url) return { value: service.address, secret: false, service: service.name };
      return {
        value: service.url.replace('PASSWORD', PLACEHOLDER),
        secret: service.url.includes('PASSWORD'),
        service: service.name,
      };
    case 'HOST':
    case 'HOSTNAME':
      return { value: host, secret: false, service: service.name };
    case 'PORT':
      return { value: port, secret: false, service: service.name };
    case 'BROKERS':
    case 'BOOTSTRAP_SERVERS':
      return { value: service.address, secret: false, service: service.name };
    case 'PASSWORD':
      return Object.keys(service.secrets).length
        ? { value: PLACEHOLDER, secret: true, service: service.name }
        : undefined;
    case 'USER':
    case 'USERNAME':
    case 'NAME':
      return { value: 'app', secret: false, service: service.name };
    default:
      return undefined;
  }
}

const EXAMPLE_FILE = /(^|\/)\.env\.(example|sample|template|dist|defaults)$|(^|\/)\.env-example$/;

/** Where the code reads it; example env files are listings, not readers (and init writes one itself). */
export function readers(e: EnvVarFacts): string[] {
  return e.sources.filter((s) => !EXAMPLE_FILE.test(s));
}

function envDescription(e: EnvVarFacts, inCompose: Connection | undefined): string[] {
  const code = readers(e);
  const lines = [
    code.length ? `Read by ${code.slice(0, 3).join(', ')}.` : 'Listed in the project’s example env file.',
  ];
  if (inCompose && !inCompose.secret)
    lines.push(`compose.yaml sets it to ${inCompose.value} inside the stack.`);
  if (inCompose?.secret)
    lines.push(
      `Points at the ${inCompose.service} service; use the password from secrets/ (see README.Docker.md).`,
    );
  if (e.secret)
    lines.push('Secret: keep real values in .env (git-ignored) or a secret store, never in the image.');
  return lines;
}

/**
 * `.env.example`: every variable the code reads, then the image's runtime defaults. Stable when init reads its
 * own output back: a variable only listed in an example file that the image sets stays a runtime default.
 */
export function envExample(
  app: AppFacts,
  services: readonly BackingService[],
  stack: StackPlan,
): EnvExampleModel {
  const detected: EnvVariable[] = [];
  const listed: EnvVariable[] = [];
  const seen = new Set<string>();
  for (const e of [...app.env].sort((a, b) => a.name.localeCompare(b.name))) {
    const fromCode = readers(e).length > 0;
    if (!fromCode && e.name in stack.environment) continue;
    seen.add(e.name);
    const conn = connectionFor(e.name, services);
    const value =
      e.name === 'PORT' && stack.port !== null
        ? String(stack.port)
        : (conn?.value ?? (e.secret ? '' : (e.example ?? '')));
    const v = {
      name: e.name,
      value,
      description: envDescription(e, conn),
      secret: e.secret || conn?.secret === true,
    };
    (fromCode ? detected : listed).push(v);
  }
  const image: EnvVariable[] = Object.entries(stack.environment)
    .filter(([k]) => !seen.has(k))
    .map(([name, value]) => ({
      name,
      value,
      description: ['Set by the image (Dockerfile ENV); override here or in compose.yaml.'],
      secret: false,
    }));
  return {
    header: [
      'Every environment variable the app reads, documented. Copy to .env and fill in; .env is git- and docker-ignored.',
      'Generated by dockwright init from the variables found in the code and example env files.',
    ],
    sections: [
      ...(detected.length ? [{ title: 'Read by the app', variables: detected }] : []),
      ...(listed.length ? [{ title: 'Listed in the example env file', variables: listed }] : []),
      ...(image.length ? [{ title: 'Runtime defaults from the image', variables: image }] : []),
    ],
  };
}
