import { chmodSync, createReadStream, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { engineEndpoint, readImageFromEngine, readImageFromPodman } from '../../src/image/engine.js';
import { readImage } from '../../src/image/read.js';
import {
  bytes,
  dir,
  file,
  type ImageSpec,
  ociLayout,
  tarOf,
  tempDir,
  writeLayoutDir,
  writeTemp,
} from './helpers.js';

const platformSpec = (architecture: string, variant?: string): ImageSpec => ({
  tag: 'acme/multi:2.0',
  architecture,
  ...(variant ? { variant } : {}),
  layers: [{ compression: 'gzip', entries: [dir('etc'), file(`etc/arch-${architecture}`, architecture)] }],
});
const multi = [platformSpec('amd64'), platformSpec('arm64', 'v8'), platformSpec('arm', 'v7')];

describe('multi-platform indexes', () => {
  for (const [name, layout] of [
    [
      'OCI layout dir, nested index + attestations',
      () => writeLayoutDir(ociLayout(multi, { nested: true, attestations: true })),
    ],
    [
      'Docker 25+ containerd-store archive',
      () =>
        writeTemp(
          tarOf(ociLayout(multi, { nested: true, attestations: true, dockerManifest: false }), {
            sort: true,
          }),
        ),
    ],
    [
      'flat index with attestations',
      () => writeTemp(tarOf(ociLayout(multi, { attestations: true }), { sort: true })),
    ],
  ] as const) {
    it(`${name}: --platform picks, attestation manifests are skipped`, async () => {
      const path = layout();
      const arm = await readImage(path, { platform: 'linux/arm64' });
      expect(arm.platform).toBe('linux/arm64/v8');
      expect([...arm.files.keys()]).toEqual(['/etc', '/etc/arch-arm64']);
      expect(arm.repoTags).toEqual(['acme/multi:2.0']);
      const v7 = await readImage(path, { platform: 'linux/arm/v7' });
      expect(v7.platform).toBe('linux/arm/v7');
      const host = await readImage(path);
      expect(host.diagnostics.map((d) => d.message)).toEqual([
        expect.stringMatching(
          /holds 3 platforms \(linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\); analysed linux\/(amd64|arm64\/v8)/,
        ),
      ]);
      const e = await readImage(path, { platform: 'linux/s390x' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).hint).toBe('Available: linux/amd64, linux/arm64/v8, linux/arm/v7.');
    });
  }
});

describe('engine sources', () => {
  const archive = writeTemp(
    tarOf(
      ociLayout([{ tag: 'acme/api:1', layers: [{ entries: [file('srv/app', bytes(3000))] }] }], {
        dockerManifest: true,
      }),
      { sort: true },
    ),
  );
  const socketDir = tempDir('dw-sock-');
  const socketPath = join(socketDir, 'docker.sock');
  const requests: string[] = [];
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/images/acme%2Fapi%3A1/get') {
        res.writeHead(200, { 'Content-Type': 'application/x-tar' });
        createReadStream(archive).pipe(res);
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'No such image: nope:latest' }));
      }
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('streams GET /images/{name}/get over a unix socket (DOCKER_HOST honoured), twice when metadata comes last', async () => {
    requests.length = 0;
    const m = await readImageFromEngine('acme/api:1', { env: { DOCKER_HOST: `unix://${socketPath}` } });
    expect(m.source).toEqual({ kind: 'engine', location: 'acme/api:1' });
    expect(m.repoTags).toEqual(['acme/api:1']);
    expect([...m.files.keys()]).toEqual(['/srv/app']);
    expect(requests).toEqual(['GET /images/acme%2Fapi%3A1/get', 'GET /images/acme%2Fapi%3A1/get']);
  });

  it('unknown images and unreachable engines are input errors', async () => {
    await expect(readImageFromEngine('nope', { socketPath })).rejects.toThrow(
      /no such image in the engine: No such image: nope:latest/,
    );
    await expect(readImageFromEngine('x', { socketPath: join(socketDir, 'absent.sock') })).rejects.toThrow(
      /cannot reach the Docker engine at unix:\/\/.*absent\.sock \(ENOENT\)/,
    );
    expect(engineEndpoint({ env: {} })).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(engineEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } })).toEqual({
      host: '127.0.0.1',
      port: 2375,
    });
  });

  it('reads `podman save` from stdout', async () => {
    const fake = join(tempDir('dw-podman-'), 'podman');
    writeFileSync(
      fake,
      `#!/bin/sh\n[ "$1" = save ] || exit 3\n[ "$2" = acme/api:1 ] || { echo "image not known" >&2; exit 125; }\ncat '${archive}'\n`,
    );
    chmodSync(fake, 0o755);
    const m = await readImageFromPodman('acme/api:1', { command: fake });
    expect([...m.files.keys()]).toEqual(['/srv/app']);
    await expect(readImageFromPodman('other', { command: fake })).rejects.toThrow(
      /save failed: image not known/,
    );
  });
});
