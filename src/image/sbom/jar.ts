/**
 * Java archives (jar/war/ear/…), read as a stream: the zip is walked by its *local* file headers
 * (the central directory at the end would need a seek). Only a few entries are kept:
 * `META-INF/maven/<g>/<a>/pom.properties`, `META-INF/MANIFEST.MF`, and nested archives
 * (`BOOT-INF/lib/*.jar`, `WEB-INF/lib/*.jar`, …), which are scanned the same way while they stream
 * by (stored) or after inflating them in memory up to a cap (deflated). Nothing is written to disk.
 *
 * Entry boundaries: the compressed size from the local header (or its zip64 extra field); for
 * entries written with a trailing data descriptor (flag bit 3, sizes 0), the end is the first
 * position where a descriptor (`PK\x07\x08` + crc + csize, or a signature-less crc + csize + size
 * before the next header) states a compressed size equal to the bytes seen so far. Anything that
 * does not look like a local header is skipped up to the next `PK\x03\x04` (this also skips data
 * descriptors and launcher scripts prepended to "fully executable" jars); a central directory
 * header ends the walk.
 */
import { inflateRawSync } from 'node:zlib';
import type { FileConsumer } from '../model.js';
import { parseJarManifest, parseProperties } from './parsers.js';

export interface JavaPackage {
  readonly group?: string;
  readonly artifact: string;
  readonly version: string;
  /** The archive the package was found in: an image path, nested ones as `outer.jar:BOOT-INF/lib/x.jar`. */
  readonly location: string;
  readonly licenses?: readonly string[];
}

export interface JarFinding {
  readonly kind: 'jar';
  readonly packages: readonly JavaPackage[];
}

export const JAVA_ARCHIVE = /\.(jar|war|ear|par|sar|nar|jpi|hpi|kar|lpkg)$/i;

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const SIG_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SIG_PK = Buffer.from([0x50, 0x4b]);
const MAX_SMALL_ENTRY = 1 << 20;
const MAX_NESTED_COMPRESSED = 32 << 20;
const MAX_NESTED_INFLATED = 96 << 20;
const MAX_DEPTH = 3;
const HOLD = 28;

interface EntrySink {
  write(data: Buffer): void;
  end(): void;
}

interface LocalHeader {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly csize: number;
  readonly headerLength: number;
}

function parseLocalHeader(buf: Buffer): LocalHeader | 'more' | undefined {
  if (buf.length < 30) return 'more';
  const flags = buf.readUInt16LE(6);
  const method = buf.readUInt16LE(8);
  let csize = buf.readUInt32LE(18);
  const usize32 = buf.readUInt32LE(22);
  const nameLen = buf.readUInt16LE(26);
  const extraLen = buf.readUInt16LE(28);
  const headerLength = 30 + nameLen + extraLen;
  if (buf.length < headerLength) return 'more';
  const name = buf.subarray(30, 30 + nameLen).toString('utf8');
  if (csize === 0xffffffff) {
    // zip64 extra (id 1): original size first (if its field is 0xffffffff), then compressed size.
    let at = 30 + nameLen;
    const end = headerLength;
    csize = -1;
    while (at + 4 <= end) {
      const id = buf.readUInt16LE(at);
      const size = buf.readUInt16LE(at + 2);
      if (id === 1) {
        let field = at + 4;
        if (usize32 === 0xffffffff) field += 8;
        if (field + 8 <= at + 4 + size && field + 8 <= end) {
          const big = buf.readBigUInt64LE(field);
          csize = big > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(big);
        }
        break;
      }
      at += 4 + size;
    }
    if (csize < 0) return undefined;
  }
  return { name, method, flags, csize, headerLength };
}

/** Walks a zip stream's local entries; `open` decides per entry where its (compressed) bytes go. */
export class ZipWalker {
  private buf: Buffer = Buffer.alloc(0);
  private state: 'header' | 'data' | 'scan' | 'done' = 'header';
  private remaining = 0;
  private sink: EntrySink | undefined;
  /** In 'scan' state: entry-data offset of buf[0], and where the signature search may resume. */
  private dataPos = 0;
  private scanFrom = 0;

  constructor(private readonly open: (header: LocalHeader) => EntrySink | undefined) {}

  write(chunk: Buffer): void {
    if (this.state === 'done') return;
    if (this.state === 'data' && this.buf.length === 0) {
      // Fast path: route straight from the chunk.
      const take = Math.min(this.remaining, chunk.length);
      this.sink?.write(chunk.subarray(0, take));
      this.remaining -= take;
      if (this.remaining > 0) return;
      this.closeEntry();
      chunk = chunk.subarray(take);
    }
    this.buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    this.pump();
  }

