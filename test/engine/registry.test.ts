/**
 * The registry client without a network: reference normalisation, challenge and credential parsing, and the
 * manifest/token flows against an in-process HTTP server (real sockets, scripted answers).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  createDigestResolver,
  credentialsFromConfig,
  dockerConfigPath,
  engineRepoDigest,
  isLoopbackRegistry,
  MANIFEST_ACCEPT,
  mapLimit,
  parseChallenge,
  parseImageReference,
  pickRepoDigest,
  RegistryClient,
  RegistryError,
  repositoryKey,
} from '../../src/engine/registry/index.js';
import { type FakeServer, fakeServer, freePort, sha256 } from './registry-local.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('parseImageReference (Docker normalisation)', () => {
  it.each([
    ['node', 'docker.io', 'registry-1.docker.io', 'library/node', 'latest'],
    ['node:20-bookworm-slim', 'docker.io', 'registry-1.docker.io', 'library/node', '20-bookworm-slim'],
    ['docker.io/library/node:20', 'docker.io', 'registry-1.docker.io', 'library/node', '20'],
    ['index.docker.io/node:20', 'docker.io', 'registry-1.docker.io', 'library/node', '20'],
    ['bitnami/redis:7.4', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7.4'],
    [
      'nginxinc/nginx-unprivileged:1.28-alpine',
      'docker.io',
      'registry-1.docker.io',
      'nginxinc/nginx-unprivileged',
      '1.28-alpine',
    ],
    [
      'gcr.io/distroless/nodejs20-debian12:nonroot',
      'gcr.io',
      'gcr.io',
      'distroless/nodejs20-debian12',
      'nonroot',
    ],
    ['ghcr.io/acme/app', 'ghcr.io', 'ghcr.io', 'acme/app', 'latest'],
    ['localhost/app:1', 'localhost', 'localhost', 'app', '1'],
    ['localhost:5000/team/app:2', 'localhost:5000', 'localhost:5000', 'team/app', '2'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', '127.0.0.1:5000', 'app', 'latest'],
    ['Registry/app', 'Registry', 'Registry', 'app', 'latest'],
  ])('%s', (raw, registry, apiHost, repository, tag) => {
    expect(parseImageReference(raw)).toEqual({ raw, registry, apiHost, repository, tag });
  });

  it('keeps a digest, with or without a tag', () => {
    expect(parseImageReference(`node:20@${D1}`)).toMatchObject({
      repository: 'library/node',
      tag: '20',
      digest: D1,
    });
    const digestOnly = parseImageReference(`node@${D1}`);
    expect(digestOnly.digest).toBe(D1);
    expect(digestOnly.tag).toBeUndefined();
  });

  it.each(['', ' node', 'Node:20', 'node:bad tag', 'node@sha256:zz', 'a//b', 'node:-x'])(
    'rejects %j',
    (raw) => {
      expect(() => parseImageReference(raw)).toThrow(InputError);
    },
  );

  it('two spellings of one repository share a key', () => {
    expect(repositoryKey(parseImageReference('node:20'))).toBe(
      repositoryKey(parseImageReference('docker.io/library/node')),
    );
    expect(repositoryKey(parseImageReference('node'))).not.toBe(
      repositoryKey(parseImageReference('gcr.io/node')),
    );
  });

  it('loopback registries (dockerd trusts them over plain HTTP)', () => {
    expect(
      ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000'].map(isLoopbackRegistry),
    ).toEqual([true, true, true, true, true]);
    expect(['gcr.io', 'registry.local:5000', '10.0.0.1:5000', '128.0.0.1'].some(isLoopbackRegistry)).toBe(
      false,
    );
  });
});

describe('parseChallenge', () => {
  it('Bearer with quoted params, a comma inside the scope, and mixed case', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",Service="registry.docker.io", scope="repository:library/node:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/node:pull,push',
      },
    });
  });
  it('Basic, unquoted values and escapes', () => {
    expect(parseChallenge('Basic realm=Registry')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry' },
    });
    expect(parseChallenge('Bearer realm="a\\"b"')?.params.realm).toBe('a"b');
  });
  it('nothing usable', () => {
    expect(parseChallenge('')).toBeUndefined();
  });
});

describe('Docker config credentials', () => {
  const auth = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString('base64');
  it('Docker Hub under its legacy key, and other registries by host with or without a scheme', () => {
    const config = {
      auths: {
        'https://index.docker.io/v1/': { auth: auth('hubuser', 'hub:pass') },
        'ghcr.io': { username: 'gh', password: 'token' },
        'https://localhost:5000': { auth: auth('local', 'pw') },
      },
    };
    expect(credentialsFromConfig(config, 'docker.io')).toEqual({
      credentials: { username: 'hubuser', password: 'hub:pass' },
    });
    expect(credentialsFromConfig(config, 'ghcr.io')).toEqual({
      credentials: { username: 'gh', password: 'token' },
    });
    expect(credentialsFromConfig(config, 'localhost:5000')).toEqual({
      credentials: { username: 'local', password: 'pw' },
    });
    expect(credentialsFromConfig(config, 'gcr.io')).toEqual({});
  });
  it('reports a credential helper instead of running it', () => {
    const config = { auths: { 'ghcr.io': {} }, credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } };
    expect(credentialsFromConfig(config, 'gcr.io')).toEqual({ helper: 'gcloud' });
    expect(credentialsFromConfig(config, 'ghcr.io')).toEqual({ helper: 'desktop' });
  });
  it('config path: $DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe('/cfg/config.json');
    expect(dockerConfigPath({ HOME: '/home/u' })).toBe('/home/u/.docker/config.json');
    expect(dockerConfigPath({})).toBeUndefined();
  });
});

describe('RegistryClient against an in-process registry', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('HEADs the manifest with every manifest media type accepted, index types first, and reads Docker-Content-Digest', async () => {
    server = await fakeServer((_req, res) => {
      res.writeHead(200, {
        'Docker-Content-Digest': D1,
        'Content-Type': 'application/vnd.oci.image.index.v1+json',
      });
      res.end();
    });
    const client = new RegistryClient();
    expect(await client.resolveDigest(`${server.host}/team/app:1.2`)).toBe(D1);
    const manifest = server.requests.filter((r) => r.url.startsWith('/v2/team/'));
    expect(manifest).toHaveLength(1);
    expect(manifest[0]).toMatchObject({ method: 'HEAD', url: '/v2/team/app/manifests/1.2' });
    expect(manifest[0]!.headers.accept).toBe(MANIFEST_ACCEPT);
    expect(MANIFEST_ACCEPT.split(', ')).toEqual([
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]);
  });

  it('hashes the GET body when the registry leaves the header out (and when HEAD is not allowed)', async () => {
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}';
    server = await fakeServer((req, res) => {
      if (req.url?.includes('/nohead/') && req.method === 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' });
      res.end(req.method === 'GET' ? body : undefined);
    });
    const client = new RegistryClient();
    expect(await client.resolveDigest(`${server.host}/plain/app:1`)).toBe(sha256(body));
    expect(await client.resolveDigest(`${server.host}/nohead/app:1`)).toBe(sha256(body));
    expect(server.requests.filter((r) => r.url.startsWith('/v2/plain/')).map((r) => r.method)).toEqual([
      'HEAD',
      'GET',
    ]);
  });

  it('anonymous Bearer token flow: 401 with a challenge → token from the realm → retry; the token is reused per repository', async () => {
    server = await fakeServer((req, res, host) => {
      const url = new URL(req.url!, `http://${host}`);
      if (url.pathname === '/token') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ token: `tok-${url.searchParams.get('scope')}` }));
        return;
      }
      if (req.headers.authorization !== 'Bearer tok-repository:library/node:pull') {
        res.writeHead(401, {
          'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:library/node:pull"`,
        });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
      res.writeHead(200, { 'Docker-Content-Digest': url.pathname.endsWith('/20') ? D1 : D2 }).end();
    });
    const client = new RegistryClient();
    expect(await client.resolveDigest(`${server.host}/library/node:20`)).toBe(D1);
    expect(await client.resolveDigest(`${server.host}/library/node:22`)).toBe(D2);
    const seen = server.requests.filter((r) => r.url.startsWith('/v2/library') || r.url.startsWith('/token'));
    expect(seen.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? '-'}`)).toEqual([
      'HEAD /v2/library/node/manifests/20 -',
      'GET /token?service=fake-registry&scope=repository%3Alibrary%2Fnode%3Apull -',
      'HEAD /v2/library/node/manifests/20 Bearer tok-repository:library/node:pull',
      'HEAD /v2/library/node/manifests/22 Bearer tok-repository:library/node:pull',
    ]);
  });

  it('with stored credentials, the token request carries them as basic auth (access_token answers work too)', async () => {
    server = await fakeServer((req, res, host) => {
      const url = new URL(req.url!, `http://${host}`);
      if (url.pathname === '/auth') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
        res.end(
          ok
            ? '{"access_token":"private-token"}'
            : '{"errors":[{"code":"DENIED","message":"bad credentials"}]}',
        );
        return;
      }
      if (req.headers.authorization !== 'Bearer private-token') {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/auth",service="svc"` }).end();
        return;
      }
      res.writeHead(200, { 'Docker-Content-Digest': D1 }).end();
    });
    const withCreds = new RegistryClient({
      credentials: async (registry) =>
        registry === server!.host ? { credentials: { username: 'alice', password: 's3cret' } } : {},
    });
    expect(await withCreds.resolveDigest(`${server.host}/private/app:1`)).toBe(D1);
    // No scope in the challenge: the client asks for pull on the repository.
    expect(server.requests.find((r) => r.url.startsWith('/auth'))?.url).toBe(
      '/auth?service=svc&scope=repository%3Aprivate%2Fapp%3Apull',
    );

    const anonymous = new RegistryClient({ credentials: async () => ({ helper: 'desktop' }) });
    const error = await anonymous.resolveDigest(`${server.host}/private/app:1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect((error as RegistryError).message).toContain('DENIED: bad credentials');
    expect((error as RegistryError).hint).toContain("'desktop' credential helper");
  });

  it('Basic challenge: credentials when there are some, else an unauthorized error with the remedy', async () => {
    const good = `Basic ${Buffer.from('bob:pw').toString('base64')}`;
    server = await fakeServer((req, res) => {
      if (req.headers.authorization !== good) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Registry Realm"' }).end();
        return;
      }
      res.writeHead(200, { 'Docker-Content-Digest': D2 }).end();
    });
    const client = new RegistryClient({
      credentials: async () => ({ credentials: { username: 'bob', password: 'pw' } }),
    });
    expect(await client.resolveDigest(`${server.host}/a/b:1`)).toBe(D2);
    const error = await new RegistryClient().resolveDigest(`${server.host}/a/b:1`).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect((error as RegistryError).message).toContain('refused anonymous access to a/b (HTTP 401)');
    expect((error as RegistryError).hint).toContain('docker login');
  });

  it('a missing tag is not-found with the registry message; a non-sha256 digest is a protocol error', async () => {
    server = await fakeServer((req, res) => {
      if (req.url?.includes('/missing/')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          req.method === 'HEAD'
            ? undefined
            : '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
        );
        return;
      }
      res.writeHead(200, { 'Docker-Content-Digest': `sha512:${'a'.repeat(128)}` }).end();
    });
    const client = new RegistryClient();
    await expect(client.resolveDigest(`${server.host}/missing/app:9`)).rejects.toMatchObject({
      kind: 'not-found',
      message: `${server.host}/missing/app:9 does not exist`,
    });
    await expect(client.resolveDigest(`${server.host}/weird/app:1`)).rejects.toMatchObject({
      kind: 'protocol',
    });
  });

  it('unreachable and silent registries fail fast with the reason', async () => {
    const port = await freePort();
    await expect(new RegistryClient().resolveDigest(`127.0.0.1:${port}/a:1`)).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    server = await fakeServer(() => {
      // never answers
    });
    const t0 = Date.now();
    await expect(
      new RegistryClient({ timeoutMs: 200 }).resolveDigest(`${server.host}/a:1`),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('no answer from http://'),
    });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('Docker Hub names go to registry-1.docker.io over HTTPS; credentials never go to a plain-HTTP token realm', async () => {
    const calls: { url: string; auth: string | undefined }[] = [];
    const fetchStub: typeof fetch = async (input, init) => {
      const url = String(input);
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
      calls.push({ url, auth });
      if (url.startsWith('http://auth.example/')) return new Response('{"token":"t"}', { status: 200 });
      if (auth !== 'Bearer t')
        return new Response(null, {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer realm="http://auth.example/token"' },
        });
      return new Response(null, { status: 200, headers: { 'Docker-Content-Digest': D1 } });
    };
    const client = new RegistryClient({
      fetch: fetchStub,
      credentials: async () => ({ credentials: { username: 'u', password: 'p' } }),
    });
    expect(await client.resolveDigest('node:20-bookworm-slim')).toBe(D1);
    expect(calls.map((c) => `${c.url} ${c.auth ?? '-'}`)).toEqual([
      'https://registry-1.docker.io/v2/library/node/manifests/20-bookworm-slim -',
      'http://auth.example/token?scope=repository%3Alibrary%2Fnode%3Apull -',
      'https://registry-1.docker.io/v2/library/node/manifests/20-bookworm-slim Bearer t',
    ]);
  });
});

describe('the local engine fallback (RepoDigests)', () => {
  it('takes the repo digest of the same repository, in Docker or Podman spelling', () => {
    expect(pickRepoDigest('node:20', [`node@${D1}`])).toEqual({ ok: true, digest: D1 });
    expect(pickRepoDigest('node:20', [`docker.io/library/node@${D1}`, `mirror.local/node@${D2}`])).toEqual({
      ok: true,
      digest: D1,
    });
  });
  it('says why when there is none, or more than one', () => {
    expect(pickRepoDigest('node:20', [])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('built or loaded locally'),
    });
    expect(pickRepoDigest('node:20', [`other/node@${D1}`])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('other repositories'),
    });
    expect(pickRepoDigest('node:20', [`node@${D1}`, `node@${D2}`])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2 repo digests'),
    });
  });
  it('runs `<engine> image inspect --format {{json .RepoDigests}}`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-fake-engine-'));
    const script = join(dir, 'docker');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `echo "$@" >> ${join(dir, 'args')}`,
        'case "$5" in',
        `  node:20) echo '["node@${D1}"]' ;;`,
        `  built:1) echo '[]' ;;`,
        '  *) echo "Error: No such image: $5" >&2; exit 1 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    const cli = { command: script, env: {} };
    expect(await engineRepoDigest('node:20', cli)).toEqual({ ok: true, digest: D1 });
    expect(await engineRepoDigest('built:1', cli)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no repo digest'),
    });
    expect(await engineRepoDigest('gone:1', cli)).toEqual({
      ok: false,
      reason: 'the engine does not have the image',
    });
  });
});

describe('createDigestResolver', () => {
  it('registry first, engine when the registry fails, every reason when both fail; order kept', async () => {
    const resolve = createDigestResolver({
      registry: async (image) => {
        if (image === 'a:1') return D1;
        throw new RegistryError('unreachable', 'cannot reach registry-1.docker.io: ENOTFOUND');
      },
      engine: async (image) =>
        image === 'b:1'
          ? { ok: true, digest: D2 }
          : { ok: false, reason: 'the local image has no repo digest' },
    });
    expect(await resolve(['a:1', 'b:1', 'c:1'])).toEqual({
      resolved: [
        { image: 'a:1', digest: D1, source: 'registry' },
        { image: 'b:1', digest: D2, source: 'engine' },
      ],
      unresolved: [
        {
          image: 'c:1',
          reasons: [
            'registry: cannot reach registry-1.docker.io: ENOTFOUND',
            'engine: the local image has no repo digest',
          ],
        },
      ],
    });
  });

  it('keeps at most `concurrency` lookups in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const resolve = createDigestResolver({
      concurrency: 2,
      registry: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
        return D1;
      },
    });
    const r = await resolve(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(r.resolved.map((x) => x.image)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(most).toBe(2);
    expect(await mapLimit([3, 1, 2], 8, async (n) => n * 2)).toEqual([6, 2, 4]);
  });
});
