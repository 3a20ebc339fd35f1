import type { Diagnostic } from '../../core/diagnostic.js';
import { type Range, range, SourceFile } from '../../core/source.js';
import { goClean, goTrimSpace, trimSpaceBounds } from './go-path.js';
import { type CompiledPattern, compilePattern } from './pattern.js';

/** One effective line of a `.dockerignore`. */
export interface IgnorePattern extends CompiledPattern {
  /** 1-based line number. */
  readonly line: number;
  /** The line as written, without its terminator. */
  readonly text: string;
  /** The whole line (without terminator). */
  readonly range: Range;
  /** The pattern text: the line trimmed, including a leading `!`. */
  readonly valueRange: Range;
  /** What `ignorefile.ReadAll` returns for the line (with `!` for an exception). */
  readonly normalized: string;
}

export interface DockerignoreFile {
  readonly source: SourceFile;
  /** Valid patterns in file order. Malformed lines are reported in `diagnostics` and left out. */
  readonly patterns: readonly IgnorePattern[];
  readonly diagnostics: readonly Diagnostic[];
}

export const BAD_PATTERN = 'dockerignore/bad-pattern';
export const LINE_TOO_LONG = 'dockerignore/line-too-long';

/** bufio.Scanner's default maximum token size: longer lines make Docker fail to read the file. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Parse a `.dockerignore` with Docker's exact rules (moby/patternmatcher
 * `ignorefile.ReadAll` followed by `patternmatcher.New`):
 *
 * - a UTF-8 BOM at the start is dropped; lines split on `\n`, a trailing `\r` is dropped;
 * - a line whose *first* character is `#` is a comment (` #x` is a pattern);
 * - surrounding Unicode whitespace is trimmed; blank lines are skipped;
 * - a leading `!` marks an exception; whitespace after it is trimmed too;
 * - the rest is `filepath.Clean`ed and one leading `/` removed (`/a/../b` → `b`, `./x` → `x`);
 * - then `patternmatcher.New` trims and cleans again and checks `filepath.Match` syntax.
 *
 * Never throws: malformed patterns become `dockerignore/bad-pattern` diagnostics.
 */
export function parseDockerignore(text: string, path = '.dockerignore'): DockerignoreFile {
  const source = new SourceFile(path, text);
  const patterns: IgnorePattern[] = [];
  const diagnostics: Diagnostic[] = [];
  const diag = (r: Range, message: string, code: string, hint?: string) => {
    diagnostics.push({
      file: source.path,
      range: r,
      start: source.positionAt(r.start),
      end: source.positionAt(r.end),
      severity: 'error',
      message,
      code,
      ...(hint ? { hint } : {}),
    });
  };

  let lineStart = 0;
  let lineNo = 0;
  while (lineStart <= text.length) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) {
      nl = text.length;
      if (lineStart === text.length) break; // no empty token after a final newline
    }
    lineNo++;
    let start = lineStart;
    let end = nl;
    lineStart = nl + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) start++;

    if (Buffer.byteLength(text.slice(start, end)) + (nl < text.length ? 1 : 0) > MAX_LINE_BYTES) {
      diag(
        range(start, end),
        `line is longer than ${MAX_LINE_BYTES} bytes; Docker cannot read this file ("token too long")`,
        LINE_TOO_LONG,
      );
      continue;
    }
    if (text.charCodeAt(start) === 35 /* # */) continue;

    const [vStart, vEnd] = trimSpaceBounds(text, start, end);
    if (vStart === vEnd) continue;
    // ignorefile.ReadAll
    let bodyStart = vStart;
    const invert = text[vStart] === '!';
    if (invert) bodyStart = trimSpaceBounds(text, vStart + 1, vEnd)[0];
    let body = text.slice(bodyStart, vEnd);
    if (body.length > 0) {
      body = goClean(body);
      if (body.length > 1 && body[0] === '/') body = body.slice(1);
    }
    const normalized = invert ? `!${body}` : body;

    const lineRange = range(start, end);
    const valueRange = range(vStart, vEnd);
    const result = compilePattern(normalized);
    if (result.ok === 'skip') continue;
    if (result.ok === false) {
      // Point at the offending character when the cleaned pattern is the text as written.
      let where = valueRange;
      const { offset } = result.problem;
      if (offset !== undefined && text.slice(bodyStart, vEnd) === result.pattern) {
        where = range(bodyStart + offset, Math.min(vEnd, bodyStart + offset + 1));
      } else if (result.pattern === '' && invert) {
        where = range(vStart, vStart + 1);
      }
      diag(where, result.problem.message, BAD_PATTERN, result.problem.hint);
      continue;
    }
    patterns.push({
      ...result.compiled,
      line: lineNo,
      text: text.slice(start, end),
      range: lineRange,
      valueRange,
      normalized,
    });
  }
  return { source, patterns, diagnostics };
}

/** `ignorefile.ReadAll`: the normalised pattern lines (handy for comparing with Docker). */
export function readAllPatterns(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.startsWith('#')) return;
    let p = goTrimSpace(line);
    if (p === '') return;
    const invert = p[0] === '!';
    if (invert) p = goTrimSpace(p.slice(1));
    if (p.length > 0) {
      p = goClean(p);
      if (p.length > 1 && p[0] === '/') p = p.slice(1);
    }
    out.push(invert ? `!${p}` : p);
  });
  return out;
}
