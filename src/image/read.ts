import { createReadStream } from 'node:fs';
import { type FileHandle, lstat, open, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Diagnostic } from '../core/diagnostic.js';
import { InputError } from '../core/errors.js';
import { imageDiagnostic } from './diagnostics.js';
import { type LayerContext, type LayerJob, LayerReader, type LayerScan, sniffCompression } from './layer.js';
import type { HistoryEntry, ImageLayer, ImageModel, ImageSourceKind, ReadImageOptions } from './model.js';
import { cleanMemberName, resolveMemberLink } from './paths.js';
import { replayLayers } from './replay.js';
import { type ImagePlan, type JsonStore, Pending, type PlannedLayer, resolvePlan } from './resolve.js';
import { HeaderOverrides, parseRawHeader, TarError, type TarHeader, TarParser, type TarSink } from './tar.js';

const READ_CHUNK = 1024 * 1024;
const MAX_JSON = 4 * 1024 * 1024;
const MAX_JSON_TOTAL = 64 * 1024 * 1024;

interface Member {
  readonly name: string;
  readonly type: TarHeader['type'];
  readonly size: number;
  readonly linkname: string;
  /** Offset of the content in a seekable file. */
  readonly offset?: number;
  /** The file ends before the member's content does. */
  readonly truncated?: boolean;
}

function isJsonCandidate(name: string, size: number): boolean {
  if (size > MAX_JSON) return false;
  return (
    name === 'index.json' ||
    name === 'manifest.json' ||
    name === 'oci-layout' ||
    name === 'repositories' ||
    name.endsWith('.json') ||
    name.startsWith('blobs/')
  );
}

function isJsonStart(byte: number | undefined): boolean {
  return byte === 0x7b || byte === 0x5b; // { [
}

/** Member table + kept JSON, with link resolution inside the archive. */
class MemberStore implements JsonStore {
  readonly members = new Map<string, Member>();
  readonly json = new Map<string, Uint8Array>();
  jsonBytes = 0;

  get(member: string): Uint8Array | undefined {
    return this.json.get(member);
  }
  has(member: string): boolean {
    return this.members.has(member) || this.json.has(member);
  }
  resolve(member: string): string | undefined {
    let name = member;
    for (let hops = 0; hops < 8; hops++) {
      const m = this.members.get(name);
      if (!m) return hops === 0 ? undefined : name;
      if (m.type === 'symlink') {
        const next = resolveMemberLink(name, m.linkname);
        if (next === undefined) return undefined;
        name = next;
      } else if (m.type === 'hardlink') {
        const next = cleanMemberName(m.linkname);
        if (next === undefined) return undefined;
        name = next;
      } else return name;
    }
    return undefined;
  }
  keep(name: string, bytes: Uint8Array): boolean {
    if (this.jsonBytes + bytes.length > MAX_JSON_TOTAL) return false;
    this.jsonBytes += bytes.length;
    this.json.set(name, bytes);
    return true;
  }
}

class Reading {
  readonly diagnostics: Diagnostic[] = [];
  readonly captured = new Map<string, Uint8Array>();
  readonly ctx: LayerContext;
  readonly results = new Map<string, LayerScan>();
  plan: ImagePlan | undefined;
  bytesRead = 0;
  #configAnnounced = false;

  constructor(
    readonly file: string,
    readonly options: ReadImageOptions,
    readonly totalBytes?: number,
  ) {
    this.ctx = {
      options,
      captured: this.captured,
      diagnostics: this.diagnostics,
      captureBudget: options.maxTotalCaptureBytes ?? 256 * 1024 * 1024,
    };
  }

  diag(code: string, severity: 'error' | 'warning' | 'info', message: string, hint?: string): void {
    this.diagnostics.push(imageDiagnostic(this.file, code, severity, message, hint));
  }

  progress(n: number): void {
    this.bytesRead += n;
    this.options.onProgress?.(this.bytesRead, this.totalBytes);
  }

  setPlan(plan: ImagePlan): void {
    this.plan = plan;
    if (!this.#configAnnounced) {
      this.#configAnnounced = true;
      this.options.onConfig?.(plan.config);
    }
  }

  /** Layer jobs by resolved member name (first index wins; duplicates are cloned at assembly). */
  jobs(store: MemberStore): Map<string, LayerJob> {
    const out = new Map<string, LayerJob>();
    this.plan!.layers.forEach((l, index) => {
      const member = store.members.get(l.member);
      const resolved = store.resolve(l.member);
      if ((member?.type === 'symlink' || member?.type === 'hardlink') && resolved === undefined) {
        this.diag(
          'image/symlink-escape',
          'error',
          `layer ${index + 1}: archive member ${l.member} is a link out of the archive ('${member.linkname}'); the layer is not analysed`,
        );
        return;
      }
      const real = resolved ?? l.member;
      if (out.has(real)) return;
      out.set(real, this.job(l, index, real));
    });
    return out;
  }

