import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Diagnostic } from '../core/diagnostic.js';
import { imageDiagnostic } from './diagnostics.js';
import type { FileConsumer, ImageFile, ImageFileType, LayerEntry, ReadImageOptions } from './model.js';
import { baseName, cleanPath, parentOf } from './paths.js';
import { TarError, type TarHeader, TarParser, type TarSink } from './tar.js';

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LayerScan {
  readonly entries: ImageFile[];
  readonly whiteouts: string[];
  readonly opaqueDirs: string[];
  readonly contentSize: number;
  readonly storedSize: number;
  readonly compression: Compression;
  /** `sha256:<hex>` of the blob as read. */
  readonly digest: string;
  /** `sha256:<hex>` of the uncompressed tar. */
  readonly diffId: string;
  readonly complete: boolean;
}

export interface LayerJob {
  readonly index: number;
  readonly file: string;
  readonly member: string;
  readonly mediaType?: string;
  readonly expectedDigest?: string;
  readonly expectedDiffId?: string;
  readonly expectedSize?: number;
}

/** Shared state for all layers of one read: captures, limits, diagnostics. */
export interface LayerContext {
  readonly options: ReadImageOptions;
  readonly captured: Map<string, Uint8Array>;
  readonly diagnostics: Diagnostic[];
  captureBudget: number;
}

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const RATIO_FLOOR = 256 * 1024 * 1024;

export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === GZIP[0] && head[1] === GZIP[1]) return 'gzip';
  if (ZSTD.every((b, i) => head[i] === b)) return 'zstd';
  return 'none';
}

/**
 * gzip through node:zlib (off the main thread); zstd through node:zlib where Node has it
 * (22.15+/23.8+: createZstdDecompress), else the pure-JS fzstd decoder.
 */
function nativeDecompressor(kind: Compression): zlib.Gunzip | undefined {
  if (kind === 'gzip') return zlib.createGunzip({ chunkSize: 256 * 1024 });
  const create = (zlib as unknown as { createZstdDecompress?: (o: object) => zlib.Gunzip })
    .createZstdDecompress;
  if (kind === 'zstd' && typeof create === 'function') return create({ chunkSize: 256 * 1024 });
  return undefined;
}

const TYPE_MAP: Record<string, ImageFileType | undefined> = {
  file: 'file',
  dir: 'dir',
  symlink: 'symlink',
  hardlink: 'hardlink',
  char: 'char',
  block: 'block',
  fifo: 'fifo',
};

class CombinedSink implements TarSink {
  constructor(private readonly sinks: TarSink[]) {}
  write(chunk: Uint8Array): void {
    for (const s of this.sinks) s.write(chunk);
  }
  end(): void {
    for (const s of this.sinks) s.end();
  }
}

/**
 * Reads one layer blob pushed in chunks: hashes it, decompresses it (gzip via node:zlib off the main
 * thread, zstd via fzstd), parses the tar and indexes its entries. Memory: the entry index plus
 * whatever the caller's hooks keep.
 */
export class LayerReader {
  readonly #job: LayerJob;
  readonly #ctx: LayerContext;
  readonly #blobHash: Hash = createHash('sha256');
  #tarHash: Hash | undefined;
  #head: Uint8Array[] = [];
  #headLength = 0;
  #compression: Compression | undefined;
  #gunzip: zlib.Gunzip | undefined;
  #gunzipDone: Promise<void> | undefined;
  #backlogged = false;
  #zstd: Decompress | undefined;
  #tar: TarParser;
  #inBytes = 0;
  #outBytes = 0;
  #stopped = false; // no more decompressed data is parsed (bomb, corrupt tar)
  #complete = true;
  #contentSize = 0;
  readonly #entries: ImageFile[] = [];
  readonly #whiteouts: string[] = [];
  readonly #opaque: string[] = [];
  readonly #maxLayerBytes: number;
  readonly #maxRatio: number;

  constructor(job: LayerJob, ctx: LayerContext) {
    this.#job = job;
    this.#ctx = ctx;
    this.#tar = new TarParser((h) => this.#onEntry(h));
    this.#maxLayerBytes = ctx.options.maxLayerBytes ?? 64 * 1024 ** 3;
    this.#maxRatio = ctx.options.maxCompressionRatio ?? 1000;
  }

  #diag(code: string, severity: 'error' | 'warning' | 'info', message: string, hint?: string): void {
    this.#ctx.diagnostics.push(
      imageDiagnostic(this.#job.file, code, severity, `layer ${this.#job.index + 1}: ${message}`, hint),
    );
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#inBytes += chunk.length;
    this.#blobHash.update(chunk);
    if (this.#compression === undefined) {
      this.#head.push(chunk);
      this.#headLength += chunk.length;
      if (this.#headLength < 4) return;
      this.#start();
      return;
    }
    this.#feed(chunk);
  }

