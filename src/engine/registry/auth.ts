import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOCKER_HUB } from './reference.js';

/** One `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parse a `WWW-Authenticate` value (RFC 7235 auth-params; quoted strings may hold commas, as scopes like
 * `repository:a:pull,push` do). Only the first challenge is read: registries send one.
 */
export function parseChallenge(header: string): AuthChallenge | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let rest = m[2]!;
  const param = /^\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/s;
  for (let p = param.exec(rest); p; p = param.exec(rest)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
    rest = rest.slice(p[0].length);
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** What ~/.docker/config.json offers for one registry. */
export interface StoredCredentials {
  readonly credentials?: Credentials;
  /**
   * Set when the config delegates this registry to a credential helper (`credsStore` / `credHelpers`), which
   * dockwright does not run: the reason is reported when the registry then refuses anonymous access.
   */
  readonly helper?: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** `https://index.docker.io/v1/` → `index.docker.io`: the host part of an `auths` key. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

function hostsFor(registry: string): string[] {
  return registry === DOCKER_HUB ? ['index.docker.io', 'docker.io', 'registry-1.docker.io'] : [registry];
}

/** Credentials for `registry` (`docker.io`, `ghcr.io`, `localhost:5000`) from a parsed Docker config. */
export function credentialsFromConfig(config: DockerConfigFile, registry: string): StoredCredentials {
  const hosts = hostsFor(registry);
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!hosts.includes(keyHost(key))) continue;
    if (entry.username && entry.password)
      return { credentials: { username: entry.username, password: entry.password } };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0)
        return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    }
  }
  const helper =
    Object.entries(config.credHelpers ?? {}).find(([k]) => hosts.includes(keyHost(k)))?.[1] ??
    config.credsStore;
  return helper ? { helper } : {};
}

/** `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`, as the Docker CLI looks for it. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  return env.HOME ? join(env.HOME, '.docker', 'config.json') : undefined;
}

/** Read the Docker config once; a missing or unreadable file means no stored credentials. */
export async function loadDockerConfig(path: string | undefined): Promise<DockerConfigFile> {
  if (!path) return {};
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as DockerConfigFile) : {};
  } catch {
    return {};
  }
}