  job(l: PlannedLayer, index: number, real: string): LayerJob {
    return {
      index,
      file: this.file,
      member: real,
      ...(l.mediaType ? { mediaType: l.mediaType } : {}),
      ...(l.digest ? { expectedDigest: l.digest } : {}),
      ...(l.diffId ? { expectedDiffId: l.diffId } : {}),
      ...(l.size !== undefined ? { expectedSize: l.size } : {}),
    };
  }

  async readLayer(job: LayerJob, chunks: AsyncIterable<Uint8Array>): Promise<LayerScan> {
    const reader = new LayerReader(job, this.ctx);
    for await (const chunk of chunks) {
      reader.write(chunk);
      this.progress(chunk.length);
      const wait = reader.waitDrain();
      if (wait) await wait;
    }
    return reader.end();
  }
}

function historyFor(
  history: readonly HistoryEntry[],
  count: number,
  reading: Reading,
): (HistoryEntry | undefined)[] {
  const nonEmpty = history.filter((h) => !h.emptyLayer);
  if (history.length > 0 && nonEmpty.length !== count) {
    reading.diag(
      'image/history-mismatch',
      'info',
      `the config's history has ${nonEmpty.length} non-empty entries for ${count} layers; commands may be matched to the wrong layers`,
    );
  }
  return Array.from({ length: count }, (_, i) => nonEmpty[i]);
}

function assemble(
  reading: Reading,
  store: { resolve(member: string): string | undefined },
  kind: ImageSourceKind,
  location: string,
): ImageModel {
  const plan = reading.plan!;
  for (const n of plan.notes) reading.diag(n.code, 'info', n.message);
  const history = historyFor(plan.config.history, plan.layers.length, reading);
  const firstIndex = new Map<string, number>();
  const layers: ImageLayer[] = plan.layers.map((l, index) => {
    const real = store.resolve(l.member) ?? l.member;
    let scan = reading.results.get(real);
    const h = history[index];
    const base = {
      index,
      digest: l.digest ?? scan?.digest ?? '',
      ...(l.diffId ? { diffId: l.diffId } : scan ? { diffId: scan.diffId } : {}),
      ...(l.mediaType ? { mediaType: l.mediaType } : {}),
      ...(h ? { history: h } : {}),
    };
    if (!scan) {
      return {
        ...base,
        compression: 'none',
        storedSize: 0,
        contentSize: 0,
        entries: [],
        whiteouts: [],
        opaqueDirs: [],
        complete: false,
      } satisfies ImageLayer;
    }
    const first = firstIndex.get(real);
    if (first === undefined) firstIndex.set(real, index);
    else if (first !== index) {
      // The same blob listed twice (e.g. two identical empty layers): same content, its own index.
      scan = { ...scan, entries: scan.entries.map((e) => ({ ...e, layer: index })) };
    }
    return {
      ...base,
      compression: scan.compression,
      storedSize: scan.storedSize,
      contentSize: scan.contentSize,
      entries: scan.entries,
      whiteouts: scan.whiteouts,
      opaqueDirs: scan.opaqueDirs,
      complete: scan.complete,
    };
  });
  const replay = replayLayers(layers);
  for (const e of replay.throughSymlink.slice(0, 20)) {
    reading.diag(
      'image/write-through-symlink',
      'warning',
      `layer ${e.layer + 1} writes '${e.path}' below a path that a lower layer made a symlink`,
      'Extractors disagree on this: it can place files outside the directory they appear to be in.',
    );
  }
  return {
    source: { kind, location },
    repoTags: plan.repoTags,
    platform: plan.platform,
    ...(plan.manifestDigest ? { manifestDigest: plan.manifestDigest } : {}),
    ...(plan.configDigest ? { configDigest: plan.configDigest } : {}),
    config: plan.config,
    layers,
    files: replay.files,
    captured: reading.captured,
    // A stream read twice may report the same problem twice.
    diagnostics: reading.diagnostics.filter(
      (d, i, all) => all.findIndex((o) => o.code === d.code && o.message === d.message) === i,
    ),
  };
}

