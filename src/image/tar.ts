/**
 * A push-style tar reader: feed it chunks, it calls back per entry and forwards each entry's
 * content to a sink as sub-arrays of the chunks it was given (no copies on the hot path).
 * Understands ustar, GNU long names/links (`L`/`K`), PAX extended headers (`x`, `g` ignored)
 * and base-256 sizes. Memory: one 512-byte header buffer plus long-name/PAX payloads (capped).
 */

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

export interface TarHeader {
  /** The raw name as stored (after long-name/PAX overrides), not yet cleaned. */
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly linkname: string;
}

export interface TarSink {
  write(chunk: Uint8Array): void;
  end(): void;
}

/** Thrown for a tar stream that cannot be parsed further (bad checksum, truncation). */
export class TarError extends Error {
  override readonly name = 'TarError';
  constructor(
    message: string,
    readonly code: 'bad-header' | 'truncated' | 'too-large',
  ) {
    super(message);
  }
}

const BLOCK = 512;
const MAX_META = 1 << 20; // long names and PAX headers larger than this are refused
const decoder = new TextDecoder('utf-8');

function readString(buf: Uint8Array, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && buf[end] !== 0) end++;
  // ASCII fast path.
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  return decoder.decode(buf.subarray(start, end));
}

function readNumber(buf: Uint8Array, start: number, length: number): number {
  const first = buf[start]!;
  if (first & 0x80) {
    // base-256 (GNU): big-endian, first byte's top bit is a flag
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + buf[i]!;
    return value;
  }
  let value = 0;
  let i = start;
  const end = start + length;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) i++;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  return value;
}

