/**
 * `.env` / `env_file` parsing, faithful to compose-go's `dotenv` package (the parser Docker Compose v2
 * uses for the project `.env`, `--env-file` and `env_file:`).
 *
 * The grammar as compose-go implements it:
 * - Statements start at the first non-space character; lines whose first non-space character is `#`
 *   are comments. A UTF-8 BOM at the start is skipped.
 * - `export` followed by whitespace is dropped.
 * - The key runs to `=`, `:` (YAML style) or a newline (an "inherited" key, taken from `lookup` if set
 *   there, otherwise omitted). Key characters: Unicode letters and digits, `_ . - [ ]`; spaces and tabs
 *   inside are skipped while scanning but a key containing a space is an error.
 * - Unquoted values run to the end of the line, are cut at the first ` #` (an inline comment needs
 *   the space) and right-trimmed; they are interpolated.
 * - Quoted values (`'…'` or `"…"`) may span lines; `\'` / `\"` escapes the quote. Double-quoted
 *   values then expand `\a \b \f \n \r \t \v \\ \" \$` and `\0NNN` (octal), and are interpolated;
 *   single-quoted values are literal.
 * - Interpolation is the Compose one (`./interpolate.ts`); a variable resolves from `lookup` first
 *   (the process environment) and then from keys defined earlier in the same file.
 * - Keys starting with a digit are dropped when the file is read (compose-go's `ReadWithLookup`).
 *
 * Where compose-go stops at the first error, this parser records a diagnostic, skips to the next
 * line and goes on, so every problem is reported at once. Compose would reject a file with any
 * `error` diagnostic.
 */
import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import { SourceFile } from '../../core/source.js';
import { InterpolationError, interpolate, type Lookup, referencedVariables } from './interpolate.js';

export interface DotenvEntry {
  key: string;
  value: string;
  /** 1-based line of the statement's first character. */
  line: number;
  /** The statement, from its first character (including `export`) to the end of the value. */
  range: { start: number; end: number };
}

export interface DotenvResult {
  values: Map<string, string>;
  /** Every assignment in file order (including later-overridden and digit-leading keys). */
  entries: DotenvEntry[];
  diagnostics: Diagnostic[];
}

/** Parse a .env / env_file; `lookup` resolves ${VAR} inside values (process env, earlier keys win as compose-go does). */
export function parseDotenv(text: string, path: string, lookup?: Lookup): DotenvResult {
  return new DotenvParser(new SourceFile(path, text), lookup).run();
}

// ---------------------------------------------------------------------------------------------

/** compose-go's isSpace: whitespace that is not a line break. */
function isSpace(c: number): boolean {
  return c === 9 || c === 11 || c === 12 || c === 13 || c === 32 || c === 0x85 || c === 0xa0;
}

/** Go's unicode.IsSpace. */
function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go regexp `\s`. */
function isAsciiSpace(c: number): boolean {
  return c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
}

const KEY_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;
const DIGIT_KEY = /^[\t\n\f\r ]*[0-9]/;

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** A processed string with, for each UTF-16 unit, the source offset it came from. */
interface Mapped {
  text: string;
  offsets: number[];
}