function missingLayers(reading: Reading, store: MemberStore, jobs: Map<string, LayerJob>): void {
  for (const [member, job] of jobs) {
    if (reading.results.has(member)) continue;
    if (!store.has(member)) {
      reading.diag(
        'image/missing-blob',
        'error',
        `layer ${job.index + 1}: blob ${member} is not in the archive; the layer is not analysed`,
        'Shared layers are sometimes left out of docker save archives (moby#49473); save the image alone.',
      );
    }
  }
}

function kindOf(store: JsonStore, fallback: ImageSourceKind): ImageSourceKind {
  if (fallback === 'engine') return fallback;
  return store.has('manifest.json') ? 'docker-archive' : fallback;
}

// ---------------------------------------------------------------- seekable tar file

async function readExactly(fh: FileHandle, length: number, position: number): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

async function* fileRange(fh: FileHandle, start: number, length: number): AsyncGenerator<Uint8Array> {
  let pos = start;
  const end = start + length;
  while (pos < end) {
    const chunk = await readExactly(fh, Math.min(READ_CHUNK, end - pos), pos);
    if (chunk.length === 0) return;
    pos += chunk.length;
    yield chunk;
  }
}

/** Pass 1 over a seekable tar: headers only (content skipped by offset), small JSON kept. */
async function scanTarFile(fh: FileHandle, size: number, reading: Reading): Promise<MemberStore> {
  const store = new MemberStore();
  const overrides = new HeaderOverrides();
  let offset = 0;
  while (offset + 512 <= size) {
    const block = await readExactly(fh, 512, offset);
    let raw: ReturnType<typeof parseRawHeader>;
    try {
      raw = parseRawHeader(block);
    } catch {
      if (offset === 0) {
        throw new InputError(
          'not a tar archive',
          reading.file,
          'Pass an archive from docker save, podman save or skopeo/buildah (oci-archive), or an OCI layout directory.',
        );
      }
      reading.diag(
        'image/bad-tar',
        'error',
        `corrupt tar header at byte ${offset}; the rest of the archive is ignored`,
      );
      break;
    }
    if (raw === null) break;
    const dataOffset = offset + 512;
    const next = dataOffset + Math.ceil(raw.size / 512) * 512;
    if (HeaderOverrides.isMeta(raw.typeflag)) {
      if (raw.size <= 1024 * 1024)
        overrides.absorb(raw.typeflag, await readExactly(fh, raw.size, dataOffset));
      offset = next;
      continue;
    }
    const h = overrides.apply(raw);
    offset = next;
    const name = cleanMemberName(h.name);
    if (name === undefined) {
      reading.diag(
        'image/path-traversal',
        'error',
        `archive member '${h.name}' climbs out of the archive; ignored`,
      );
      continue;
    }
    if (name === '') continue;
    const contentSize = h.type === 'file' ? h.size : 0;
    const truncated = dataOffset + contentSize > size;
    store.members.set(name, {
      name,
      type: h.type,
      size: contentSize,
      linkname: h.linkname,
      offset: dataOffset,
      truncated,
    });
    if (h.type === 'file' && !truncated && contentSize > 0 && isJsonCandidate(name, contentSize)) {
      const first = await readExactly(fh, 1, dataOffset);
      if (isJsonStart(first[0]) && !store.keep(name, await readExactly(fh, contentSize, dataOffset))) {
        reading.diag('image/json-limit', 'warning', `too much JSON metadata; '${name}' was not read`);
      }
    }
  }
  if (offset > size) reading.diag('image/truncated', 'error', 'the archive ends inside its last member');
  return store;
}

async function readTarFile(
  path: string,
  file: string,
  size: number,
  options: ReadImageOptions,
): Promise<ImageModel> {
  const reading = new Reading(file, options, size);
  const fh = await open(path, 'r');
  try {
    const store = await scanTarFile(fh, size, reading);
    reading.setPlan(resolvePlan(store, { file, final: true, ...pick(options) }));
    const jobs = reading.jobs(store);
    for (const [member, job] of jobs) {
      const m = store.members.get(member);
      if (m?.type !== 'file' || m.offset === undefined) continue;
      reading.results.set(member, await reading.readLayer(job, fileRange(fh, m.offset, m.size)));
    }
    missingLayers(reading, store, jobs);
    return assemble(reading, store, kindOf(store, 'oci-archive'), file);
  } finally {
    await fh.close();
  }
}

function pick(options: ReadImageOptions): { platform?: string; image?: string } {
  return {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.image ? { image: options.image } : {}),
  };
}

// ---------------------------------------------------------------- sequential streams

export type StreamOpener = () => Promise<AsyncIterable<Uint8Array>> | AsyncIterable<Uint8Array>;

