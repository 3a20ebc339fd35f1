import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildTar, concat, type TarWriteEntry } from '../../src/image/tar-writer.js';

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LayerSpec {
  readonly entries: readonly TarWriteEntry[];
  readonly compression?: Compression;
  readonly createdBy?: string;
}

export interface ImageSpec {
  readonly layers: readonly LayerSpec[];
  /** Fields of the config's `config` object (User, Env, Cmd…). */
  readonly config?: Record<string, unknown>;
  /** Extra history entries, inserted as empty layers before the layer at that index. */
  readonly emptyHistory?: readonly { before: number; createdBy: string }[];
  readonly tag?: string;
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
}

export const sha256 = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const hex = (d: string) => d.slice('sha256:'.length);
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** A zstd frame made of raw (stored) blocks: valid zstd without an encoder. */
export function zstdRaw(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58])];
  // FHD 0x00: no checksum, no content size, no single segment → window descriptor byte follows (0x58 = 8 MiB window... fine).
  const MAX = 128 * 1024;
  if (data.length === 0) parts.push(new Uint8Array([0x01, 0x00, 0x00]));
  for (let off = 0; off < data.length; off += MAX) {
    const block = data.subarray(off, Math.min(off + MAX, data.length));
    const last = off + MAX >= data.length ? 1 : 0;
    const header = (block.length << 3) | (0 << 1) | last;
    parts.push(new Uint8Array([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  }
  return concat(parts);
}

/** Real zstd compression through the `zstd` CLI when it is installed, else a raw-block frame. */
export function zstd(data: Uint8Array): Uint8Array {
  const r = spawnSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
  if (r.status === 0 && r.stdout.length > 0) return new Uint8Array(r.stdout);
  return zstdRaw(data);
}

export function compress(data: Uint8Array, c: Compression): Uint8Array {
  return c === 'gzip' ? new Uint8Array(gzipSync(data)) : c === 'zstd' ? zstd(data) : data;
}

const LAYER_TYPES: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export interface BuiltLayer {
  tar: Uint8Array;
  blob: Uint8Array;
  diffId: string;
  digest: string;
  mediaType: string;
}

export function buildLayer(spec: LayerSpec): BuiltLayer {
  const tar = buildTar(spec.entries);
  const c = spec.compression ?? 'none';
  const blob = compress(tar, c);
  return { tar, blob, diffId: sha256(tar), digest: sha256(blob), mediaType: LAYER_TYPES[c] };
}

export function configJson(spec: ImageSpec, layers: BuiltLayer[]): Record<string, unknown> {
  const history: Record<string, unknown>[] = [];
  spec.layers.forEach((l, i) => {
    for (const e of spec.emptyHistory ?? [])
      if (e.before === i) history.push({ created_by: e.createdBy, empty_layer: true });
    history.push({
      created_by: l.createdBy ?? `RUN step ${i + 1} # buildkit`,
      comment: 'buildkit.dockerfile.v0',
    });
  });
  for (const e of spec.emptyHistory ?? [])
    if (e.before >= spec.layers.length) history.push({ created_by: e.createdBy, empty_layer: true });
  return {
    architecture: spec.architecture ?? 'amd64',
    os: spec.os ?? 'linux',
    ...(spec.variant ? { variant: spec.variant } : {}),
    config: spec.config ?? {},
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history,
  };
}

export type Members = [string, Uint8Array][];

/** Docker ≤ 24 `docker save`: `<id>/layer.tar` (uncompressed), `<config>.json`, manifest.json — layers first. */
export function classicArchive(spec: ImageSpec, options: { duplicateAsSymlink?: boolean } = {}): Uint8Array {
  const layers = spec.layers.map((l) => buildLayer({ ...l, compression: 'none' }));
  const config = enc(configJson(spec, layers));
  const configName = `${hex(sha256(config))}.json`;
  const entries: TarWriteEntry[] = [];
  const layerPaths: string[] = [];
  const seen = new Map<string, string>();
  layers.forEach((l, i) => {
    const id = hex(sha256(new TextEncoder().encode(`layer-${i}-${l.diffId}`)));
    const path = `${id}/layer.tar`;
    layerPaths.push(path);
    entries.push({ name: `${id}/`, type: 'dir' });
    entries.push({ name: `${id}/VERSION`, content: '1.0' });
    const prev = seen.get(l.diffId);
    if (prev && options.duplicateAsSymlink)
      entries.push({ name: path, type: 'symlink', linkname: `../${prev}` });
    else {
      entries.push({ name: path, content: l.tar });
      seen.set(l.diffId, path);
    }
  });
  entries.push({ name: configName, content: config });
  const manifest = [{ Config: configName, RepoTags: [spec.tag ?? 'example/app:latest'], Layers: layerPaths }];
  entries.push({ name: 'manifest.json', content: enc(manifest) });
  entries.push({ name: 'repositories', content: enc({}) });
  return buildTar(entries);
}

export interface OciImage {
  members: Members;
  manifestDescriptor: Record<string, unknown>;
  manifestJsonItem: Record<string, unknown>;
}

export function ociImage(spec: ImageSpec): OciImage {
  const layers = spec.layers.map((l) => buildLayer(l));
  const config = enc(configJson(spec, layers));
  const configDigest = sha256(config);
  const manifest = enc({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.blob.length })),
  });
  const members: Members = [
    ...layers.map((l): [string, Uint8Array] => [`blobs/sha256/${hex(l.digest)}`, l.blob]),
    [`blobs/sha256/${hex(configDigest)}`, config],
    [`blobs/sha256/${hex(sha256(manifest))}`, manifest],
  ];
  return {
    members,
    manifestDescriptor: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(manifest),
      size: manifest.length,
      platform: {
        os: spec.os ?? 'linux',
        architecture: spec.architecture ?? 'amd64',
        ...(spec.variant ? { variant: spec.variant } : {}),
      },
    },
    manifestJsonItem: {
      Config: `blobs/sha256/${hex(configDigest)}`,
      RepoTags: [spec.tag ?? 'example/app:latest'],
      Layers: layers.map((l) => `blobs/sha256/${hex(l.digest)}`),
    },
  };
}