  #start(): void {
    const head = this.#head.length === 1 ? this.#head[0]! : Buffer.concat(this.#head);
    this.#head = [];
    // Magic bytes decide, not the media type: Docker has written mislabelled blobs (dive#511).
    this.#compression = sniffCompression(head);
    if (this.#compression !== 'none') {
      this.#tarHash = createHash('sha256');
      const native = nativeDecompressor(this.#compression);
      if (native) {
        const z = native;
        this.#gunzip = z;
        z.on('data', (d: Buffer) => this.#onTar(d));
        this.#gunzipDone = new Promise<void>((resolve) => {
          z.once('end', resolve);
          z.once('close', resolve);
          z.once('error', (e) => {
            this.#corrupt(e.message);
            resolve();
          });
        });
      } else {
        this.#zstd = new Decompress((d) => this.#onTar(d));
      }
    }
    this.#feed(head);
  }

  #feed(chunk: Uint8Array): void {
    if (this.#stopped) return;
    switch (this.#compression) {
      case 'none':
        this.#onTar(chunk);
        break;
      case 'gzip':
      case 'zstd':
        if (this.#gunzip) {
          if (!this.#gunzip.destroyed) this.#backlogged = !this.#gunzip.write(chunk);
          break;
        }
        try {
          this.#zstd!.push(chunk);
        } catch (e) {
          if (!this.#stopped) this.#corrupt((e as Error).message);
        }
        break;
    }
  }

  #corrupt(message: string): void {
    if (this.#stopped) return;
    this.#diag('image/corrupt-layer', 'error', `cannot decompress the blob (${message})`);
    this.#stop();
  }

  #stop(): void {
    this.#stopped = true;
    this.#complete = false;
    this.#gunzip?.destroy();
  }

  #onTar(chunk: Uint8Array): void {
    if (this.#stopped) return;
    this.#outBytes += chunk.length;
    if (this.#tarHash) {
      this.#tarHash.update(chunk);
      if (
        this.#outBytes > this.#maxLayerBytes ||
        (this.#outBytes > RATIO_FLOOR && this.#outBytes > this.#maxRatio * this.#inBytes)
      ) {
        this.#diag(
          'image/decompression-bomb',
          'error',
          `stopped after ${this.#outBytes} uncompressed bytes from ${this.#inBytes} compressed (limit ${this.#maxLayerBytes} bytes, ratio ${this.#maxRatio}); the rest of the layer is not analysed`,
        );
        this.#stop();
        // Throwing out of a zstd callback stops the decoder; gunzip is destroyed.
        if (this.#zstd) throw new TarError('decompression bomb', 'too-large');
        return;
      }
    } else if (this.#outBytes > this.#maxLayerBytes) {
      this.#diag(
        'image/layer-too-large',
        'error',
        `stopped after ${this.#outBytes} bytes (limit ${this.#maxLayerBytes})`,
      );
      this.#stop();
      return;
    }
    try {
      this.#tar.write(chunk);
    } catch (e) {
      if (e instanceof TarError) {
        this.#diag('image/bad-tar', 'error', `${e.message}; the rest of the layer is not analysed`);
        this.#stop();
      } else throw e;
    }
  }

  /** A promise to await before pushing more when the decompressor is backed up. */
  waitDrain(): Promise<void> | undefined {
    const z = this.#gunzip;
    if (!this.#backlogged || !z || z.destroyed) return undefined;
    this.#backlogged = false;
    return new Promise<void>((resolve) => {
      const done = () => {
        z.off('drain', done);
        z.off('close', done);
        resolve();
      };
      z.on('drain', done);
      z.on('close', done);
    });
  }

  #onEntry(h: TarHeader): TarSink | undefined {
    const job = this.#job;
    const cleaned = cleanPath(h.name);
    if ('traversal' in cleaned) {
      this.#diag(
        'image/path-traversal',
        'error',
        `entry '${h.name}' climbs out of the image root; skipped`,
        'A layer tar must not contain `..` in names: extracting it would write outside the root.',
      );
      return undefined;
    }
    const path = cleaned.path;
    if (path === '/') return undefined;
    const base = baseName(path);
    if (base.startsWith('.wh.')) {
      if (base === '.wh..wh..opq') this.#opaque.push(parentOf(path));
      else if (base.startsWith('.wh..wh.')) {
        // aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): not part of the image
      } else if (base === '.wh.') this.#diag('image/bad-whiteout', 'warning', `invalid whiteout '${h.name}'`);
      else {
        const dir = parentOf(path);
        this.#whiteouts.push(dir === '/' ? `/${base.slice(4)}` : `${dir}/${base.slice(4)}`);
      }
      return undefined;
    }
    const type = TYPE_MAP[h.type];
    if (!type) return undefined;
    let linkTarget: string | undefined;
    if (type === 'hardlink') {
      const t = cleanPath(h.linkname);
      if ('traversal' in t) {
        this.#diag(
          'image/path-traversal',
          'error',
          `hard link '${path}' points out of the image root ('${h.linkname}'); skipped`,
        );
        return undefined;
      }
      linkTarget = t.path;
    } else if (type === 'symlink') linkTarget = h.linkname;
    const entry: ImageFile = {
      path,
      type,
      size: h.size,
      mode: h.mode,
      uid: h.uid,
      gid: h.gid,
      layer: job.index,
      ...(linkTarget !== undefined ? { linkTarget } : {}),
    };
    this.#entries.push(entry);
    this.#contentSize += h.size;
    if (type !== 'file') return undefined;
    return this.#sinksFor(entry);
  }

  #sinksFor(entry: LayerEntry): TarSink | undefined {
    const { options } = this.#ctx;
    const index = this.#job.index;
    const consumer: FileConsumer | undefined = options.consume?.(entry, index);
    let capture: TarSink | undefined;
    if (options.capture?.(entry, index)) {
      const max = options.maxCaptureBytes ?? 8 * 1024 * 1024;
      if (entry.size > max || entry.size > this.#ctx.captureBudget) {
        this.#diag(
          'image/capture-limit',
          'info',
          `'${entry.path}' (${entry.size} bytes) is over the capture limit; not captured`,
        );
      } else {
        this.#ctx.captureBudget -= entry.size;
        const buf = new Uint8Array(entry.size);
        let fill = 0;
        const key = `${index}:${entry.path}`;
        const captured = this.#ctx.captured;
        capture = {
          write(chunk) {
            buf.set(chunk, fill);
            fill += chunk.length;
          },
          end() {
            captured.set(key, buf);
          },
        };
      }
    }
    if (consumer && capture) return new CombinedSink([consumer, capture]);
    return consumer ?? capture;
  }

  /** Finish the blob: flush the decompressor, check truncation, digests and size. */
  async end(): Promise<LayerScan> {
    const job = this.#job;
    if (this.#compression === undefined) {
      if (this.#headLength > 0) this.#start();
      else this.#compression = 'none';
    }
    if (this.#gunzip && !this.#stopped) {
      this.#gunzip.end();
      await this.#gunzipDone;
    } else if (this.#zstd && !this.#stopped) {
      try {
        this.#zstd.push(new Uint8Array(0), true);
      } catch (e) {
        this.#corrupt((e as Error).message);
      }
    }
    if (!this.#stopped) {
      try {
        this.#tar.end();
      } catch (e) {
        this.#diag('image/truncated', 'error', `${(e as Error).message}; the layer is incomplete`);
        this.#complete = false;
      }
    }
    const digest = `sha256:${this.#blobHash.digest('hex')}`;
    const diffId = this.#tarHash ? `sha256:${this.#tarHash.digest('hex')}` : digest;
    if (job.expectedSize !== undefined && job.expectedSize !== this.#inBytes) {
      this.#diag(
        'image/blob-size-mismatch',
        'error',
        `blob ${job.member} has ${this.#inBytes} bytes, its descriptor says ${job.expectedSize}`,
      );
      this.#complete = false;
    }
    const sizeOk = job.expectedSize === undefined || job.expectedSize === this.#inBytes;
    if (sizeOk && job.expectedDigest?.startsWith('sha256:') && job.expectedDigest !== digest) {
      this.#diag(
        'image/digest-mismatch',
        'error',
        `blob ${job.member} hashes to ${digest}, expected ${job.expectedDigest}`,
        'The archive was altered or corrupted after it was written.',
      );
    } else if (this.#complete && job.expectedDiffId?.startsWith('sha256:') && job.expectedDiffId !== diffId) {
      this.#diag(
        'image/diffid-mismatch',
        'error',
        `uncompressed layer hashes to ${diffId}, the config's rootfs.diff_ids says ${job.expectedDiffId}`,
        'The layer does not match the image config: the archive was altered or corrupted.',
      );
    }
    return {
      entries: this.#entries,
      whiteouts: this.#whiteouts,
      opaqueDirs: this.#opaque,
      contentSize: this.#contentSize,
      storedSize: this.#inBytes,
      compression: this.#compression ?? 'none',
      digest,
      diffId,
      complete: this.#complete,
    };
  }
}
