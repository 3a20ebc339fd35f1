/**
 * Streaming scanners for executables: Go build info and Rust `cargo auditable` dependency lists.
 * They see a file once, in chunks, and keep only a bounded amount of it.
 *
 * Go (`debug/buildinfo` layout). The linker writes a 32-byte header aligned to 16 bytes:
 * `"\xff Go buildinf:"` (14 bytes), the pointer size (1 byte), a flags byte.
 * - Go ≥ 1.18 (flags & 2, "inline"): after the header, a uvarint-prefixed Go version string and a
 *   uvarint-prefixed module-info string.
 * - Older: two pointers at offsets 16 and 16+ptrSize (endianness from flags & 1) to Go string
 *   headers `{data, len}` for the version and the module info; resolving them needs the ELF
 *   `PT_LOAD` map (virtual address → file offset). The string data usually sits *before* the
 *   header (in .rodata), so the scanner remembers, while streaming, where the module-info
 *   sentinels and `go1.` strings were, and resolves the pointers against those at the end.
 * In both formats the module info is framed by 16-byte sentinels
 * (`3077af0c9274080241e1c107e6d618e6` … `f932433186182072008242104116d8f2`) and holds
 * tab-separated lines: `path`, `mod`, `dep`, `=>` (replaces the line above), `build`.
 *
 * Rust: cargo-auditable puts zlib-compressed JSON (`{"packages":[{name,version,source,kind,…}]}`)
 * in a `.dep-v0` section. The section table is at the end of the file, so the scanner instead
 * tries every zlib stream header (`78 01|5e|9c|da`) followed by a deflate stream whose first
 * inflated bytes are `{"packages":` and inflates the first one that parses.
 */
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import type { FileConsumer } from '../model.js';

export interface GoModule {
  readonly path: string;
  readonly version: string;
}

export interface GoBuildInfo {
  readonly kind: 'go';
  /** `go1.21.5`, or undefined when an old-format pointer could not be resolved. */
  readonly goVersion?: string;
  readonly path?: string;
  readonly main?: GoModule;
  readonly deps: readonly GoModule[];
}

export interface CargoPackage {
  readonly name: string;
  readonly version: string;
  readonly source?: string;
  readonly kind?: string;
  readonly root?: boolean;
}

export interface RustAuditInfo {
  readonly kind: 'rust';
  readonly packages: readonly CargoPackage[];
}

export type BinaryFinding = GoBuildInfo | RustAuditInfo;

const GO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const GO_VERSION_PREFIX = Buffer.from('go1.', 'latin1');
const ZLIB_HEADERS = [0x01, 0x5e, 0x9c, 0xda].map((flg) => Buffer.from([0x78, flg]));
const CARGO_PREFIX = '{"packages":';

const MAX_MODINFO = 4 << 20;
const MAX_INLINE = MAX_MODINFO + 64;
const MAX_VERSION_CANDIDATES = 256;
const VERSION_CANDIDATE_BYTES = 48;
const ZLIB_PROBE = 512;
const MAX_ZLIB_PROBES = 8_000;
const MAX_DEP_CAPTURE = 4 << 20;
const PREFIX_BYTES = 64 * 1024;
const CARRY_BYTES = ZLIB_PROBE + 64;

/** Decode module info text (sentinels already removed or not). */
export function parseModInfo(text: string): Pick<GoBuildInfo, 'path' | 'main' | 'deps'> {
  let path: string | undefined;
  let main: GoModule | undefined;
  const deps: GoModule[] = [];
  let last: 'main' | 'dep' | undefined;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        path = f[1];
        break;
      case 'mod':
        if (f[1]) main = { path: f[1], version: f[2] ?? '' };
        last = 'main';
        break;
      case 'dep':
        if (f[1]) deps.push({ path: f[1], version: f[2] ?? '' });
        last = 'dep';
        break;
      case '=>': {
        // A replacement with a version replaces the module; a local directory (no version) keeps it.
        const rp = f[1];
        const rv = f[2];
        if (!rp || !rv) break;
        if (last === 'dep' && deps.length > 0) deps[deps.length - 1] = { path: rp, version: rv };
        else if (last === 'main') main = { path: rp, version: rv };
        break;
      }
      default:
        break;
    }
  }
  return { path, main, deps };
}

