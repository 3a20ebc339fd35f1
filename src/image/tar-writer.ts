/**
 * A minimal tar writer (ustar + PAX for long names and big sizes), for building test archives
 * and benchmark images. Not used on the read path.
 */

export interface TarWriteEntry {
  readonly name: string;
  readonly type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  /** Content (files). */
  readonly content?: Uint8Array | string;
  /** Size when content is streamed separately (`tarHeader` only). */
  readonly size?: number;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly linkname?: string;
  readonly mtime?: number;
}

const encoder = new TextEncoder();
const TYPEFLAG = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
} as const;

function writeString(buf: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  buf.set(bytes.subarray(0, length), offset);
}

function writeOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  writeString(buf, offset, length - 1, value.toString(8).padStart(length - 1, '0'));
}

function rawHeader(
  name: string,
  typeflag: string,
  size: number,
  e: Pick<TarWriteEntry, 'mode' | 'uid' | 'gid' | 'linkname' | 'mtime'>,
): Uint8Array {
  const h = new Uint8Array(512);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, e.mode ?? (typeflag === '5' ? 0o755 : 0o644));
  writeOctal(h, 108, 8, e.uid ?? 0);
  writeOctal(h, 116, 8, e.gid ?? 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, e.mtime ?? 0);
  h.fill(0x20, 148, 156);
  h[156] = typeflag.charCodeAt(0);
  writeString(h, 157, 100, e.linkname ?? '');
  writeString(h, 257, 6, 'ustar');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i]!;
  writeString(h, 148, 7, `${sum.toString(8).padStart(6, '0')}\0`);
  return h;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + Buffer.byteLength(body) !== len)
    len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function pad(size: number): Uint8Array {
  return new Uint8Array((512 - (size % 512)) % 512);
}

/** Header bytes for an entry (a PAX header first when the name, link or size does not fit ustar). */
export function tarHeader(e: TarWriteEntry): Uint8Array {
  const type = e.type ?? 'file';
  const content = typeof e.content === 'string' ? encoder.encode(e.content) : e.content;
  const size = type === 'file' ? (content?.length ?? e.size ?? 0) : 0;
  const pax: string[] = [];
  if (encoder.encode(e.name).length > 99) pax.push(paxRecord('path', e.name));
  if (e.linkname && encoder.encode(e.linkname).length > 99) pax.push(paxRecord('linkpath', e.linkname));
  if (size > 0o77777777777) pax.push(paxRecord('size', String(size)));
  const header = rawHeader(e.name.slice(0, 99), TYPEFLAG[type], size > 0o77777777777 ? 0 : size, e);
  if (pax.length === 0) return header;
  const body = encoder.encode(pax.join(''));
  return concat([rawHeader('PaxHeader', 'x', body.length, {}), body, pad(body.length), header]);
}

export function tarPadding(size: number): Uint8Array {
  return pad(size);
}

export const TAR_END: Uint8Array = new Uint8Array(1024);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A whole tar archive in memory. */
export function buildTar(entries: readonly TarWriteEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e));
    const content = typeof e.content === 'string' ? encoder.encode(e.content) : e.content;
    if ((e.type ?? 'file') === 'file' && content && content.length > 0) {
      parts.push(content, pad(content.length));
    }
  }
  parts.push(TAR_END);
  return concat(parts);
}
