/**
 * Small ports of the Go standard-library behaviour that `.dockerignore`
 * handling depends on (unix flavour only): `filepath.Clean`, `filepath.Dir`,
 * `strings.TrimSpace` and the syntax check inside `filepath.Match`.
 */

/** Go's `unicode.IsSpace` set (the Unicode White_Space property). Unlike JS `trim`, U+FEFF is not space. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

export function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

/** Offsets [start, end) of `s` with Go `strings.TrimSpace` applied. */
export function trimSpaceBounds(s: string, from = 0, to = s.length): [number, number] {
  let start = from;
  let end = to;
  while (start < end && isGoSpace(s[start]!)) start++;
  while (end > start && isGoSpace(s[end - 1]!)) end--;
  return [start, end];
}

export function goTrimSpace(s: string): string {
  const [start, end] = trimSpaceBounds(s);
  return s.slice(start, end);
}

/** `filepath.Clean` for '/'-separated paths (lexical: no filesystem access). */
const NEEDS_CLEANING = /\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)/;

export function goClean(path: string): string {
  if (path === '') return '.';
  if (!NEEDS_CLEANING.test(path)) return path;
  const rooted = path.charCodeAt(0) === 47;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** `filepath.Dir`: everything but the last element, cleaned. */
export function goDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return goClean(path.slice(0, slash + 1));
}

/** Where and why a glob is malformed by the rules of Go's `filepath.Match` (`ErrBadPattern`). */
export interface GlobSyntaxError {
  /** UTF-16 offset into the pattern of the construct at fault. */
  readonly offset: number;
  readonly message: string;
}

/**
 * Syntax check equivalent to `filepath.Match(pattern, ".")` returning
 * `ErrBadPattern` (Go ≥ 1.16 validates the whole pattern, not only the part
 * it needed to decide a match). Returns undefined for a well-formed pattern.
 */
export function checkGlobSyntax(pattern: string): GlobSyntaxError | undefined {
  let pos = 0;
  const n = pattern.length;
  while (pos < n) {
    // scanChunk: leading stars, then up to the next '*' outside a [...] range.
    while (pos < n && pattern[pos] === '*') pos++;
    const chunkStart = pos;
    let inRange = false;
    let end = pos;
    for (; end < n; end++) {
      const c = pattern[end];
      if (c === '\\') {
        if (end + 1 < n) end++;
      } else if (c === '[') inRange = true;
      else if (c === ']') inRange = false;
      else if (c === '*' && !inRange) break;
    }
    const err = checkChunk(pattern, chunkStart, end);
    if (err) return err;
    pos = end;
  }
  return undefined;
}

function checkChunk(p: string, start: number, end: number): GlobSyntaxError | undefined {
  let i = start;
  while (i < end) {
    const c = p[i];
    if (c === '[') {
      const open = i;
      i++;
      if (i < end && p[i] === '^') i++;
      let nrange = 0;
      for (;;) {
        if (i < end && p[i] === ']' && nrange > 0) {
          i++;
          break;
        }
        const lo = getEsc(p, i, end, open);
        if (typeof lo !== 'number') return lo;
        i = lo;
        if (p[i] === '-') {
          const hi = getEsc(p, i + 1, end, open);
          if (typeof hi !== 'number') return hi;
          i = hi;
        }
        nrange++;
      }
    } else if (c === '\\') {
      i++;
      if (i >= end) return { offset: i - 1, message: 'trailing backslash escapes nothing' };
      i++;
    } else {
      i++;
    }
  }
  return undefined;
}

/** One (possibly escaped) character of a [...] class; returns the offset after it, or the error. */
function getEsc(p: string, i: number, end: number, open: number): number | GlobSyntaxError {
  if (i >= end) return { offset: open, message: 'character class is not closed with `]`' };
  const c = p[i];
  if (c === '-')
    return {
      offset: i,
      message: '`-` must sit between two characters in a character class (escape it as `\\-`)',
    };
  if (c === ']') return { offset: i, message: 'empty character class (escape a literal `]` as `\\]`)' };
  if (c === '\\') {
    i++;
    if (i >= end) return { offset: open, message: 'character class is not closed with `]`' };
  }
  const cp = p.codePointAt(i)!;
  i += cp > 0xffff ? 2 : 1;
  if (i >= end) return { offset: open, message: 'character class is not closed with `]`' };
  return i;
}
