/**
 * Test helpers for the registry client: a tiny in-process HTTP server (scripted answers, recorded requests) and a
 * real `docker-registry` (Debian's distribution 2.8 package) started on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FakeServer {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** An HTTP server on a loopback port answering with `handler`; every request is recorded. */
export async function fakeServer(
  handler: (req: IncomingMessage, res: ServerResponse, host: string) => void,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let host = '';
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, host);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A port nothing listens on right now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export const REGISTRY_BINARY = process.env.DW_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';

/** Why the real-registry tests cannot run, or undefined when they can. */
export function registryUnavailable(): string | undefined {
  return existsSync(REGISTRY_BINARY)
    ? undefined
    : `${REGISTRY_BINARY} not found: install Debian's registry with \`apt-get install -y docker-registry\` (distribution 2.8)`;
}

export interface LocalRegistry {
  /** `127.0.0.1:<port>`: dockerd trusts loopback registries over plain HTTP. */
  readonly host: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** Start `docker-registry serve` with filesystem storage in a temp dir; resolves once `/v2/` answers. */
export async function startRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      'http:',
      `  addr: ${host}`,
      '',
    ].join('\n'),
  );
  let log = '';
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const r = await fetch(`http://${host}/v2/`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start on ${host}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { host, url: `http://${host}`, stop };
}

/** Upload a blob through the distribution API (POST an upload, PUT its content with the digest). */
export async function pushBlob(registry: string, repository: string, content: Buffer): Promise<string> {
  const digest = sha256(content);
  const start = await fetch(`${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, registry);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    body: new Uint8Array(content),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

/** PUT a manifest under `reference`; returns the registry's `Docker-Content-Digest` and ours for the bytes. */
export async function putManifest(
  registry: string,
  repository: string,
  reference: string,
  mediaType: string,
  body: string,
): Promise<{ registryDigest: string; bytesDigest: string }> {
  const r = await fetch(`${registry}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': mediaType },
  });
  if (r.status !== 201)
    throw new Error(`manifest PUT ${repository}:${reference}: HTTP ${r.status} ${await r.text()}`);
  return { registryDigest: r.headers.get('docker-content-digest') ?? '', bytesDigest: sha256(body) };
}

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

/**
 * A minimal single-platform image uploaded through the API (no engine needed): a config blob, one layer blob
 * (`marker` makes every image distinct) and a Docker v2 or OCI manifest. Returns the manifest's digest and size.
 */
export async function pushTinyImage(
  registry: string,
  repository: string,
  tag: string,
  marker: string,
  kind: 'docker' | 'oci' = 'docker',
): Promise<{ digest: string; size: number; mediaType: string }> {
  const layer = Buffer.from(`dockwright test layer ${marker}\n`);
  const layerDigest = await pushBlob(registry, repository, layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'dockwright.test.marker': marker } },
      rootfs: { type: 'layers', diff_ids: [layerDigest] },
    }),
  );
  const configDigest = await pushBlob(registry, repository, config);
  const mediaType = kind === 'docker' ? MEDIA.dockerManifest : MEDIA.ociManifest;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: kind === 'docker' ? MEDIA.dockerConfig : MEDIA.ociConfig,
      size: config.length,
      digest: configDigest,
    },
    layers: [
      {
        mediaType: kind === 'docker' ? MEDIA.dockerLayer : MEDIA.ociLayer,
        size: layer.length,
        digest: layerDigest,
      },
    ],
  });
  const { registryDigest, bytesDigest } = await putManifest(registry, repository, tag, mediaType, manifest);
  if (registryDigest !== bytesDigest) throw new Error(`registry digest ${registryDigest} != ${bytesDigest}`);
  return { digest: bytesDigest, size: Buffer.byteLength(manifest), mediaType };
}
