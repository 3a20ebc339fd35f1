import { createHash } from 'node:crypto';
import { DockwrightError } from '../../core/errors.js';
import { type Credentials, parseChallenge, type StoredCredentials } from './auth.js';
import { type ImageReference, isLoopbackRegistry, parseImageReference } from './reference.js';

/**
 * What a manifest request accepts, index types first: a multi-arch tag must resolve to its index (what
 * `docker pull` records as the repo digest), not to the one platform's manifest a registry would otherwise pick.
 */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export type RegistryFailure = 'unreachable' | 'timeout' | 'unauthorized' | 'not-found' | 'protocol';

/** A registry lookup that failed, with the kind the resolver uses to decide on a fallback. */
export class RegistryError extends DockwrightError {
  override readonly name = 'RegistryError';
  constructor(
    readonly kind: RegistryFailure,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

export interface RegistryClientOptions {
  /** Test seam; default: Node's global fetch. */
  readonly fetch?: typeof fetch;
  /** Per request (manifest or token), default 15 s. */
  readonly timeoutMs?: number;
  /** Stored credentials per registry (`docker.io`, `ghcr.io`…); default: none (anonymous). */
  readonly credentials?: (registry: string) => Promise<StoredCredentials>;
  /** Hosts that may fall back to plain HTTP after HTTPS fails to connect; default: loopback, as dockerd does. */
  readonly plainHttp?: (host: string) => boolean;
}

const SHA256 = /^sha256:[0-9a-f]{64}$/;

function networkFailure(error: unknown, url: string, timeoutMs: number): RegistryError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new RegistryError('timeout', `no answer from ${url} within ${Math.round(timeoutMs / 1000)}s`);
  const why = e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  return new RegistryError('unreachable', `cannot reach ${new URL(url).host}: ${why}`);
}

/** The registry's own explanation from a `{"errors":[{"code","message"}]}` body, when it sent one. */
async function registryMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    const first = errors[0];
    if (first) return `${first.code ?? ''}${first.message ? `: ${first.message}` : ''}`;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 200);
}

function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/**
 * A minimal OCI distribution client with one job: the digest `docker pull name:tag` would record as the repo
 * digest. HEAD /v2/<repo>/manifests/<tag> and read `Docker-Content-Digest`; GET and hash the body when a registry
 * leaves the header out. Anonymous or basic-auth Bearer tokens (the token flow of the distribution spec).
 */