/**
 * Read an image archive from a stream that can be opened again (file through gunzip, engine API,
 * `podman save`). Pass 1 keeps the small JSON and reads each wanted layer as it passes once the
 * plan is known; when the metadata comes after the layers (docker save writes it last), pass 2
 * re-opens the stream and reads just the layers. Never buffers a layer, never writes a temp file.
 */
export async function readImageStream(
  openStream: StreamOpener,
  source: { kind: ImageSourceKind; location: string; totalBytes?: number },
  options: ReadImageOptions = {},
): Promise<ImageModel> {
  const file = source.location;
  const reading = new Reading(file, options, source.totalBytes);
  const store = new MemberStore();
  let jobs: Map<string, LayerJob> | undefined;
  const tryResolve = (final: boolean) => {
    if (jobs && !final) return;
    try {
      const plan = resolvePlan(store, { file, final, ...pick(options) });
      reading.setPlan(plan);
      jobs = reading.jobs(store);
    } catch (e) {
      if (!(e instanceof Pending)) {
        if (final) throw e;
      }
    }
  };

  const runPass = async (first: boolean): Promise<boolean> => {
    const pending: Promise<void>[] = [];
    let active: LayerReader | undefined;
    let sawAny = false;
    const parser = new TarParser((h): TarSink | undefined => {
      sawAny = true;
      const name = cleanMemberName(h.name);
      if (name === undefined) {
        if (first)
          reading.diag(
            'image/path-traversal',
            'error',
            `archive member '${h.name}' climbs out of the archive; ignored`,
          );
        return undefined;
      }
      if (first) store.members.set(name, { name, type: h.type, size: h.size, linkname: h.linkname });
      if (h.type !== 'file') return undefined;
      const job = jobs?.get(name);
      if (job && !reading.results.has(name)) {
        const reader = new LayerReader(job, reading.ctx);
        active = reader;
        return {
          write: (c) => reader.write(c),
          end: () => {
            pending.push(
              reader.end().then((scan) => {
                reading.results.set(name, scan);
              }),
            );
          },
        };
      }
      if (first && h.size > 0 && isJsonCandidate(name, h.size)) {
        const buf = new Uint8Array(h.size);
        let fill = 0;
        let ok = true;
        return {
          write(c) {
            if (!ok) return;
            if (fill === 0 && !isJsonStart(c[0])) {
              ok = false;
              return;
            }
            buf.set(c, fill);
            fill += c.length;
          },
          end() {
            if (!ok || fill !== h.size) return;
            if (!store.keep(name, buf))
              reading.diag('image/json-limit', 'warning', `too much JSON metadata; '${name}' was not read`);
            tryResolve(false);
          },
        };
      }
      return undefined;
    });
    const stream = await openStream();
    try {
      for await (const chunk of stream) {
        parser.write(chunk);
        reading.progress(chunk.length);
        const wait = active?.waitDrain();
        if (wait) await wait;
        if (pending.length) await Promise.all(pending.splice(0));
      }
      parser.end();
    } catch (e) {
      if (e instanceof TarError) {
        if (!sawAny) {
          throw new InputError(
            'not a tar archive',
            file,
            'Pass an archive from docker save, podman save or skopeo/buildah (oci-archive), or an OCI layout directory.',
          );
        }
        if (first)
          reading.diag(
            e.code === 'truncated' ? 'image/truncated' : 'image/bad-tar',
            'error',
            `archive: ${e.message}`,
          );
      } else throw e;
    }
    await Promise.all(pending);
    return sawAny;
  };

  await runPass(true);
  tryResolve(true);
  if (!reading.plan) throw new InputError('not an image archive: no manifest.json or index.json', file);
  const wanted = jobs!;
  const left = [...wanted.keys()].filter(
    (m) => !reading.results.has(m) && store.members.get(m)?.type === 'file',
  );
  if (left.length > 0) await runPass(false);
  missingLayers(reading, store, wanted);
  return assemble(reading, store, kindOf(store, source.kind), file);
}

function decompressed(path: string, kind: 'gzip' | 'zstd'): AsyncIterable<Uint8Array> {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (kind === 'gzip') return raw.pipe(createGunzip({ chunkSize: 256 * 1024 }));
  return (async function* () {
    const out: Uint8Array[] = [];
    const d = new Decompress((chunk) => {
      out.push(chunk);
    });
    for await (const chunk of raw) {
      d.push(chunk as Uint8Array);
      yield* out.splice(0);
    }
    d.push(new Uint8Array(0), true);
    yield* out.splice(0);
  })();
}

// ---------------------------------------------------------------- OCI layout directory

class DirStore implements JsonStore {
  readonly json = new Map<string, Uint8Array>();
  readonly exists = new Map<string, { size: number; path: string } | undefined>();
  constructor(
    readonly root: string,
    readonly reading: Reading,
  ) {}

