/** Reading captured files of the final filesystem. */
import type { ImageFile, ImageModel } from '../model.js';
import { type OsRelease, parseOsRelease } from './parsers.js';

export function keyOf(file: ImageFile): string {
  return `${file.layer}:${file.path}`;
}

export function textOf(model: ImageModel, file: ImageFile | undefined): string | undefined {
  if (file?.type !== 'file') return undefined;
  const bytes = model.captured.get(keyOf(file));
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;
}

function resolveLink(model: ImageModel, path: string): ImageFile | undefined {
  let current = path;
  for (let hops = 0; hops < 8; hops++) {
    const f = model.files.get(current);
    if (f?.type !== 'symlink' || !f.linkTarget) return f;
    const target = f.linkTarget;
    const dir = current.slice(0, current.lastIndexOf('/'));
    const parts: string[] = [];
    for (const seg of (target.startsWith('/') ? target : `${dir}/${target}`).split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    current = `/${parts.join('/')}`;
  }
  return undefined;
}

/** `/etc/os-release` (following symlinks, as Debian's points at `/usr/lib/os-release`). */
export function readOsRelease(model: ImageModel): OsRelease | undefined {
  for (const p of ['/etc/os-release', '/usr/lib/os-release']) {
    const text = textOf(model, resolveLink(model, p));
    if (text !== undefined) return parseOsRelease(text);
  }
  return undefined;
}