  end(): void {
    if (this.state === 'scan' && this.buf.length > 0) this.sink?.write(this.buf);
    if (this.state === 'data' || this.state === 'scan') this.sink?.end();
    this.sink = undefined;
    this.state = 'done';
    this.buf = Buffer.alloc(0);
  }

  private closeEntry(): void {
    this.sink?.end();
    this.sink = undefined;
    this.state = 'header';
  }

  private pump(): void {
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (this.state === 'done') return;
      if (this.state === 'header') {
        if (this.buf.length < 4) return;
        const sig = this.buf.readUInt32LE(0);
        if (sig === CENTRAL || sig === END) {
          this.state = 'done';
          this.buf = Buffer.alloc(0);
          return;
        }
        if (sig !== LOCAL) {
          // Resynchronise on the next local header (skips data descriptors and prefixes).
          const next = this.buf.indexOf(SIG_LOCAL, 1);
          if (next < 0) {
            this.buf = Buffer.from(this.buf.subarray(this.buf.length - 3));
            return;
          }
          this.buf = this.buf.subarray(next);
          continue;
        }
        const header = parseLocalHeader(this.buf);
        if (header === 'more') return;
        if (header === undefined) {
          this.buf = this.buf.subarray(4);
          continue;
        }
        this.buf = this.buf.subarray(header.headerLength);
        this.sink = header.name.endsWith('/') ? undefined : this.open(header);
        if ((header.flags & 8) !== 0 && header.csize === 0) {
          this.state = 'scan';
          this.dataPos = 0;
          this.scanFrom = 0;
        } else {
          this.state = 'data';
          this.remaining = header.csize;
        }
        continue;
      }
      if (this.state === 'data') {
        const take = Math.min(this.remaining, this.buf.length);
        if (take > 0) this.sink?.write(this.buf.subarray(0, take));
        this.remaining -= take;
        this.buf = this.buf.subarray(take);
        if (this.remaining > 0) return;
        this.closeEntry();
        continue;
      }
      // 'scan': entry of unknown length ended by a data descriptor.
      const end = this.findDescriptor();
      if (end >= 0) {
        if (end > 0) this.sink?.write(this.buf.subarray(0, end));
        this.buf = this.buf.subarray(end);
        this.closeEntry(); // the descriptor is skipped by the header resync
        continue;
      }
      const route = this.buf.length - HOLD;
      if (route > 0) {
        this.sink?.write(this.buf.subarray(0, route));
        this.buf = Buffer.from(this.buf.subarray(route));
        this.dataPos += route;
      }
      this.scanFrom = Math.max(0, this.buf.length - 16);
      return;
    }
  }

  /** Index in buf where the entry's data ends (its descriptor starts), or -1. */
  private findDescriptor(): number {
    const buf = this.buf;
    let from = this.scanFrom;
    for (;;) {
      const i = buf.indexOf(SIG_PK, from);
      if (i < 0 || i + 4 > buf.length) return -1;
      from = i + 1;
      const sig = buf.readUInt32LE(i);
      if (sig === DESCRIPTOR) {
        if (i + 12 > buf.length) return -1;
        if (buf.readUInt32LE(i + 8) === (this.dataPos + i) % 2 ** 32) return i;
      } else if ((sig === LOCAL || sig === CENTRAL) && i >= 12) {
        if (buf.readUInt32LE(i - 8) === (this.dataPos + i - 12) % 2 ** 32) return i - 12;
      }
    }
  }
}

function collect(limit: number, done: (data: Buffer | undefined) => void): EntrySink {
  const parts: Buffer[] = [];
  let len = 0;
  let over = false;
  return {
    write(data) {
      if (over) return;
      len += data.length;
      if (len > limit) {
        over = true;
        parts.length = 0;
        return;
      }
      parts.push(Buffer.from(data));
    },
    end() {
      done(over ? undefined : Buffer.concat(parts));
    },
  };
}

function decode(method: number, data: Buffer, maxOutput: number): Buffer | undefined {
  if (method === 0) return data;
  if (method !== 8) return undefined;
  try {
    return inflateRawSync(data, { maxOutputLength: maxOutput });
  } catch {
    return undefined;
  }
}