  /** Look a member up on disk, refusing names and links that leave the directory. */
  async load(member: string): Promise<void> {
    if (this.exists.has(member)) return;
    const clean = cleanMemberName(member);
    if (clean === undefined || clean !== member) {
      this.exists.set(member, undefined);
      this.reading.diag(
        'image/path-traversal',
        'error',
        `'${member}' points outside the layout directory; ignored`,
      );
      return;
    }
    const full = join(this.root, ...member.split('/'));
    try {
      const l = await lstat(full);
      let path = full;
      if (l.isSymbolicLink()) {
        path = await realpath(full);
        if (!path.startsWith(this.root + sep)) {
          this.exists.set(member, undefined);
          this.reading.diag(
            'image/symlink-escape',
            'error',
            `'${member}' is a symlink out of the layout directory; ignored`,
          );
          return;
        }
      }
      const s = await stat(path);
      if (!s.isFile()) {
        this.exists.set(member, undefined);
        return;
      }
      this.exists.set(member, { size: s.size, path });
      if (s.size <= MAX_JSON && isJsonCandidate(member, s.size)) {
        const bytes = await readFile(path);
        if (isJsonStart(bytes[0])) this.json.set(member, bytes);
      }
    } catch {
      this.exists.set(member, undefined);
    }
  }
  get(member: string): Uint8Array | undefined {
    return this.json.get(member);
  }
  has(member: string): boolean {
    return this.exists.get(member) !== undefined;
  }
  resolve(member: string): string | undefined {
    return this.has(member) ? member : undefined;
  }
}

async function readLayoutDir(dir: string, file: string, options: ReadImageOptions): Promise<ImageModel> {
  const root = await realpath(dir);
  const reading = new Reading(file, options);
  const store = new DirStore(root, reading);
  for (const m of ['index.json', 'manifest.json', 'oci-layout']) await store.load(m);
  if (!store.has('index.json') && !store.has('manifest.json')) {
    throw new InputError(
      'not an image directory: no index.json (OCI layout) or manifest.json (docker save, extracted)',
      file,
    );
  }
  // Resolve, loading each member the resolver asks for (a handful of small JSON files).
  for (let i = 0; ; i++) {
    try {
      reading.setPlan(resolvePlan(store, { file, final: false, ...pick(options) }));
      break;
    } catch (e) {
      if (!(e instanceof Pending) || i > 256) throw e;
      const before = store.exists.has(e.member);
      await store.load(e.member);
      if (before || !store.has(e.member)) {
        reading.setPlan(resolvePlan(store, { file, final: true, ...pick(options) }));
        break;
      }
    }
  }
  const plan = reading.plan!;
  const done = new Set<string>();
  for (const [index, l] of plan.layers.entries()) {
    if (done.has(l.member)) continue;
    done.add(l.member);
    await store.load(l.member);
    const at = store.exists.get(l.member);
    if (!at) {
      reading.diag(
        'image/missing-blob',
        'error',
        `layer ${index + 1}: blob ${l.member} is not in the layout; the layer is not analysed`,
      );
      continue;
    }
    const job = reading.job(l, index, l.member);
    reading.results.set(
      l.member,
      await reading.readLayer(job, createReadStream(at.path, { highWaterMark: READ_CHUNK })),
    );
  }
  return assemble(reading, store, store.has('index.json') ? 'oci-layout' : 'docker-archive', file);
}

// ---------------------------------------------------------------- entry point

/**
 * Read an image from a `docker save` archive (classic or Docker 25+ OCI layout), an `oci-archive`
 * tarball, an OCI layout directory, or any of those tarballs gzip/zstd-compressed as a whole.
 * Layers are streamed once each; nothing is extracted to disk.
 */
export async function readImage(input: string, options: ReadImageOptions = {}): Promise<ImageModel> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(input);
  } catch {
    throw new InputError('no such file or directory', input);
  }
  if (s.isDirectory()) return readLayoutDir(input, input, options);
  if (!s.isFile()) throw new InputError('not a file or directory', input);
  const fh = await open(input, 'r');
  let head: Uint8Array;
  try {
    head = await readExactly(fh, 4, 0);
  } finally {
    await fh.close();
  }
  const compression = sniffCompression(head);
  if (compression !== 'none') {
    return readImageStream(
      () => decompressed(input, compression),
      { kind: 'oci-archive', location: input },
      options,
    );
  }
  if (s.size < 512) throw new InputError('not a tar archive (too short)', input);
  return readTarFile(input, input, s.size, options);
}
