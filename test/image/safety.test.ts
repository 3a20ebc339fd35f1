import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { readImage, readImageStream } from '../../src/image/read.js';
import { buildTar } from '../../src/image/tar-writer.js';
import {
  buildLayer,
  bytes,
  classicArchive,
  compress,
  file,
  type ImageSpec,
  ociLayout,
  tarOf,
  writeLayoutDir,
  writeTemp,
} from './helpers.js';

const codes = (m: { diagnostics: readonly { code: string; severity: string }[] }) =>
  m.diagnostics.map((d) => `${d.severity} ${d.code}`);
const simple: ImageSpec = {
  layers: [{ entries: [file('app/a.txt', 'hello'), file('app/b.bin', bytes(5000))] }],
};

async function rejects(p: Promise<unknown>, message: RegExp) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as Error).message).toMatch(message);
}

describe('malicious and broken archives', () => {
  it('path traversal names inside a layer are skipped with a diagnostic; absolute names are cleaned', async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            file('../../etc/cron.d/evil', 'x'),
            file('app/../../../root/x', 'x'),
            file('/abs/path.txt', 'ok'),
            { name: 'app/link', type: 'hardlink', linkname: '../../../etc/shadow' },
            file('./app/./ok.txt', 'ok'),
          ],
        },
      ],
    };
    const m = await readImage(writeTemp(classicArchive(spec)));
    expect(codes(m)).toEqual([
      'error image/path-traversal',
      'error image/path-traversal',
      'error image/path-traversal',
    ]);
    expect([...m.files.keys()].sort()).toEqual(['/abs/path.txt', '/app/ok.txt']);
  });

  it('an outer-archive symlink out of the archive is refused; docker dedupe symlinks are followed', async () => {
    const dup: ImageSpec = { layers: [{ entries: [file('a', 'x')] }, { entries: [] }, { entries: [] }] };
    const m = await readImage(writeTemp(classicArchive(dup, { duplicateAsSymlink: true })));
    expect(codes(m)).toEqual([]);
    expect(m.layers.map((l) => l.complete)).toEqual([true, true, true]);
    expect(m.layers[2]!.entries).toEqual([]);

    const evil = buildTar([
      { name: 'layer/layer.tar', type: 'symlink', linkname: '../../../../etc/passwd' },
      { name: 'c.json', content: JSON.stringify({ rootfs: { type: 'layers', diff_ids: [] }, config: {} }) },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: ['layer/layer.tar'] }]) },
    ]);
    const e = await readImage(writeTemp(evil));
    expect(codes(e)).toEqual(['error image/symlink-escape']);
    expect(e.layers[0]!.complete).toBe(false);
  });

  it('a symlinked blob that leaves an OCI layout directory is refused', async () => {
    const members = ociLayout([simple]);
    const dir = writeLayoutDir(members);
    const layer = members.find(([n, b]) => n.startsWith('blobs/') && b.length > 5000)![0];
    const outside = writeTemp(readFileSync(join(dir, layer)), 'outside.tar');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, layer));
    symlinkSync(outside, join(dir, layer));
    const m = await readImage(dir);
    expect(codes(m)).toEqual(['error image/symlink-escape', 'error image/missing-blob']);
  });

  it('a truncated archive gives a diagnostic and a partial model, not a crash', async () => {
    const full = classicArchive({ layers: [{ entries: [file('a', bytes(100_000))] }] });
    // manifest.json comes last: keep it by cutting inside the layer data of a re-ordered archive.
    const members: [string, Uint8Array][] = [];
    const spec: ImageSpec = { layers: [{ entries: [file('a', bytes(100_000)), file('b', bytes(100_000))] }] };
    const oci = ociLayout([spec]);
    const layerIdx = oci.findIndex(([n, b]) => n.startsWith('blobs/') && b.length > 100_000);
    for (const [n, b] of oci) members.push([n, b]);
    // Metadata first, layer last, then cut the file in the middle of the layer.
    const ordered = [...members.filter((_, i) => i !== layerIdx), members[layerIdx]!];
    const tar = tarOf(ordered);
    const cut = tar.subarray(0, tar.length - 120_000);
    const m = await readImage(writeTemp(cut));
    expect(codes(m)).toEqual([
      'error image/truncated',
      'error image/truncated',
      'error image/blob-size-mismatch',
    ]);
    expect(m.layers[0]!.complete).toBe(false);
    expect([...m.files.keys()]).toContain('/a');
    expect(full.length).toBeGreaterThan(0);
  });

  it('digest and diff-id mismatches are reported', async () => {
    const members = ociLayout([simple]);
    const i = members.findIndex(([n, b]) => n.startsWith('blobs/') && b.length > 5000);
    const blob = new Uint8Array(members[i]![1]);
    blob[2000] = 0x62; // inside b.bin's content
    members[i] = [members[i]![0], blob];
    const m = await readImage(writeLayoutDir(members));
    expect(codes(m)).toEqual(['error image/digest-mismatch']);

    const classic = classicArchive(simple);
    const altered = new Uint8Array(classic);
    const at = Buffer.from(altered).indexOf(Buffer.from('hello'));
    altered[at] = 0x48; // 'H'
    const c = await readImage(writeTemp(altered));
    expect(codes(c)).toEqual(['error image/diffid-mismatch']);
  });

  it('a decompression bomb is stopped at the limit', async () => {
    const spec: ImageSpec = {
      layers: [{ compression: 'gzip', entries: [file('zeros', bytes(8 * 1024 * 1024, 0))] }],
    };
    const m = await readImage(writeLayoutDir(ociLayout([spec])), { maxLayerBytes: 1024 * 1024 });
    expect(codes(m)).toEqual(['error image/decompression-bomb']);
    expect(m.layers[0]!.complete).toBe(false);
    const z = await readImage(
      writeLayoutDir(ociLayout([{ layers: [{ ...spec.layers[0]!, compression: 'zstd' }] }])),
      {
        maxLayerBytes: 1024 * 1024,
      },
    );
    expect(codes(z)).toEqual(['error image/decompression-bomb']);
  });

  it('corrupt compressed data and corrupt tar headers are diagnostics', async () => {
    const members = ociLayout([
      { layers: [{ compression: 'gzip', entries: [file('a', bytes(50_000, 7))] }] },
    ]);
    const i = members.findIndex(([n, b]) => n.startsWith('blobs/') && b[0] === 0x1f);
    const blob = new Uint8Array(members[i]![1]);
    blob.fill(0x55, 20, 60);
    members[i] = [members[i]![0], blob];
    const m = await readImage(writeLayoutDir(members));
    expect(codes(m)).toContain('error image/corrupt-layer');

    const layer = buildLayer({ entries: [file('a', 'x'), file('b', 'y')] });
    const badTar = new Uint8Array(layer.tar);
    badTar[512 * 2 + 10] = 0x41; // second header's name, checksum now wrong
    const spec = ociLayout([{ layers: [{ entries: [file('a', 'x'), file('b', 'y')] }] }]).map(
      ([n, b]): [string, Uint8Array] =>
        Buffer.from(b).equals(Buffer.from(layer.tar)) ? [n, badTar] : [n, b],
    );
    const t = await readImage(writeLayoutDir(spec));
    expect(codes(t)).toEqual(['error image/bad-tar', 'error image/digest-mismatch']);
  });

  it('malformed JSON, non-archives and invalid digests are input errors', async () => {
    await rejects(
      readImage(writeTemp(buildTar([{ name: 'manifest.json', content: '[{"Config": ' }]))),
      /manifest.json.*JSON|not valid JSON/,
    );
    await rejects(readImage(writeTemp(new Uint8Array(4096).fill(7))), /not a tar archive/);
    await rejects(readImage(writeTemp(new Uint8Array(10))), /not a tar archive/);
    await rejects(
      readImage(writeTemp(buildTar([{ name: 'hello.txt', content: 'hi' }]))),
      /not an image archive/,
    );
    await rejects(readImage('/nonexistent/image.tar'), /no such file/);
    const index = {
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: 'sha256:../../../etc/passwd',
          size: 1,
        },
      ],
    };
    await rejects(
      readImage(writeTemp(buildTar([{ name: 'index.json', content: JSON.stringify(index) }]))),
      /invalid digest/,
    );
    await rejects(
      readImage(writeTemp(compress(buildTar([{ name: 'x', content: 'y' }]), 'gzip'))),
      /not an image archive/,
    );
  });

  it('missing blobs (moby#49473) and "manifests": null (moby#47210) are tolerated', async () => {
    const members = ociLayout([{ ...simple, layers: [...simple.layers, { entries: [file('c', 'z')] }] }], {
      dockerManifest: true,
    });
    const small = members.findIndex(([n, b]) => n.startsWith('blobs/') && b.length < 5000 && b[0] !== 0x7b);
    const kept = members
      .filter((_, i) => i !== small)
      .map(([n, b]): [string, Uint8Array] =>
        n === 'index.json'
          ? [n, new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, manifests: null }))]
          : [n, b],
      );
    const m = await readImage(writeTemp(tarOf(kept, { sort: true })));
    expect(codes(m)).toEqual(['error image/missing-blob']);
    expect(m.layers.map((l) => l.complete)).toEqual([true, false]);
  });

  it('streams: metadata-first archives are read in one pass, docker order in two; memory never holds a layer', async () => {
    const members = ociLayout([simple]);
    const metaFirst = tarOf([...members].reverse());
    const dockerOrder = tarOf(members, { sort: true });
    for (const [bytes_, passes] of [
      [metaFirst, 1],
      [dockerOrder, 2],
    ] as const) {
      let opened = 0;
      const m = await readImageStream(
        () => {
          opened++;
          return (async function* () {
            for (let i = 0; i < bytes_.length; i += 1000) yield bytes_.subarray(i, i + 1000);
          })();
        },
        { kind: 'engine', location: 'stream' },
      );
      expect(opened).toBe(passes);
      expect([...m.files.keys()].sort()).toEqual(['/app/a.txt', '/app/b.bin']);
      expect(codes(m)).toEqual([]);
    }
    writeFileSync(join(writeLayoutDir([]), 'x'), '');
  });
});
