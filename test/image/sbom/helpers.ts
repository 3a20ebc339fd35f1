import { crc32, deflateRawSync } from 'node:zlib';
import type {
  ImageFile,
  ImageFileType,
  ImageLayer,
  ImageModel,
  LayerEntry,
} from '../../../src/image/model.js';
import { createSbomCollector, type SbomCollector } from '../../../src/image/sbom/index.js';

export interface FakeEntry {
  readonly path: string;
  readonly content?: string | Uint8Array;
  readonly type?: ImageFileType;
  readonly mode?: number;
  readonly linkTarget?: string;
}

export interface FakeLayer {
  readonly entries: readonly FakeEntry[];
  readonly whiteouts?: readonly string[];
  readonly opaqueDirs?: readonly string[];
}

const bytesOf = (c: string | Uint8Array | undefined): Uint8Array =>
  c === undefined ? new Uint8Array(0) : typeof c === 'string' ? Buffer.from(c, 'utf8') : c;

/** Deterministic pseudo-random chunk sizes (1 … max), so chunk boundaries land everywhere. */
export function* chunks(bytes: Uint8Array, seed = 1, max = 4099): Generator<Uint8Array> {
  let s = seed >>> 0 || 1;
  let at = 0;
  while (at < bytes.length) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const size = 1 + (s % max);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/**
 * Plays the reader's part: walks the layers in order, asks the collector what to capture and
 * what to stream (feeding chunks of varying size), and applies whiteouts and opaque directories to
 * build the final filesystem.
 */
export function readFake(
  layers: readonly FakeLayer[],
  extra: Partial<ImageModel> = {},
  collector: SbomCollector = createSbomCollector(),
): { model: ImageModel; collector: SbomCollector } {
  const files = new Map<string, ImageFile>();
  const captured = new Map<string, Uint8Array>();
  const imageLayers: ImageLayer[] = [];
  layers.forEach((layer, index) => {
    for (const dir of layer.opaqueDirs ?? []) {
      for (const p of [...files.keys()]) if (p.startsWith(`${dir}/`)) files.delete(p);
    }
    for (const w of layer.whiteouts ?? []) {
      for (const p of [...files.keys()]) if (p === w || p.startsWith(`${w}/`)) files.delete(p);
    }
    const entries: ImageFile[] = [];
    for (const e of layer.entries) {
      const content = bytesOf(e.content);
      const type = e.type ?? 'file';
      const entry: LayerEntry = {
        path: e.path,
        type,
        size: type === 'file' ? content.length : 0,
        mode: e.mode ?? (type === 'dir' ? 0o755 : 0o644),
        uid: 0,
        gid: 0,
        ...(e.linkTarget ? { linkTarget: e.linkTarget } : {}),
      };
      entries.push({ ...entry, layer: index });
      if (type === 'file') {
        if (collector.capture(entry, index)) captured.set(`${index}:${entry.path}`, content);
        const consumer = collector.consume(entry, index);
        if (consumer) {
          for (const c of chunks(content, index * 7919 + content.length)) consumer.write(c);
          consumer.end();
        }
      }
      files.set(entry.path, { ...entry, layer: index });
    }
    imageLayers.push({
      index,
      digest: `sha256:${String(index).padStart(64, '0')}`,
      compression: 'none',
      storedSize: 0,
      contentSize: entries.reduce((n, e) => n + e.size, 0),
      entries,
      whiteouts: layer.whiteouts ?? [],
      opaqueDirs: layer.opaqueDirs ?? [],
      complete: true,
    });
  });
  const model: ImageModel = {
    source: { kind: 'docker-archive', location: 'fake.tar' },
    repoTags: ['example/app:1.0'],
    platform: 'linux/amd64',
    manifestDigest: `sha256:${'ab'.repeat(32)}`,
    configDigest: `sha256:${'cd'.repeat(32)}`,
    config: {
      user: '',
      env: [],
      exposedPorts: [],
      labels: {},
      volumes: [],
      history: [],
      architecture: 'amd64',
      os: 'linux',
    },
    layers: imageLayers,
    files,
    captured,
    diagnostics: [],
    ...extra,
  };
  return { model, collector };
}

// ---- zip writer (store or deflate, optional data descriptors) ----

export interface ZipEntry {
  readonly name: string;
  readonly data: string | Uint8Array;
  readonly method?: 0 | 8;
  /** Write sizes as 0 in the local header and put them in a data descriptor (flag bit 3). */
  readonly descriptor?: boolean;
  /** Whether the descriptor carries its optional `PK\x07\x08` signature (default true). */
  readonly descriptorSignature?: boolean;
}

export function zip(entries: readonly ZipEntry[], prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const parts: Buffer[] = [Buffer.from(prefix)];
  const central: Buffer[] = [];
  let offset = prefix.length;
  for (const e of entries) {
    const raw = Buffer.from(bytesOf(e.data));
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.descriptor ? 8 : 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, body);
    let size = 30 + name.length + body.length;
    if (e.descriptor) {
      const withSig = e.descriptorSignature ?? true;
      const d = Buffer.alloc(withSig ? 16 : 12);
      let at = 0;
      if (withSig) {
        d.writeUInt32LE(0x08074b50, 0);
        at = 4;
      }
      d.writeUInt32LE(crc, at);
      d.writeUInt32LE(body.length, at + 4);
      d.writeUInt32LE(raw.length, at + 8);
      parts.push(d);
      size += d.length;
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += size;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, eocd]);
}