function isZeroBlock(buf: Uint8Array, start: number): boolean {
  for (let i = start; i < start + BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

function checksumOk(buf: Uint8Array, start: number): boolean {
  const stored = readNumber(buf, start + 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : buf[start + i]!;
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return stored === unsigned || stored === signed;
}

export interface RawHeader {
  name: string;
  typeflag: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkname: string;
}

/** Parse one 512-byte header; `null` for an all-zero block; throws on a bad checksum. */
export function parseRawHeader(buf: Uint8Array, start = 0): RawHeader | null {
  if (isZeroBlock(buf, start)) return null;
  if (!checksumOk(buf, start)) throw new TarError('tar header checksum mismatch', 'bad-header');
  let name = readString(buf, start, 100);
  const magic = readString(buf, start + 257, 6);
  if (magic.startsWith('ustar')) {
    const prefix = readString(buf, start + 345, 155);
    if (prefix && magic === 'ustar') name = `${prefix}/${name}`;
  }
  const typeByte = buf[start + 156]!;
  return {
    name,
    typeflag: typeByte === 0 ? '0' : String.fromCharCode(typeByte),
    size: readNumber(buf, start + 124, 12),
    mode: readNumber(buf, start + 100, 8),
    uid: readNumber(buf, start + 108, 8),
    gid: readNumber(buf, start + 116, 8),
    linkname: readString(buf, start + 157, 100),
  };
}

export function entryType(typeflag: string): TarEntryType {
  switch (typeflag) {
    case '0':
    case '7':
    case 'S':
      return 'file';
    case '5':
      return 'dir';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

/** PAX records: `<len> key=value\n`. */
export function parsePax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    let sp = pos;
    while (sp < data.length && data[sp] !== 0x20) sp++;
    const len = Number(decoder.decode(data.subarray(pos, sp)));
    if (!Number.isFinite(len) || len <= 0 || pos + len > data.length) break;
    const record = decoder.decode(data.subarray(sp + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** Metadata entries (long names, PAX) that modify the next real header. */
export class HeaderOverrides {
  longName: string | undefined;
  longLink: string | undefined;
  pax: Map<string, string> | undefined;

  /** True when `raw` is a metadata entry whose payload must be collected and passed to `absorb`. */
  static isMeta(typeflag: string): boolean {
    return typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g' || typeflag === 'X';
  }

  absorb(typeflag: string, payload: Uint8Array): void {
    if (typeflag === 'L') this.longName = readString(payload, 0, payload.length);
    else if (typeflag === 'K') this.longLink = readString(payload, 0, payload.length);
    else if (typeflag === 'x' || typeflag === 'X') this.pax = parsePax(payload);
    // 'g' (global PAX) carries nothing we use.
  }

  apply(raw: RawHeader): TarHeader {
    let { name, linkname, size } = raw;
    const { mode } = raw;
    let { uid, gid } = raw;
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) linkname = this.longLink;
    if (this.pax) {
      const p = this.pax;
      name = p.get('path') ?? name;
      linkname = p.get('linkpath') ?? linkname;
      const s = p.get('size');
      if (s !== undefined && /^\d+$/.test(s)) size = Number(s);
      const u = p.get('uid');
      if (u !== undefined && /^\d+$/.test(u)) uid = Number(u);
      const g = p.get('gid');
      if (g !== undefined && /^\d+$/.test(g)) gid = Number(g);
    }
    this.longName = undefined;
    this.longLink = undefined;
    this.pax = undefined;
    return { name, type: entryType(raw.typeflag), size, mode, uid, gid, linkname };
  }
}

enum State {
  Header,
  Body,
  Meta,
  Padding,
  Done,
}

/**
 * Push parser. `onEntry` returns a sink for the content, or undefined to skip it.
 * Throws TarError from `write` on a corrupt header and from `end` when the stream stopped mid-entry.
 */
export class TarParser {
  #state = State.Header;
  #header = new Uint8Array(BLOCK);
  #headerFill = 0;
  #remaining = 0;
  #padding = 0;
  #sink: TarSink | undefined;
  #meta: Uint8Array | undefined;
  #metaFill = 0;
  #metaType = '';
  #overrides = new HeaderOverrides();
  /** Bytes consumed so far. */
  position = 0;

  constructor(private readonly onEntry: (header: TarHeader) => TarSink | undefined) {}

  /** True once the end-of-archive marker (or a zero block) was seen. */
  get done(): boolean {
    return this.#state === State.Done;
  }

  write(chunk: Uint8Array): void {
    let pos = 0;
    const len = chunk.length;
    this.position += len;
    while (pos < len) {
      switch (this.#state) {
        case State.Header: {
          let headerBuf: Uint8Array;
          let headerStart: number;
          if (this.#headerFill === 0 && len - pos >= BLOCK) {
            headerBuf = chunk;
            headerStart = pos;
            pos += BLOCK;
          } else {
            const take = Math.min(BLOCK - this.#headerFill, len - pos);
            this.#header.set(chunk.subarray(pos, pos + take), this.#headerFill);
            this.#headerFill += take;
            pos += take;
            if (this.#headerFill < BLOCK) return;
            this.#headerFill = 0;
            headerBuf = this.#header;
            headerStart = 0;
          }
          this.#onHeader(headerBuf, headerStart);
          break;
        }
        case State.Body: {
          const take = Math.min(this.#remaining, len - pos);
          if (this.#sink) this.#sink.write(chunk.subarray(pos, pos + take));
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#finishBody();
          break;
        }
        case State.Meta: {
          const take = Math.min(this.#remaining, len - pos);
          this.#meta!.set(chunk.subarray(pos, pos + take), this.#metaFill);
          this.#metaFill += take;
          pos += take;
          this.#remaining -= take;
          if (this.#remaining === 0) {
            this.#overrides.absorb(this.#metaType, this.#meta!);
            this.#meta = undefined;
            this.#toPadding();
          }
          break;
        }
        case State.Padding: {
          const take = Math.min(this.#padding, len - pos);
          pos += take;
          this.#padding -= take;
          if (this.#padding === 0) this.#state = State.Header;
          break;
        }
        case State.Done:
          return; // trailing blocks after the end marker are ignored
      }
    }
  }

  #onHeader(buf: Uint8Array, start: number): void {
    const raw = parseRawHeader(buf, start);
    if (raw === null) {
      // Two zero blocks end the archive; many writers stop after one, so one is enough for us.
      this.#state = State.Done;
      return;
    }
    if (HeaderOverrides.isMeta(raw.typeflag)) {
      if (raw.size > MAX_META)
        throw new TarError(`tar metadata entry too large (${raw.size} bytes)`, 'too-large');
      this.#metaType = raw.typeflag;
      this.#meta = new Uint8Array(raw.size);
      this.#metaFill = 0;
      this.#remaining = raw.size;
      this.#padding = (BLOCK - (raw.size % BLOCK)) % BLOCK;
      if (raw.size === 0) {
        this.#overrides.absorb(raw.typeflag, this.#meta);
        this.#meta = undefined;
        this.#toPadding();
      } else this.#state = State.Meta;
      return;
    }
    const header = this.#overrides.apply(raw);
    // Links, dirs and devices carry no content whatever the size field says (GNU hardlinks may).
    const size = header.type === 'file' || header.type === 'other' ? header.size : 0;
    this.#sink = this.onEntry(size === header.size ? header : { ...header, size });
    this.#remaining = size;
    this.#padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.#finishBody();
    else this.#state = State.Body;
  }

  #finishBody(): void {
    const sink = this.#sink;
    this.#sink = undefined;
    sink?.end();
    this.#toPadding();
  }

  #toPadding(): void {
    this.#state = this.#padding > 0 ? State.Padding : State.Header;
  }

  /** Call when the input ends. Throws when it ended inside an entry. */
  end(): void {
    if (this.#state === State.Body || this.#state === State.Meta) {
      throw new TarError(`tar stream ends inside an entry (${this.#remaining} bytes missing)`, 'truncated');
    }
    if (this.#state === State.Header && this.#headerFill > 0) {
      throw new TarError('tar stream ends inside a header', 'truncated');
    }
    // Padding-only truncation and a missing end marker are tolerated: every entry was read whole.
  }
}