/** `commons-lang3-3.12.0.jar` → name and version; undefined when no version can be told apart. */
export function splitJarFileName(fileName: string): { name: string; version?: string } {
  const stem = fileName.replace(JAVA_ARCHIVE, '');
  const m = /^(.+?)-(\d[^-]*(?:-(?:SNAPSHOT|RELEASE|FINAL|GA|[a-zA-Z]+\d*))?)$/.exec(stem);
  if (m) return { name: m[1]!, version: m[2]! };
  return { name: stem };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Streams one Java archive; `results()` after `end()`. Never throws. */
export class JarScanner implements FileConsumer {
  private readonly walker: ZipWalker;
  private readonly poms: { group?: string; artifact: string; version: string }[] = [];
  private manifest: Map<string, string> | undefined;
  private readonly nested: JarScanner[] = [];
  private readonly nestedFallback: JavaPackage[] = [];
  private dead = false;
  private ended = false;
  private sawEntry = false;

  constructor(
    private readonly location: string,
    private readonly depth = 0,
  ) {
    this.walker = new ZipWalker((h) => this.open(h));
  }

  write(chunk: Uint8Array): void {
    if (this.dead || this.ended) return;
    try {
      this.walker.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      this.dead = true;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.walker.end();
    } catch {
      this.dead = true;
    }
  }

  results(): JarFinding | undefined {
    if (!this.ended || !this.sawEntry) return undefined;
    return { kind: 'jar', packages: this.packages() };
  }

  private open(h: LocalHeader): EntrySink | undefined {
    this.sawEntry = true;
    const name = h.name;
    if (/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(name)) {
      return collect(MAX_SMALL_ENTRY, (data) => {
        const text = data && decode(h.method, data, MAX_SMALL_ENTRY)?.toString('utf8');
        if (!text) return;
        const props = parseProperties(text);
        const artifact = props.get('artifactId');
        const version = props.get('version');
        if (artifact && version)
          this.poms.push({ group: props.get('groupId') || undefined, artifact, version });
      });
    }
    if (name === 'META-INF/MANIFEST.MF') {
      return collect(MAX_SMALL_ENTRY, (data) => {
        const text = data && decode(h.method, data, MAX_SMALL_ENTRY)?.toString('utf8');
        if (text) this.manifest = parseJarManifest(text);
      });
    }
    if (JAVA_ARCHIVE.test(name) && this.depth + 1 < MAX_DEPTH) {
      const location = `${this.location}:${name}`;
      const fallback = (): void => {
        const { name: artifact, version } = splitJarFileName(baseName(name));
        if (version) this.nestedFallback.push({ artifact, version, location });
      };
      if (h.method === 0) {
        const child = new JarScanner(location, this.depth + 1);
        this.nested.push(child);
        return child as EntrySink;
      }
      return collect(MAX_NESTED_COMPRESSED, (data) => {
        const inflated = data && decode(h.method, data, MAX_NESTED_INFLATED);
        if (!inflated) return fallback();
        const child = new JarScanner(location, this.depth + 1);
        child.write(inflated);
        child.end();
        this.nested.push(child);
      });
    }
    return undefined;
  }

  private packages(): JavaPackage[] {
    const out: JavaPackage[] = [];
    if (this.poms.length > 0) {
      for (const p of this.poms) out.push({ ...p, location: this.location });
    } else {
      const own = this.fromManifest();
      if (own) out.push(own);
    }
    for (const child of this.nested) {
      const r = child.results();
      if (r) out.push(...r.packages);
      else {
        const { name: artifact, version } = splitJarFileName(baseName(child.location));
        if (version) out.push({ artifact, version, location: child.location });
      }
    }
    out.push(...this.nestedFallback);
    return out;
  }

  private fromManifest(): JavaPackage | undefined {
    const m = this.manifest ?? new Map<string, string>();
    const file = splitJarFileName(baseName(this.location));
    const bsn = m.get('Bundle-SymbolicName')?.split(';')[0]?.trim();
    const title = m.get('Implementation-Title');
    // A title is often a display name ("Apache Commons Lang"): use it only when it looks like an id.
    const artifact = (title && !/\s/.test(title) ? title : undefined) || file.name || bsn;
    const version = m.get('Implementation-Version') || m.get('Bundle-Version') || file.version;
    if (!artifact || !version) return undefined;
    let group = m.get('Implementation-Vendor-Id') || undefined;
    if (!group) {
      for (const candidate of [bsn, m.get('Automatic-Module-Name')]) {
        if (candidate?.endsWith(`.${artifact}`)) {
          group = candidate.slice(0, -artifact.length - 1);
          break;
        }
      }
    }
    return { group, artifact, version, location: this.location };
  }
}