// ---- fake executables ----

/** Deterministic filler bytes that look like machine code (no accidental magic strings). */
export function filler(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

export const ELF_BASE = 0x400000n;

/** A 64-bit little-endian ELF header with one PT_LOAD segment mapping the whole file at ELF_BASE. */
export function elfHeader(fileSize: number): Buffer {
  const h = Buffer.alloc(64 + 56);
  h.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  h.writeUInt16LE(2, 16); // ET_EXEC
  h.writeUInt16LE(62, 18); // x86-64
  h.writeUInt32LE(1, 20);
  h.writeBigUInt64LE(ELF_BASE + 120n, 24); // entry
  h.writeBigUInt64LE(64n, 32); // phoff
  h.writeUInt16LE(64, 52); // ehsize
  h.writeUInt16LE(56, 54); // phentsize
  h.writeUInt16LE(1, 56); // phnum
  const ph = 64;
  h.writeUInt32LE(1, ph); // PT_LOAD
  h.writeUInt32LE(5, ph + 4);
  h.writeBigUInt64LE(0n, ph + 8);
  h.writeBigUInt64LE(ELF_BASE, ph + 16);
  h.writeBigUInt64LE(ELF_BASE, ph + 24);
  h.writeBigUInt64LE(BigInt(fileSize), ph + 32);
  h.writeBigUInt64LE(BigInt(fileSize), ph + 40);
  h.writeBigUInt64LE(0x1000n, ph + 48);
  return h;
}

export const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
export const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

function uvarint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** Module info as the Go linker frames it. */
export function framedModinfo(text: string): Buffer {
  return Buffer.concat([INFO_START, Buffer.from(text, 'utf8'), INFO_END]);
}

/** Build info, Go ≥ 1.18 layout: 32-byte header (flags 0x2), then varint-prefixed strings. */
export function goInlineBinary(goVersion: string, modinfo: string, size = 200_000, at = 0x9000): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = 8;
  header[15] = 2;
  const mod = framedModinfo(modinfo);
  const blob = Buffer.concat([
    header,
    uvarint(goVersion.length),
    Buffer.from(goVersion, 'latin1'),
    uvarint(mod.length),
    mod,
  ]);
  const file = filler(size, 11);
  file.set(elfHeader(size), 0);
  file.set(blob, at);
  return file;
}

/**
 * Build info, Go < 1.18 layout: header with two pointers to Go string headers; the strings live
 * in "rodata" before the header (as the linker lays them out), the string headers after it.
 */
export function goPointerBinary(goVersion: string, modinfo: string, size = 200_000): Buffer {
  const file = filler(size, 13);
  file.set(elfHeader(size), 0);
  const versionAt = 0x2003;
  const modAt = 0x3001;
  const headerAt = 0x8000;
  const stringsAt = 0x8100;
  file.write(goVersion, versionAt, 'latin1');
  const mod = framedModinfo(modinfo);
  file.set(mod, modAt);
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = 8;
  header[15] = 0; // little endian, pointer format
  header.writeBigUInt64LE(ELF_BASE + BigInt(stringsAt), 16);
  header.writeBigUInt64LE(ELF_BASE + BigInt(stringsAt + 16), 24);
  file.set(header, headerAt);
  const strings = Buffer.alloc(32);
  strings.writeBigUInt64LE(ELF_BASE + BigInt(versionAt), 0);
  strings.writeBigUInt64LE(BigInt(goVersion.length), 8);
  strings.writeBigUInt64LE(ELF_BASE + BigInt(modAt), 16);
  strings.writeBigUInt64LE(BigInt(mod.length), 24);
  file.set(strings, stringsAt);
  return file;
}