/** An attestation manifest as BuildKit attaches it (platform unknown/unknown). */
function attestation(subject: string): { members: Members; descriptor: Record<string, unknown> } {
  const statement = enc({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
  });
  const config = enc({ architecture: 'unknown', os: 'unknown', rootfs: { type: 'layers', diff_ids: [] } });
  const manifest = enc({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [
      { mediaType: 'application/vnd.in-toto+json', digest: sha256(statement), size: statement.length },
    ],
  });
  return {
    members: [
      [`blobs/sha256/${hex(sha256(statement))}`, statement],
      [`blobs/sha256/${hex(sha256(config))}`, config],
      [`blobs/sha256/${hex(sha256(manifest))}`, manifest],
    ],
    descriptor: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(manifest),
      size: manifest.length,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': subject,
      },
    },
  };
}

export interface LayoutOptions {
  /** Docker 25+: also write Docker's manifest.json next to index.json. */
  readonly dockerManifest?: boolean;
  /** Put all platforms under a nested image index (containerd store / buildx). */
  readonly nested?: boolean;
  /** Attach an attestation manifest per image (BuildKit default). */
  readonly attestations?: boolean;
  readonly refName?: string;
}

/** Members of an OCI image layout holding one or more images (several platforms of one ref). */
export function ociLayout(specs: readonly ImageSpec[], options: LayoutOptions = {}): Members {
  const images = specs.map(ociImage);
  const members: Members = images.flatMap((i) => i.members);
  const descriptors: Record<string, unknown>[] = [];
  for (const i of images) {
    descriptors.push(i.manifestDescriptor);
    if (options.attestations) {
      const a = attestation(String(i.manifestDescriptor.digest));
      members.push(...a.members);
      descriptors.push(a.descriptor);
    }
  }
  const refName = options.refName ?? specs[0]?.tag ?? 'example/app:latest';
  const annotations = {
    'io.containerd.image.name': `docker.io/${refName}`,
    'org.opencontainers.image.ref.name': refName.split(':')[1] ?? 'latest',
  };
  let top: Record<string, unknown>[];
  if (options.nested) {
    const nested = enc({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: descriptors,
    });
    members.push([`blobs/sha256/${hex(sha256(nested))}`, nested]);
    top = [
      {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: sha256(nested),
        size: nested.length,
        annotations,
      },
    ];
  } else {
    top = descriptors.map((d) => (d.annotations ? d : { ...d, annotations }));
  }
  members.push([
    'index.json',
    enc({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: top }),
  ]);
  if (options.dockerManifest) members.push(['manifest.json', enc(images.map((i) => i.manifestJsonItem))]);
  members.push(['oci-layout', enc({ imageLayoutVersion: '1.0.0' })]);
  return members;
}

/** Members as a tar, in the given order (default: as listed; sort for docker's lexical order). */
export function tarOf(members: Members, options: { sort?: boolean } = {}): Uint8Array {
  const list = options.sort ? [...members].sort((a, b) => (a[0] < b[0] ? -1 : 1)) : members;
  const dirs = new Set<string>();
  const entries: TarWriteEntry[] = [];
  for (const [name, content] of list) {
    const d = dirname(name);
    if (d !== '.' && !dirs.has(d)) {
      for (const part of ['blobs', d]) {
        if (!dirs.has(part) && d.startsWith(part)) {
          dirs.add(part);
          entries.push({ name: `${part}/`, type: 'dir' });
        }
      }
    }
    entries.push({ name, content });
  }
  return buildTar(entries);
}

export function tempDir(prefix = 'dw-image-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(bytes: Uint8Array, name = 'image.tar'): string {
  const p = join(tempDir(), name);
  writeFileSync(p, bytes);
  return p;
}

export function writeLayoutDir(members: Members): string {
  const dir = tempDir('dw-oci-');
  for (const [name, content] of members) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Shorthands for layer entries. */
export const file = (
  name: string,
  content: string | Uint8Array = '',
  extra: Partial<TarWriteEntry> = {},
): TarWriteEntry => ({
  name,
  content,
  ...extra,
});
export const dir = (name: string, extra: Partial<TarWriteEntry> = {}): TarWriteEntry => ({
  name: `${name}/`,
  type: 'dir',
  ...extra,
});
export const whiteout = (path: string): TarWriteEntry => {
  const i = path.lastIndexOf('/');
  return { name: `${path.slice(0, i + 1)}.wh.${path.slice(i + 1)}`, content: '' };
};
export const opaque = (dirPath: string): TarWriteEntry => ({ name: `${dirPath}/.wh..wh..opq`, content: '' });
export const bytes = (n: number, fill = 0x61): Uint8Array => new Uint8Array(n).fill(fill);
