/** Is a file committed, or about to be? Reads `.git` and `.gitignore` files directly (no git binary). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The work tree root containing `dir`, if any (a `.git` directory or file). */
export function gitRoot(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    if (existsSync(join(d, '.git'))) return d;
    const parent = dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

function gitDir(root: string): string | undefined {
  const dotgit = join(root, '.git');
  try {
    if (statSync(dotgit).isDirectory()) return dotgit;
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotgit, 'utf8'));
    return m ? join(root, m[1]!.trim()) : undefined;
  } catch {
    return undefined;
  }
}

/** The path is in the index (staged or committed). Index entries are NUL-terminated repository paths. */
export function isTracked(root: string, file: string): boolean {
  const dir = gitDir(root);
  if (!dir) return false;
  try {
    const index = readFileSync(join(dir, 'index'));
    const rel = relative(root, file).split(sep).join('/');
    const needle = Buffer.from(`${rel}\0`);
    const length = Math.min(Buffer.byteLength(rel), 0xfff);
    // Index v2/v3: the path follows 16-bit flags whose low 12 bits are its length (v3 may add 16 extended bits).
    for (let at = index.indexOf(needle); at >= 0; at = index.indexOf(needle, at + 1)) {
      if (at >= 2 && (index.readUInt16BE(at - 2) & 0xfff) === length) return true;
      if (at >= 4 && (index.readUInt16BE(at - 4) & 0xfff) === length) return true;
    }
    return false;
  } catch {
    return false;
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Does a `.gitignore` between the work tree root and the file ignore it? (Last matching pattern wins.) */
export function isIgnored(root: string, file: string): boolean {
  const dirs: string[] = [];
  for (let d = dirname(file); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === root || dirname(d) === d) break;
  }
  let ignored = false;
  for (const d of dirs) {
    let text: string;
    try {
      text = readFileSync(join(d, '.gitignore'), 'utf8');
    } catch {
      continue;
    }
    const rel = relative(d, file).split(sep).join('/');
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    for (const rawLine of text.split(/\r?\n/)) {
      let line = rawLine.replace(/(?<!\\)\s+$/, '');
      if (line === '' || line.startsWith('#')) continue;
      const negate = line.startsWith('!');
      if (negate) line = line.slice(1);
      if (line.endsWith('/')) continue; // directories only
      const anchored = line.includes('/') && !line.startsWith('**/');
      const pattern = globToRegExp(line.replace(/^\//, '').replace(/^\*\*\//, ''));
      const hit = anchored ? pattern.test(rel) : pattern.test(base) || pattern.test(rel);
      if (hit) ignored = !negate;
    }
  }
  return ignored;
}