class DotenvParser {
  readonly values = new Map<string, string>();
  readonly entries: DotenvEntry[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly text: string;

  constructor(
    readonly source: SourceFile,
    readonly lookup: Lookup | undefined,
  ) {
    this.text = source.text;
  }

  run(): DotenvResult {
    const t = this.text;
    let pos = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (pos < t.length) {
      // getStatementStart: skip whitespace (line breaks included) and comment lines.
      while (pos < t.length && isUnicodeSpace(t.charCodeAt(pos))) pos++;
      if (pos >= t.length) break;
      if (t.charCodeAt(pos) === 35 /* # */) {
        pos = this.lineEnd(pos);
        continue;
      }
      pos = this.statement(pos);
    }
    for (const key of [...this.values.keys()]) {
      if (!DIGIT_KEY.test(key)) continue;
      this.values.delete(key);
      const entry = this.entries.find((e) => e.key === key);
      if (entry) {
        this.report(
          entry.range.start,
          entry.range.start + key.length,
          'warning',
          'dotenv/digit-key',
          `key ${JSON.stringify(key)} starts with a digit; Compose ignores it`,
        );
      }
    }
    return { values: this.values, entries: this.entries, diagnostics: this.diagnostics };
  }

  lineEnd(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl === -1 ? this.text.length : nl;
  }

  report(start: number, end: number, severity: Severity, code: string, message: string, hint?: string): void {
    const range = { start, end: Math.max(start, end) };
    const diagnostic: Diagnostic = {
      file: this.source.path,
      range,
      start: this.source.positionAt(range.start),
      end: this.source.positionAt(range.end),
      severity,
      message,
      code,
      ...(hint === undefined ? {} : { hint }),
    };
    this.diagnostics.push(diagnostic);
  }

  /** Parse one statement at `stmtStart`; returns where scanning resumes. */
  statement(stmtStart: number): number {
    const t = this.text;
    let pos = stmtStart;
    if (t.startsWith('export', pos) && isAsciiSpace(t.charCodeAt(pos + 6))) {
      pos += 6;
      while (pos < t.length && isSpace(t.charCodeAt(pos))) pos++;
    }
    const keyStart = pos;

    // scanKeyEnd
    let term = -1;
    for (let i = keyStart; i < t.length; ) {
      const cp = t.codePointAt(i) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      if (isSpace(cp)) {
        i += width;
        continue;
      }
      if (cp === 61 /* = */ || cp === 58 /* : */ || cp === 10 /* \n */) {
        term = i;
        break;
      }
      if (!KEY_CHAR.test(String.fromCodePoint(cp))) {
        const lineEnd = this.lineEnd(keyStart);
        this.report(
          i,
          i + width,
          'error',
          'dotenv/invalid-key',
          `unexpected character ${JSON.stringify(String.fromCodePoint(cp))} in variable name ${JSON.stringify(t.slice(keyStart, lineEnd))}`,
          'keys may contain letters, digits, "_", ".", "-", "[" and "]"',
        );
        return lineEnd;
      }
      i += width;
    }

    let key: string;
    let valueFrom: number;
    let inherited = false;
    if (term === -1) {
      // compose-go quirk: a last line without `=` or newline becomes the value of an empty key.
      key = '';
      valueFrom = keyStart;
      this.report(
        keyStart,
        t.length,
        'warning',
        'dotenv/missing-separator',
        `${JSON.stringify(t.slice(keyStart).trimEnd())} has no "=": Compose reads it as the value of an empty key`,
        'write KEY=value, or end the file with a newline to take KEY from the environment',
      );
    } else {
      key = trimEndUnicode(t.slice(keyStart, term));
      inherited = t.charCodeAt(term) === 10;
      valueFrom = term + 1;
      if (key.includes(' ')) {
        this.report(
          keyStart,
          keyStart + key.length,
          'error',
          'dotenv/key-space',
          'key cannot contain a space',
        );
        return inherited ? term : this.lineEnd(term);
      }
    }

    if (inherited) {
      const value = this.lookup?.(key);
      if (value !== undefined) this.assign(key, value, stmtStart, keyStart + key.length);
      return term + 1;
    }

    let vs = valueFrom;
    while (vs < t.length && isSpace(t.charCodeAt(vs))) vs++;
    const quote = t.charCodeAt(vs);
    if (quote === 34 /* " */ || quote === 39 /* ' */) return this.quotedValue(key, stmtStart, vs, quote);

    // Unquoted: to end of line, cut at " #", right-trimmed, interpolated.
    const lineEnd = this.lineEnd(vs);
    const comment = t.indexOf(' #', vs);
    let end = comment !== -1 && comment < lineEnd ? comment : lineEnd;
    while (end > vs && isUnicodeSpace(t.charCodeAt(end - 1))) end--;
    const raw = t.slice(vs, end);
    const offsets = Array.from({ length: raw.length }, (_, i) => vs + i);
    const value = this.expand({ text: raw, offsets }, vs, end);
    if (value !== undefined) this.assign(key, value, stmtStart, end);
    return lineEnd;
  }

  quotedValue(key: string, stmtStart: number, open: number, quote: number): number {
    const t = this.text;
    let escaped = false;
    let text = '';
    const offsets: number[] = [];
    for (let i = open + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (escaped) {
        escaped = false;
        // An escaped quote drops its backslash; any other escaped character keeps it.
        if (c !== quote) {
          text += '\\';
          offsets.push(i - 1);
        }
        text += t[i];
        offsets.push(i);
        continue;
      }
      if (c === 92 /* \ */) {
        escaped = true;
      } else if (c === quote) {
        let value: string | undefined = text;
        if (quote === 34) value = this.expand(expandEscapes({ text, offsets }), open, i + 1);
        if (value !== undefined) this.assign(key, value, stmtStart, i + 1);
        return i + 1;
      } else {
        text += t[i];
        offsets.push(i);
      }
    }
    const lineEnd = this.lineEnd(open);
    this.report(
      open,
      lineEnd,
      'error',
      'dotenv/unterminated-quote',
      `unterminated quoted value ${t.slice(open, lineEnd)}`,
      `close the value with ${String.fromCharCode(quote)} (escape a literal one as \\${String.fromCharCode(quote)})`,
    );
    return lineEnd;
  }

  /** Interpolate a value; errors become diagnostics (and the key is not assigned). */
  expand(value: Mapped, start: number, end: number): string | undefined {
    const values = this.values;
    const lookup = this.lookup;
    const resolve: Lookup = (name) => {
      const fromEnv = lookup?.(name);
      return fromEnv !== undefined ? fromEnv : values.get(name);
    };
    const at = (offset: number) => value.offsets[offset] ?? start;
    try {
      const result = interpolate(value.text, resolve);
      if (result.blank.length > 0) {
        const refs = referencedVariables(value.text);
        for (const name of result.blank) {
          const ref = refs.find((r) => r.name === name);
          const s = ref ? at(ref.start) : start;
          const e = ref ? at(ref.end - 1) + 1 : end;
          this.report(
            s,
            e,
            'warning',
            'dotenv/unset-variable',
            `The ${JSON.stringify(name)} variable is not set. Defaulting to a blank string.`,
          );
        }
      }
      return result.value;
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      const s = at(error.offset);
      this.report(
        s,
        error.kind === 'required' ? s + 2 + (error.variable?.length ?? 0) : s + 2,
        'error',
        error.kind === 'required' ? 'dotenv/required-variable' : 'dotenv/invalid-interpolation',
        error.message,
      );
      return undefined;
    }
  }

  assign(key: string, value: string, start: number, end: number): void {
    this.values.set(key, value);
    this.entries.push({ key, value, line: this.source.positionAt(start).line, range: { start, end } });
  }
}

function trimEndUnicode(s: string): string {
  let end = s.length;
  while (end > 0 && isUnicodeSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/**
 * compose-go's expandEscapes: `\a \b \f \n \r \t \v \" \\` become their characters, `\$` becomes
 * `$$` (a literal `$` for the interpolation that follows), `\0NNN` is an octal byte; anything else
 * (including `\c`, `\x07`, `\u12e4`, short or out-of-range octal) is kept as written.
 */
function expandEscapes(input: Mapped): Mapped {
  const { text, offsets } = input;
  let out = '';
  const outOffsets: number[] = [];
  const push = (s: string, offset: number) => {
    out += s;
    for (let k = 0; k < s.length; k++) outOffsets.push(offset);
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    const off = offsets[i] ?? 0;
    const n = text[i + 1];
    if (c !== '\\' || n === undefined) {
      push(c, off);
      i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      push(simple, off);
      i += 2;
    } else if (n === '$') {
      push('$$', off);
      i += 2;
    } else if (n === 'c') {
      push('\\c', off);
      i += 2;
    } else if (n === '0') {
      let digits = '';
      while (digits.length < 3 && /[0-9]/.test(text[i + 2 + digits.length] ?? '')) {
        digits += text[i + 2 + digits.length];
      }
      const value = /^[0-7]{3}$/.test(digits) ? Number.parseInt(digits, 8) : 256;
      push(value <= 255 ? String.fromCharCode(value) : `\\0${digits}`, off);
      i += 2 + digits.length;
    } else {
      push('\\', off);
      i++;
    }
  }
  return { text: out, offsets: outOffsets };
}