function uvarint(buf: Uint8Array, at: number): [value: number, next: number] | undefined {
  let x = 0;
  let shift = 0;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i]!;
    x += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [x, i + 1];
    shift += 7;
  }
  return undefined;
}

interface Segment {
  readonly vaddr: bigint;
  readonly offset: bigint;
  readonly filesz: bigint;
}

interface ElfLayout {
  readonly littleEndian: boolean;
  readonly segments: readonly Segment[];
}

/** ELF header + PT_LOAD program headers from the first bytes of the file. */
export function parseElfLayout(head: Uint8Array): ElfLayout | undefined {
  if (head.length < 52 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) {
    return undefined;
  }
  const is64 = head[4] === 2;
  const littleEndian = head[5] !== 2;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, littleEndian);
  const u32 = (o: number): number => dv.getUint32(o, littleEndian);
  const u64 = (o: number): bigint => dv.getBigUint64(o, littleEndian);
  if (is64 && head.length < 64) return undefined;
  const phoff = is64 ? Number(u64(0x20)) : u32(0x1c);
  const phentsize = is64 ? u16(0x36) : u16(0x2a);
  const phnum = is64 ? u16(0x38) : u16(0x2c);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum && i < 256; i++) {
    const at = phoff + i * phentsize;
    if (at + (is64 ? 56 : 32) > head.length) return undefined; // not all of the table is here yet
    if (u32(at) !== 1) continue; // PT_LOAD
    if (is64) segments.push({ offset: u64(at + 8), vaddr: u64(at + 16), filesz: u64(at + 32) });
    else
      segments.push({
        offset: BigInt(u32(at + 4)),
        vaddr: BigInt(u32(at + 8)),
        filesz: BigInt(u32(at + 16)),
      });
  }
  return { littleEndian, segments };
}

function vaddrToOffset(layout: ElfLayout, addr: bigint): number | undefined {
  for (const s of layout.segments) {
    if (addr >= s.vaddr && addr < s.vaddr + s.filesz) return Number(s.offset + (addr - s.vaddr));
  }
  return undefined;
}

function isExecutableMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const [a, b, c, d] = [head[0]!, head[1]!, head[2]!, head[3]!];
  if (a === 0x7f && b === 0x45 && c === 0x4c && d === 0x46) return true; // ELF
  if (a === 0x4d && b === 0x5a) return true; // PE (MZ)
  const be = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const le = ((d << 24) | (c << 16) | (b << 8) | a) >>> 0;
  return [0xfeedface, 0xfeedfacf].includes(be) || [0xfeedface, 0xfeedfacf].includes(le); // Mach-O
}

interface OldHeader {
  readonly ptrSize: number;
  readonly littleEndian: boolean;
  readonly versPtr: bigint;
  readonly modPtr: bigint;
}

/** Bytes wanted at a known file offset further on in the stream. */
interface Want {
  readonly offset: number;
  readonly buf: Uint8Array;
  filled: number;
  readonly done: (bytes: Uint8Array) => void;
}

interface Capture {
  readonly offset: number;
  parts: Buffer[];
  len: number;
  /** Bytes needed before parsing again. */
  need?: number;
}

/**
 * Scans one executable's bytes for Go build info and cargo-auditable data.
 * Call `results()` after `end()`. Never throws: any internal error makes the scanner inert.
 */