export class RegistryClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly credentials: (registry: string) => Promise<StoredCredentials>;
  private readonly plainHttp: (host: string) => boolean;
  /** `Authorization` values that worked, per `host/repository`, so the next tag of a repository skips the 401. */
  private readonly authorization = new Map<string, string>();
  private readonly schemes = new Map<string, Promise<'https' | 'http'>>();

  constructor(options: RegistryClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.credentials = options.credentials ?? (async () => ({}));
    this.plainHttp = options.plainHttp ?? isLoopbackRegistry;
  }

  /** `sha256:…` of the top-level manifest (the index for multi-arch tags). */
  async resolveDigest(image: string): Promise<string> {
    const ref = parseImageReference(image);
    if (ref.digest) return ref.digest;
    const scheme = await this.scheme(ref.apiHost);
    const url = `${scheme}://${ref.apiHost}/v2/${ref.repository}/manifests/${ref.tag}`;
    let response = await this.manifestRequest('HEAD', url, ref);
    // A registry without HEAD support, or one that leaves the header out: hash what GET returns.
    const headerDigest = response.ok ? response.headers.get('docker-content-digest') : null;
    if (response.status === 405 || (response.ok && !headerDigest)) {
      response = await this.manifestRequest('GET', url, ref);
      if (response.ok) {
        const body = Buffer.from(await this.read(response, url));
        return `sha256:${createHash('sha256').update(body).digest('hex')}`;
      }
    }
    if (response.ok) {
      if (!SHA256.test(headerDigest!))
        throw new RegistryError(
          'protocol',
          `${ref.apiHost} answered ${image} with digest '${headerDigest}', not a sha256 digest`,
        );
      return headerDigest!;
    }
    throw await this.failure(response, ref);
  }

  private async failure(response: Response, ref: ImageReference): Promise<RegistryError> {
    const detail = await registryMessage(response);
    const name = `${ref.registry}/${ref.repository}:${ref.tag}`;
    if (response.status === 404)
      return new RegistryError('not-found', `${name} does not exist${detail ? ` (${detail})` : ''}`);
    if (response.status === 401 || response.status === 403) {
      const stored = await this.credentials(ref.registry);
      return new RegistryError(
        'unauthorized',
        `${ref.registry} refused ${stored.credentials ? 'the stored credentials' : 'anonymous access'} to ${ref.repository} (HTTP ${response.status}${detail ? `: ${detail}` : ''})`,
        stored.helper
          ? `credentials for ${ref.registry} are in the '${stored.helper}' credential helper, which dockwright does not run; pass the digest with --digest`
          : `log in with 'docker login ${ref.registry}' (basic auth in ~/.docker/config.json is used) or pass the digest with --digest`,
      );
    }
    return new RegistryError(
      'protocol',
      `${ref.apiHost} answered HTTP ${response.status} for ${name}${detail ? `: ${detail}` : ''}`,
    );
  }

  private async manifestRequest(method: 'HEAD' | 'GET', url: string, ref: ImageReference): Promise<Response> {
    const key = `${ref.apiHost}/${ref.repository}`;
    const cached = this.authorization.get(key);
    const response = await this.send(url, method, cached);
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
    await response.body?.cancel();
    if (!challenge) return response;
    const authorization = await this.authorize(challenge, ref);
    if (authorization === undefined || authorization === cached) return this.send(url, method, cached);
    const retried = await this.send(url, method, authorization);
    if (retried.status !== 401) this.authorization.set(key, authorization);
    return retried;
  }

  /** The `Authorization` value answering a challenge, or undefined when there is nothing to offer. */
  private async authorize(
    challenge: { scheme: string; params: Readonly<Record<string, string>> },
    ref: ImageReference,
  ) {
    const stored = await this.credentials(ref.registry);
    if (challenge.scheme === 'basic') return stored.credentials ? basic(stored.credentials) : undefined;
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) return undefined;
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
    // Credentials go to the token service only over TLS (or to a loopback one), never in clear over the network.
    const mayCarry = realm.protocol === 'https:' || isLoopbackRegistry(realm.host);
    const auth = stored.credentials && mayCarry ? basic(stored.credentials) : undefined;
    const response = await this.send(realm.toString(), 'GET', auth);
    if (!response.ok) {
      const detail = await registryMessage(response);
      throw new RegistryError(
        response.status === 401 || response.status === 403 ? 'unauthorized' : 'protocol',
        `token service ${realm.host} refused a pull token for ${ref.repository} (HTTP ${response.status}${detail ? `: ${detail}` : ''})`,
        stored.helper
          ? `credentials for ${ref.registry} are in the '${stored.helper}' credential helper, which dockwright does not run; pass the digest with --digest`
          : undefined,
      );
    }
    let token: unknown;
    try {
      const body = JSON.parse(Buffer.from(await this.read(response, realm.toString())).toString('utf8')) as {
        token?: unknown;
        access_token?: unknown;
      };
      token = body.token ?? body.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '')
      throw new RegistryError('protocol', `token service ${realm.host} answered without a token`);
    return `Bearer ${token}`;
  }

  private async send(url: string, method: string, authorization?: string): Promise<Response> {
    try {
      return await this.fetch(url, {
        method,
        headers: { Accept: MANIFEST_ACCEPT, ...(authorization ? { Authorization: authorization } : {}) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw networkFailure(error, url, this.timeoutMs);
    }
  }

  private async read(response: Response, url: string): Promise<ArrayBuffer> {
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw networkFailure(error, url, this.timeoutMs);
    }
  }

  /** HTTPS, or plain HTTP for a loopback registry that does not speak TLS (decided once per host). */
  private scheme(host: string): Promise<'https' | 'http'> {
    if (!this.plainHttp(host)) return Promise.resolve('https');
    let known = this.schemes.get(host);
    if (!known) {
      known = this.send(`https://${host}/v2/`, 'GET').then(
        async (r) => {
          await r.body?.cancel();
          return 'https' as const;
        },
        () => 'http' as const,
      );
      this.schemes.set(host, known);
    }
    return known;
  }
}
