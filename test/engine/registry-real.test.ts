/**
 * The registry client against a real registry: Debian's `docker-registry` (CNCF distribution 2.8) on a free
 * loopback port, and with the real engine, `docker push` / `docker pull` as the reference for "the digest Docker
 * records". Skips loudly when the binary is absent (`apt-get install -y docker-registry`).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../../src/cli/commands/init.js';
import { createOutput } from '../../src/cli/io.js';
import { detectProject } from '../../src/detect/index.js';
import {
  createDigestResolver,
  defaultDigestResolver,
  engineRepoDigest,
  parseImageReference,
  RegistryClient,
  RegistryError,
} from '../../src/engine/registry/index.js';
import { imagesToPin } from '../../src/generate/pin.js';
import { planSetup } from '../../src/generate/plan.js';
import { runCli } from '../helpers/cli.js';
import { describeWithEngine, type TestEngine } from '../helpers/engine.js';
import {
  freePort,
  type LocalRegistry,
  MEDIA,
  pushTinyImage,
  putManifest,
  registryUnavailable,
  startRegistry,
} from './registry-local.js';

const missing = registryUnavailable();
if (missing && process.env.DW_REQUIRE_ENGINE === '1') {
  // CI (which sets DW_REQUIRE_ENGINE=1) installs docker-registry: its absence there is a failure, not a skip.
  describe('real registry required', () => {
    it('docker-registry is installed', () => {
      throw new Error(missing);
    });
  });
} else if (missing) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! NO REGISTRY: the real-registry digest tests are SKIPPED.\n!! ${missing}\n${bar}\n`,
  );
}

function index(mediaType: string, manifests: { mediaType: string; digest: string; size: number }[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: manifests.map((m) => ({ ...m, platform: { architecture: 'amd64', os: 'linux' } })),
  });
}

describe.skipIf(missing !== undefined)('registry client against docker-registry (distribution 2.8)', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  }, 30_000);
  afterAll(async () => registry?.stop());

  it('single-platform manifests (Docker v2 and OCI): the digest of the manifest bytes the registry stores', async () => {
    const client = new RegistryClient();
    const docker = await pushTinyImage(registry.url, 'dw/single', 'docker', 'docker-v2');
    const oci = await pushTinyImage(registry.url, 'dw/single', 'oci', 'oci', 'oci');
    expect(docker.digest).not.toBe(oci.digest);
    expect(await client.resolveDigest(`${registry.host}/dw/single:docker`)).toBe(docker.digest);
    expect(await client.resolveDigest(`${registry.host}/dw/single:oci`)).toBe(oci.digest);
  });

  it('multi-platform tags resolve to the index / manifest list, not to the platform manifest', async () => {
    const client = new RegistryClient();
    const child = await pushTinyImage(registry.url, 'dw/multi', 'amd64', 'child');
    const childRef = { mediaType: child.mediaType, digest: child.digest, size: child.size };
    const oci = await putManifest(
      registry.url,
      'dw/multi',
      'oci-index',
      MEDIA.ociIndex,
      index(MEDIA.ociIndex, [childRef]),
    );
    const list = await putManifest(
      registry.url,
      'dw/multi',
      'list',
      MEDIA.dockerList,
      index(MEDIA.dockerList, [childRef]),
    );
    for (const put of [oci, list]) expect(put.registryDigest).toBe(put.bytesDigest);
    expect(await client.resolveDigest(`${registry.host}/dw/multi:oci-index`)).toBe(oci.bytesDigest);
    expect(await client.resolveDigest(`${registry.host}/dw/multi:list`)).toBe(list.bytesDigest);
    expect(oci.bytesDigest).not.toBe(child.digest);
  });

  it('an unknown tag or repository is not-found', async () => {
    const client = new RegistryClient();
    await expect(client.resolveDigest(`${registry.host}/dw/single:nope`)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(client.resolveDigest(`${registry.host}/dw/none:1`)).rejects.toBeInstanceOf(RegistryError);
  });

  it('init --tier 4 end to end: every image resolved from the registry, the FROM lines carry those digests, and the hardened review finds no unpinned base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-init-registry-'));
    cpSync(join(import.meta.dirname, '../detect/fixtures/node-express-npm'), dir, { recursive: true });
    const images = imagesToPin(planSetup(await detectProject(dir), { tier: 4 }).files);
    expect(images.length).toBeGreaterThanOrEqual(2);
    // The tier 4 images live on Docker Hub and gcr.io; the registry holds a distinct tiny image under each
    // repository and tag, and the client's fetch is pointed at it (same paths, another host).
    const pushed = new Map<string, string>();
    for (const image of images) {
      const ref = parseImageReference(image);
      pushed.set(image, (await pushTinyImage(registry.url, ref.repository, ref.tag!, image)).digest);
    }
    const hosts: string[] = [];
    const resolveDigests = defaultDigestResolver({
      env: {},
      engine: null,
      client: {
        fetch: (input, init) => {
          const url = new URL(String(input));
          hosts.push(url.host);
          return fetch(`${registry.url}${url.pathname}${url.search}`, init);
        },
      },
    });
    let stdout = '';
    let stderr = '';
    const output = createOutput(
      {
        stdout: { write: (s: string) => (stdout += s), isTTY: false },
        stderr: { write: (s: string) => (stderr += s), isTTY: false },
        env: {},
        cwd: dir,
      },
      false,
      false,
    );
    await runInit(
      { positionals: [dir], options: { tier: '4', yes: true, force: true }, output, format: 'text' },
      { resolveDigests, interactive: false },
    );
    expect(stderr).toBe('');
    expect(new Set(hosts)).toEqual(new Set(images.map((i) => parseImageReference(i).apiHost)));
    const written = `${readFileSync(join(dir, 'Dockerfile'), 'utf8')}${readFileSync(join(dir, 'compose.yaml'), 'utf8')}`;
    for (const [image, digest] of pushed) {
      expect(stdout).toContain(`pinned      ${image}@${digest} (registry)`);
      expect(written).toContain(`${image}@${digest}`);
    }
    const froms = readFileSync(join(dir, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('FROM ') && !/^FROM [a-z-]+ AS /.test(l));
    expect(froms.length).toBeGreaterThan(0);
    for (const line of froms) expect(line).toMatch(/@sha256:[0-9a-f]{64}\b/);
    const lint = await runCli([
      'lint',
      dir,
      '--profile',
      'hardened',
      '--format',
      'json',
      '--failure-threshold',
      'none',
    ]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toContain('base-image-digest');
    // Control: the same Dockerfile with the digests stripped is flagged, so the check above can fail.
    const control = mkdtempSync(join(tmpdir(), 'dw-init-registry-control-'));
    writeFileSync(
      join(control, 'Dockerfile'),
      readFileSync(join(dir, 'Dockerfile'), 'utf8').replace(/@sha256:[0-9a-f]{64}/g, ''),
    );
    const flagged = await runCli([
      'lint',
      control,
      '--profile',
      'hardened',
      '--format',
      'json',
      '--failure-threshold',
      'none',
    ]);
    expect(flagged.stdout).toContain('base-image-digest');
  });
});

if (!missing) {
  describeWithEngine('digests against the real engine and docker-registry', (engine: TestEngine) => {
    let registry: LocalRegistry;
    let tag: string;
    let pushedDigest: string;
    beforeAll(async () => {
      registry = await startRegistry();
      const ctx = engine.tempDir('dw-registry-ctx-');
      writeFileSync(join(ctx, 'marker'), `${engine.runId}\n`);
      writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY marker /marker\n');
      tag = `${registry.host}/dw/app:1`;
      await engine.build(ctx, { tag });
      const push = await engine.run(['push', tag]);
      const m = /^1: digest: (sha256:[0-9a-f]{64}) size: \d+$/m.exec(push);
      if (!m) throw new Error(`no digest in docker push output:\n${push}`);
      pushedDigest = m[1]!;
    }, 300_000);
    afterAll(async () => registry?.stop());

    it('resolves the digest `docker push` printed (single-platform manifest)', async () => {
      expect(await new RegistryClient().resolveDigest(tag)).toBe(pushedDigest);
      // The engine recorded the same one.
      expect(
        await engineRepoDigest(tag, { command: engine.docker, env: { ...process.env, ...engine.env } }),
      ).toEqual({
        ok: true,
        digest: pushedDigest,
      });
    });

    it('an OCI index over the pushed manifest: the client resolves the digest `docker pull` records as repo digest', async () => {
      const manifest = await fetch(`${registry.url}/v2/dw/app/manifests/1`, {
        headers: { Accept: MEDIA.dockerManifest },
      });
      const body = await manifest.text();
      const put = await putManifest(
        registry.url,
        'dw/app',
        'multi',
        MEDIA.ociIndex,
        index(MEDIA.ociIndex, [
          { mediaType: MEDIA.dockerManifest, digest: pushedDigest, size: Buffer.byteLength(body) },
        ]),
      );
      const resolved = await new RegistryClient().resolveDigest(`${registry.host}/dw/app:multi`);
      expect(resolved).toBe(put.bytesDigest);
      expect(resolved).not.toBe(pushedDigest);
      // Drop the local tag so the pull records only the index's digest, then pull through the index.
      await engine.run(['rmi', tag]);
      await engine.run(['pull', `${registry.host}/dw/app:multi`], { timeoutMs: 120_000 });
      const repoDigests = (await engine.inspect(`${registry.host}/dw/app:multi`)).RepoDigests as string[];
      expect(repoDigests).toEqual([`${registry.host}/dw/app@${resolved}`]);
    });

    it('falls back to the engine when the registry is unreachable; a locally built image has no repo digest, and says so', async () => {
      const cli = { command: engine.docker, env: { ...process.env, ...engine.env } };
      const dead = `127.0.0.1:${await freePort()}`;
      const client = new RegistryClient({ timeoutMs: 2_000 });
      const resolve = createDigestResolver({
        // The image as pulled from the live registry, looked up under a dead one: only the engine can answer.
        registry: (image) => client.resolveDigest(image.replace(registry.host, dead)),
        engine: (image) => engineRepoDigest(image, cli),
      });
      const local = engine.standins[0];
      const r = await resolve([`${registry.host}/dw/app:multi`, ...(local ? [local] : [])]);
      expect(r.resolved).toEqual([
        {
          image: `${registry.host}/dw/app:multi`,
          digest: await new RegistryClient().resolveDigest(`${registry.host}/dw/app:multi`),
          source: 'engine',
        },
      ]);
      if (local) {
        expect(r.unresolved).toHaveLength(1);
        expect(r.unresolved[0]!.reasons[1]).toContain('engine: the local image has no repo digest');
      }
    });
  });
}