export class BinaryScanner implements FileConsumer {
  /** Absolute offset of the next byte to arrive. */
  private pos = 0;
  private dead = false;
  private ended = false;
  private head: Buffer = Buffer.alloc(0);
  private magicOk = false;
  private elf: ElfLayout | undefined;
  /** The last bytes seen, to match patterns across chunk boundaries; starts at `pos - carry.length`. */
  private carry: Buffer = Buffer.alloc(0);

  // Go
  private magicScannedTo = 0;
  private sentinelScannedTo = 0;
  private versionScannedTo = 0;
  private inline: Capture | undefined;
  private goResult: GoBuildInfo | undefined;
  private oldHeader: OldHeader | undefined;
  private oldResolved = false;
  private modCapture: Capture | undefined;
  private readonly modinfos: { offset: number; text: string }[] = [];
  private readonly versionCandidates = new Map<number, string>();
  private wants: Want[] = [];
  private oldVersion: string | undefined;
  private oldVersionAt: { offset: number; length: number } | undefined;
  private oldModinfoOffset: number | undefined;

  // Rust
  private zlibScannedTo = 0;
  private zlibProbes = 0;
  private depCapture: Capture | undefined;
  private rustResult: RustAuditInfo | undefined;

  write(chunk: Uint8Array): void {
    if (this.dead || this.ended || chunk.length === 0) return;
    try {
      this.writeInner(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      this.dead = true;
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.dead) return;
    try {
      this.finish();
    } catch {
      this.dead = true;
    }
  }

  /** The findings (Go build info and/or Rust audit data) once the file has ended. */
  results(): BinaryFinding[] {
    if (this.dead || !this.ended) return [];
    const out: BinaryFinding[] = [];
    if (this.goResult) out.push(this.goResult);
    if (this.rustResult) out.push(this.rustResult);
    return out;
  }

  private writeInner(chunk: Buffer): void {
    if (this.head.length < PREFIX_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, PREFIX_BYTES - this.head.length)]);
      if (!this.magicOk && this.head.length >= 4) {
        if (!isExecutableMagic(this.head)) {
          this.dead = true;
          return;
        }
        this.magicOk = true;
      }
      if (!this.elf && this.magicOk) {
        this.elf = parseElfLayout(this.head);
        if (this.elf && this.oldHeader && !this.oldResolved) this.resolveOldHeader();
      }
    }
    const start = this.pos;
    this.extendCaptures(chunk);
    const joined = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = start - this.carry.length;
    this.scan(joined, base, false);
    this.feedWants(chunk, start);
    this.pos += chunk.length;
    const keep = Math.min(joined.length, CARRY_BYTES);
    this.carry = Buffer.from(joined.subarray(joined.length - keep));
  }

  private scan(buf: Buffer, base: number, final: boolean): void {
    if (!this.magicOk) return;
    this.scanGoMagic(buf, base, final);
    this.scanSentinels(buf, base, final);
    this.scanVersions(buf, base, final);
    this.scanZlib(buf, base, final);
  }

  /** Start positions to examine: from `scannedTo` up to where `need` bytes follow (or the end, if final). */
  private range(
    buf: Buffer,
    base: number,
    scannedTo: number,
    need: number,
    final: boolean,
  ): [number, number] {
    const lo = Math.max(0, scannedTo - base);
    const hi = final ? buf.length : Math.max(lo, buf.length - need + 1);
    return [lo, hi];
  }

  private scanGoMagic(buf: Buffer, base: number, final: boolean): void {
    const [lo, hi] = this.range(buf, base, this.magicScannedTo, GO_MAGIC.length, final);
    this.magicScannedTo = base + hi;
    if (this.goResult || this.oldHeader || this.inline) return;
    let from = lo;
    for (;;) {
      const i = buf.indexOf(GO_MAGIC, from);
      if (i < 0 || i >= hi) return;
      from = i + 1;
      if ((base + i) % 16 !== 0) continue; // the header is 16-byte aligned
      const have = buf.subarray(i, i + MAX_INLINE);
      this.inline = { offset: base + i, parts: [Buffer.from(have)], len: have.length };
      this.tryInline();
      if (this.goResult || this.oldHeader || this.inline) return;
    }
  }

  private tryInline(): void {
    const inl = this.inline;
    if (!inl || inl.len < Math.max(32, inl.need ?? 0)) return;
    const data = inl.parts.length === 1 ? inl.parts[0]! : Buffer.concat(inl.parts);
    inl.parts = [data];
    const ptrSize = data[14]!;
    const flags = data[15]!;
    if ((ptrSize !== 4 && ptrSize !== 8) || flags > 3) {
      this.inline = undefined;
      return;
    }
    if ((flags & 2) === 0) {
      const littleEndian = (flags & 1) === 0;
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const read = (o: number): bigint =>
        ptrSize === 8 ? dv.getBigUint64(o, littleEndian) : BigInt(dv.getUint32(o, littleEndian));
      this.oldHeader = { ptrSize, littleEndian, versPtr: read(16), modPtr: read(16 + ptrSize) };
      this.inline = undefined;
      if (this.elf) this.resolveOldHeader();
      return;
    }
    const full = data.length >= MAX_INLINE;
    const v = uvarint(data, 32);
    if (!v) {
      this.inlineIncomplete(full);
      return;
    }
    const [vlen, vstart] = v;
    if (vlen === 0 || vlen > 256) {
      this.inline = undefined;
      return;
    }
    const m = uvarint(data, vstart + vlen);
    if (!m) {
      this.inlineIncomplete(full);
      return;
    }
    const [mlen, mstart] = m;
    if (mlen > MAX_MODINFO) {
      this.inline = undefined;
      return;
    }
    if (mstart + mlen > data.length) {
      inl.need = mstart + mlen;
      this.inlineIncomplete(full);
      return;
    }
    const version = data.subarray(vstart, vstart + vlen).toString('latin1');
    this.inline = undefined;
    if (!/^(go\d|devel)/.test(version)) return;
    this.goResult = {
      kind: 'go',
      goVersion: version,
      ...parseModInfo(stripFraming(data.subarray(mstart, mstart + mlen))),
    };
  }

  private inlineIncomplete(full: boolean): void {
    if (full) this.inline = undefined;
  }

  private resolveOldHeader(): void {
    const h = this.oldHeader;
    const elf = this.elf;
    if (!h || !elf || this.oldResolved) return;
    this.oldResolved = true;
    const readHeader = (bytes: Uint8Array): [bigint, bigint] => {
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return h.ptrSize === 8
        ? [dv.getBigUint64(0, h.littleEndian), dv.getBigUint64(8, h.littleEndian)]
        : [BigInt(dv.getUint32(0, h.littleEndian)), BigInt(dv.getUint32(4, h.littleEndian))];
    };
    const versHdr = vaddrToOffset(elf, h.versPtr);
    const modHdr = vaddrToOffset(elf, h.modPtr);
    if (versHdr !== undefined) {
      this.want(versHdr, 2 * h.ptrSize, (bytes) => {
        const [ptr, len] = readHeader(bytes);
        const off = vaddrToOffset(elf, ptr);
        if (off === undefined || len === 0n || len > 256n) return;
        this.oldVersionAt = { offset: off, length: Number(len) };
        this.want(off, Number(len), (b) => {
          this.oldVersion = Buffer.from(b).toString('latin1');
        });
      });
    }
    if (modHdr !== undefined) {
      this.want(modHdr, 2 * h.ptrSize, (bytes) => {
        const [ptr] = readHeader(bytes);
        this.oldModinfoOffset = vaddrToOffset(elf, ptr);
      });
    }
  }

  /** Ask for `length` bytes at `offset`: served from the carry window or from chunks still to come. */
  private want(offset: number, length: number, done: (bytes: Uint8Array) => void): void {
    const w: Want = { offset, buf: new Uint8Array(length), filled: 0, done };
    const carryStart = this.pos - this.carry.length;
    if (offset < this.pos) {
      if (offset < carryStart) return; // already gone
      const take = this.carry.subarray(offset - carryStart, offset - carryStart + length);
      w.buf.set(take, 0);
      w.filled = take.length;
    }
    if (w.filled === length) done(w.buf);
    else this.wants.push(w);
  }

  private feedWants(chunk: Buffer, start: number): void {
    const end = start + chunk.length;
    // Completing a want may add new ones (pointer chains), which may also be served by this chunk.
    for (let round = 0; round < 8 && this.wants.length > 0; round++) {
      const current = this.wants;
      this.wants = [];
      let progressed = false;
      for (const w of current) {
        const need = w.offset + w.filled;
        if (need >= start && need < end) {
          const take = chunk.subarray(need - start, need - start + (w.buf.length - w.filled));
          w.buf.set(take, w.filled);
          w.filled += take.length;
          progressed = true;
        }
        if (w.filled === w.buf.length) w.done(w.buf);
        else if (w.offset + w.filled >= start) this.wants.push(w);
      }
      if (!progressed) break;
    }
  }

  private extendCaptures(chunk: Buffer): void {
    if (this.inline) {
      const take = chunk.subarray(0, Math.max(0, MAX_INLINE - this.inline.len));
      this.inline.parts.push(Buffer.from(take));
      this.inline.len += take.length;
      this.tryInline();
    }
    if (this.modCapture) this.extendModCapture(chunk);
    if (this.depCapture) {
      const take = chunk.subarray(0, Math.max(0, MAX_DEP_CAPTURE - this.depCapture.len));
      this.depCapture.parts.push(Buffer.from(take));
      this.depCapture.len += take.length;
    }
  }

  private scanSentinels(buf: Buffer, base: number, final: boolean): void {
    const [lo, hi] = this.range(buf, base, this.sentinelScannedTo, INFO_START.length, final);
    this.sentinelScannedTo = base + hi;
    if (this.goResult || this.modCapture) return;
    let from = lo;
    for (;;) {
      const i = buf.indexOf(INFO_START, from);
      if (i < 0 || i >= hi || this.modinfos.length >= 8) return;
      from = i + 1;
      this.modCapture = { offset: base + i, parts: [], len: 0 };
      this.extendModCapture(buf.subarray(i));
      if (this.modCapture) return;
    }
  }

  private extendModCapture(data: Buffer): void {
    const cap = this.modCapture;
    if (!cap) return;
    const take = data.subarray(0, Math.max(0, MAX_MODINFO + 32 - cap.len));
    cap.parts.push(Buffer.from(take));
    cap.len += take.length;
    const all = cap.parts.length === 1 ? cap.parts[0]! : Buffer.concat(cap.parts);
    cap.parts = [all];
    const endAt = all.indexOf(INFO_END, INFO_START.length);
    if (endAt >= 0) {
      this.modinfos.push({
        offset: cap.offset,
        text: all.subarray(INFO_START.length, endAt).toString('utf8'),
      });
      this.modCapture = undefined;
    } else if (cap.len >= MAX_MODINFO + 32) {
      this.modCapture = undefined;
    }
  }

  private scanVersions(buf: Buffer, base: number, final: boolean): void {
    const [lo, hi] = this.range(buf, base, this.versionScannedTo, VERSION_CANDIDATE_BYTES, final);
    this.versionScannedTo = base + hi;
    if (this.goResult) return;
    let from = lo;
    for (;;) {
      const i = buf.indexOf(GO_VERSION_PREFIX, from);
      if (i < 0 || i >= hi || this.versionCandidates.size >= MAX_VERSION_CANDIDATES) return;
      from = i + 1;
      const text = buf.subarray(i, i + VERSION_CANDIDATE_BYTES).toString('latin1');
      if (/^go1\.\d/.test(text)) this.versionCandidates.set(base + i, text);
    }
  }

  private scanZlib(buf: Buffer, base: number, final: boolean): void {
    const [lo, hi] = this.range(buf, base, this.zlibScannedTo, ZLIB_PROBE, final);
    this.zlibScannedTo = base + hi;
    if (this.rustResult || this.depCapture || this.zlibProbes > MAX_ZLIB_PROBES) return;
    let best = -1;
    for (const header of ZLIB_HEADERS) {
      let from = lo;
      for (;;) {
        const i = buf.indexOf(header, from);
        if (i < 0 || i >= hi || (best >= 0 && i > best)) break;
        from = i + 1;
        // The first deflate block must be Huffman-coded (BTYPE 01 or 10): compressed JSON is never stored.
        const btype = ((buf[i + 2] ?? 0) >> 1) & 3;
        if (btype !== 1 && btype !== 2) continue;
        if (++this.zlibProbes > MAX_ZLIB_PROBES) return;
        if (probeCargo(buf.subarray(i, i + ZLIB_PROBE))) {
          best = i;
          break;
        }
      }
    }
    if (best < 0) return;
    const first = Buffer.from(buf.subarray(best, best + MAX_DEP_CAPTURE));
    this.depCapture = { offset: base + best, parts: [first], len: first.length };
  }

  private finish(): void {
    if (!this.magicOk) return;
    if (this.carry.length > 0) this.scan(this.carry, this.pos - this.carry.length, true);
    if (this.depCapture) this.rustResult = decodeCargoAudit(Buffer.concat(this.depCapture.parts));
    if (this.goResult || !this.oldHeader) return;
    // Old format: resolve what the pointers said against what was seen while streaming.
    let version = this.oldVersion;
    if (version === undefined && this.oldVersionAt) {
      const known = this.versionCandidates.get(this.oldVersionAt.offset);
      if (known !== undefined && known.length >= this.oldVersionAt.length) {
        version = known.slice(0, this.oldVersionAt.length);
      }
    }
    let text: string | undefined;
    if (this.oldModinfoOffset !== undefined) {
      text = this.modinfos.find((m) => m.offset === this.oldModinfoOffset)?.text;
    }
    text ??= this.modinfos.length === 1 ? this.modinfos[0]?.text : undefined;
    if (version === undefined && text === undefined) return;
    this.goResult = { kind: 'go', goVersion: version, ...parseModInfo(text ?? '') };
  }
}

