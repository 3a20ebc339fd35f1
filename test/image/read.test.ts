import { describe, expect, it } from 'vitest';
import type { ImageModel } from '../../src/image/model.js';
import { readImage } from '../../src/image/read.js';
import {
  bytes,
  type Compression,
  classicArchive,
  compress,
  dir,
  file,
  type ImageSpec,
  ociLayout,
  opaque,
  tarOf,
  whiteout,
  writeLayoutDir,
  writeTemp,
  zstdRaw,
} from './helpers.js';

const spec = (compression: Compression = 'none'): ImageSpec => ({
  tag: 'example/app:1.0',
  config: { User: 'app', Cmd: ['node', 'server.js'], Env: ['PATH=/usr/bin'] },
  emptyHistory: [
    { before: 1, createdBy: 'ENV NODE_ENV=production' },
    { before: 2, createdBy: 'WORKDIR /app' },
  ],
  layers: [
    {
      compression,
      createdBy: 'ADD rootfs.tar /',
      entries: [
        dir('etc'),
        file('etc/os-release', 'ID=debian\n'),
        dir('app'),
        file('app/old.txt', bytes(100)),
        dir('cache'),
        file('cache/a', bytes(10)),
        file('cache/b', bytes(20)),
      ],
    },
    {
      compression,
      createdBy: 'RUN rm /app/old.txt # buildkit',
      entries: [dir('app'), whiteout('app/old.txt'), file('app/server.js', 'console.log(1)')],
    },
    {
      compression,
      createdBy: 'RUN rebuild cache # buildkit',
      entries: [
        dir('cache'),
        opaque('cache'),
        file('cache/c', bytes(5)),
        file('app/server.js', 'console.log(2)!'),
      ],
    },
  ],
});

function summary(m: ImageModel) {
  return {
    tags: m.repoTags,
    platform: m.platform,
    user: m.config.user,
    layers: m.layers.map((l) => ({
      createdBy: l.history?.createdBy,
      files: l.entries.filter((e) => e.type === 'file').map((e) => e.path),
      whiteouts: l.whiteouts,
      opaque: l.opaqueDirs,
      complete: l.complete,
    })),
    files: [...m.files.values()]
      .filter((f) => f.type === 'file')
      .map((f) => `${f.path}@${f.layer}:${f.size}`)
      .sort(),
    diagnostics: m.diagnostics.map((d) => d.code),
  };
}

const expected = {
  tags: ['example/app:1.0'],
  platform: 'linux/amd64',
  user: 'app',
  layers: [
    {
      createdBy: 'ADD rootfs.tar /',
      files: ['/etc/os-release', '/app/old.txt', '/cache/a', '/cache/b'],
      whiteouts: [],
      opaque: [],
      complete: true,
    },
    {
      createdBy: 'RUN rm /app/old.txt # buildkit',
      files: ['/app/server.js'],
      whiteouts: ['/app/old.txt'],
      opaque: [],
      complete: true,
    },
    {
      createdBy: 'RUN rebuild cache # buildkit',
      files: ['/cache/c', '/app/server.js'],
      whiteouts: [],
      opaque: ['/cache'],
      complete: true,
    },
  ],
  files: ['/app/server.js@2:15', '/cache/c@2:5', '/etc/os-release@0:10'],
  diagnostics: [],
};

describe('readImage layouts', () => {
  it('classic docker save archive (manifest.json + <id>/layer.tar, metadata last)', async () => {
    const m = await readImage(writeTemp(classicArchive(spec())));
    expect(m.source.kind).toBe('docker-archive');
    expect(summary(m)).toEqual(expected);
  });

  for (const c of ['none', 'gzip', 'zstd'] as const) {
    it(`OCI layout directory, ${c} layers`, async () => {
      const m = await readImage(writeLayoutDir(ociLayout([spec(c)])));
      expect(m.source.kind).toBe('oci-layout');
      expect(summary(m)).toEqual(expected);
      expect(m.layers.map((l) => l.compression)).toEqual([c, c, c]);
    });
    it(`oci-archive tarball, ${c} layers`, async () => {
      const m = await readImage(writeTemp(tarOf(ociLayout([spec(c)]), { sort: true })));
      expect(m.source.kind).toBe('oci-archive');
      expect(summary(m)).toEqual(expected);
    });
    it(`Docker 25+ archive (OCI layout + manifest.json), ${c} layers`, async () => {
      const m = await readImage(
        writeTemp(tarOf(ociLayout([spec(c)], { dockerManifest: true }), { sort: true })),
      );
      expect(m.source.kind).toBe('docker-archive');
      expect(summary(m)).toEqual(expected);
    });
  }

  it('zstd raw-block frames decode too', async () => {
    const s = spec('zstd');
    const m = await readImage(writeLayoutDir(ociLayout([s])));
    expect(m.layers[0]!.compression).toBe('zstd');
    expect(zstdRaw(new Uint8Array([1, 2, 3]))[0]).toBe(0x28);
  });

  for (const outer of ['gzip', 'zstd'] as const) {
    it(`a whole archive compressed with ${outer} (docker save | ${outer}) is read in two passes`, async () => {
      const m = await readImage(writeTemp(compress(classicArchive(spec()), outer), 'image.tar.x'));
      expect(summary(m)).toEqual(expected);
    });
  }
});
