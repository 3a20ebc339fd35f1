/** Tar entry names → clean absolute image paths, refusing names that climb out of the root. */

export type CleanResult = { readonly path: string } | { readonly traversal: true };

/**
 * `./usr/bin/`, `usr//bin`, `/usr/bin` → `/usr/bin`. The root itself is `/`.
 * A `..` segment anywhere is refused (it would climb out of a layer when extracted), even when a
 * later segment would bring it back: extractors differ on those, so we treat them all as hostile.
 */
export function cleanPath(name: string): CleanResult {
  // Fast path for the common shape: no `.`-segments, no doubled slashes.
  let s = name;
  if (s.startsWith('./')) s = s.slice(2);
  while (s.startsWith('/')) s = s.slice(1);
  if (s.endsWith('/')) s = s.replace(/\/+$/, '');
  if (!s.includes('..') && !s.includes('//') && !s.includes('/./') && s !== '.' && !s.startsWith('./')) {
    return { path: `/${s}` };
  }
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { traversal: true };
    out.push(seg);
  }
  return { path: `/${out.join('/')}` };
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Archive member names (outer tar): relative, no `..`, no leading `/`. */
export function cleanMemberName(name: string): string | undefined {
  const r = cleanPath(name);
  return 'traversal' in r ? undefined : r.path.slice(1);
}

/** Resolve a symlink inside the outer archive relative to the link's folder; undefined when it escapes. */
export function resolveMemberLink(linkName: string, target: string): string | undefined {
  const base = target.startsWith('/') ? [] : linkName.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (base.length === 0) return undefined;
      base.pop();
    } else base.push(seg);
  }
  return base.join('/');
}