function stripFraming(mod: Uint8Array): string {
  const text = Buffer.from(mod.buffer, mod.byteOffset, mod.byteLength);
  if (text.length >= 33 && text[text.length - 17] === 0x0a)
    return text.subarray(16, text.length - 16).toString('utf8');
  return '';
}

function probeCargo(bytes: Uint8Array): boolean {
  try {
    const out = inflateSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
    return out.subarray(0, CARGO_PREFIX.length).toString('latin1') === CARGO_PREFIX;
  } catch {
    return false;
  }
}

/** Inflate a zlib stream (trailing bytes after its end are ignored) and read cargo-auditable JSON. */
export function decodeCargoAudit(bytes: Uint8Array): RustAuditInfo | undefined {
  let text: string;
  try {
    text = inflateSync(bytes, {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: 64 << 20,
    }).toString('utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = (json as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(list)) return undefined;
  const packages: CargoPackage[] = [];
  for (const p of list) {
    if (!p || typeof p !== 'object') continue;
    const o = p as Record<string, unknown>;
    if (typeof o.name !== 'string' || typeof o.version !== 'string') continue;
    packages.push({
      name: o.name,
      version: o.version,
      source: typeof o.source === 'string' ? o.source : undefined,
      kind: typeof o.kind === 'string' ? o.kind : undefined,
      root: o.root === true,
    });
  }
  return { kind: 'rust', packages };
}
