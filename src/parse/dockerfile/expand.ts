/**
 * Dockerfile word expansion with the semantics of BuildKit's `frontend/dockerfile/shell/lex.go`
 * (`ShellLex.ProcessWord`, `ProcessWords`, `ProcessWordWithMatches`).
 *
 * One recursive-descent pass over the word: quotes are removed, escapes processed and `$NAME` /
 * `${NAME...}` references expanded. Pattern operators (`#`, `##`, `%`, `%%`, `/`, `//`) use a small
 * NFA over code points instead of regular expressions, so there is no backtracking.
 *
 * BuildKit quirks that are reproduced on purpose (they decide what a build really sees):
 * - `$` followed by a character that cannot start a name is kept literally (`$.` → `$.`).
 * - Positional (`$1`, `${001}`) and special (`$@ $* $# $? $- $$ $! $0`) parameters are looked up like
 *   any other name; they are normally unset, so they expand to nothing and show up in `unmatched`.
 * - Patterns know only `*`, `?` and `\` escapes (`\*`, `\?`, `\\`, and `\}` / `\/` for the delimiters);
 *   `[` is literal (BuildKit has no bracket expressions). `*` and `?` never match a newline.
 * - The pattern and replacement of `#`, `%` and `/` keep their escape characters; `${V//p/r}` expands
 *   Go regexp templates in `r` (`$0` / `${0}` is the match, `$$` is `$`, other `$name`s are empty)
 *   while `${V/p/r}` inserts `r` verbatim.
 * - Inside double quotes only `"`, `$` and the escape token can be escaped; other escapes stay.
 */

export type Env = ReadonlyMap<string, string> | ((name: string) => string | undefined);

export interface ExpandOptions {
  /** From the `# escape=` directive; default `\`. */
  escapeToken?: '\\' | '`';
  /**
   * Default `unix`. On `windows` variable names are case-insensitive. With a `Map` env this is handled
   * here (exact match first); a function env must do its own case folding on Windows.
   */
  platform?: 'unix' | 'windows';
}

export interface ExpandResult {
  value: string;
  /** Names referenced (as written) that were set, in order of first lookup. */
  used: string[];
  /** Names referenced (as written) that were not set, in order of first lookup. */
  unmatched: string[];
}

/** A variable reference found by {@link referencedVariables}. `end` is exclusive. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//` (or an unsupported one such as `:=`). */
  modifier?: string;
}

/**
 * Raised for words BuildKit rejects. `offset` is a UTF-16 index into the word:
 * the opening quote of an unterminated string, the `$` of an unterminated `${` or a failed `?` check,
 * the offending character of a bad substitution / unsupported modifier, the start of an invalid pattern.
 */
export class ExpansionError extends Error {
  readonly offset: number;
  /** The word being expanded. */
  readonly word: string;
  constructor(message: string, offset: number, word = '') {
    super(message);
    this.name = 'ExpansionError';
    this.offset = offset;
    this.word = word;
  }
}

// ---------------------------------------------------------------------------------------------
// Character classes (Go's unicode.IsSpace / IsLetter / IsDigit)

const C_TAB = 9;
const C_NL = 10;
const C_DQ = 34;
const C_HASH = 35;
const C_DOLLAR = 36;
const C_PERCENT = 37;
const C_SQ = 39;
const C_PLUS = 43;
const C_MINUS = 45;
const C_SLASH = 47;
const C_0 = 48;
const C_9 = 57;
const C_COLON = 58;
const C_QUESTION = 63;
const C_BACKSLASH = 92;
const C_UNDERSCORE = 95;
const C_LBRACE = 123;
const C_RBRACE = 125;
const EOF = -1;

const LETTER_RE = /^\p{L}$/u;
const DIGIT_RE = /^\p{Nd}$/u;

function isSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= C_TAB && c <= 13) || c === 0x85 || c === 0xa0;
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

function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= C_0 && cp <= C_9;
  return DIGIT_RE.test(String.fromCodePoint(cp));
}

function isNameChar(cp: number): boolean {
  if (cp < 0x80) {
    return (
      (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= C_0 && cp <= C_9) || cp === C_UNDERSCORE
    );
  }
  const s = String.fromCodePoint(cp);
  return LETTER_RE.test(s) || DIGIT_RE.test(s);
}

/** `@ * # ? - $ ! 0` (POSIX special parameters). */
function isSpecialParam(c: number): boolean {
  return (
    c === 64 ||
    c === 42 ||
    c === C_HASH ||
    c === C_QUESTION ||
    c === C_MINUS ||
    c === C_DOLLAR ||
    c === 33 ||
    c === C_0
  );
}

// ---------------------------------------------------------------------------------------------
// Word splitting state (BuildKit's wordsStruct)

class Words {
  word = '';
  list: string[] = [];
  inWord = false;

  addChar(c: number, ch: string): void {
    if (isSpace(c)) {
      if (this.inWord && this.word.length !== 0) {
        this.list.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.word += ch;
      this.inWord = true;
    }
  }

  addString(s: string): void {
    for (let i = 0; i < s.length; i++) this.addChar(s.charCodeAt(i), s[i]!);
  }

  addRaw(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.word.length > 0) {
      this.list.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.list;
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer

interface MutableRef {
  name: string;
  start: number;
  end: number;
  modifier?: string;
}

/** Windows: first key equal to `name` ignoring case (BuildKit's EqualEnvKeys). */
function lookupFold(env: ReadonlyMap<string, string>, name: string): string | undefined {
  const upper = name.toUpperCase();
  for (const [k, v] of env) if (k.toUpperCase() === upper) return v;
  return undefined;
}

class Lexer {
  pos = 0;
  readonly n: number;
  readonly esc: number;
  readonly escCh: string;
  used: string[] = [];
  unmatched: string[] = [];
  private seen: Set<string> | null = null;
  /** Set for referencedVariables: parse only, record references, never evaluate. */
  refs: MutableRef[] | null = null;

  constructor(
    readonly src: string,
    readonly env: Env | null,
    readonly windows: boolean,
    escapeToken: '\\' | '`',
  ) {
    this.n = src.length;
    this.escCh = escapeToken;
    this.esc = escapeToken.charCodeAt(0);
  }

  fail(message: string, offset: number): never {
    throw new ExpansionError(message, offset, this.src);
  }

  lookup(name: string): string | undefined {
    const env = this.env!;
    let v: string | undefined;
    if (typeof env === 'function') v = env(name);
    else {
      v = env.get(name);
      if (v === undefined && this.windows) v = lookupFold(env, name);
    }
    if (this.seen === null) this.seen = new Set();
    const seen = this.seen;
    if (!seen.has(name)) {
      seen.add(name);
      (v === undefined ? this.unmatched : this.used).push(name);
    }
    return v;
  }

  /** BuildKit's processStopOn: read until `stop` (consumed) or end of word (stop = EOF). */
  processStopOn(stop: number, raw: boolean, words: Words | null): string {
    const src = this.src;
    const n = this.n;
    const esc = this.esc;
    let out = '';
    let lit = this.pos;
    while (this.pos < n) {
      const c = src.charCodeAt(this.pos);
      if (c === stop) {
        out += src.slice(lit, this.pos);
        this.pos++;
        return out;
      }
      if (c === C_DOLLAR || c === C_SQ || c === C_DQ) {
        out += src.slice(lit, this.pos);
        let tmp: string;
        if (c === C_DOLLAR) {
          tmp = this.processDollar();
          words?.addString(tmp);
        } else {
          tmp = c === C_SQ ? this.processSingleQuote() : this.processDoubleQuote(raw);
          words?.addRaw(tmp);
        }
        out += tmp;
        lit = this.pos;
        continue;
      }
      if (c === esc) {
        out += src.slice(lit, this.pos);
        if (raw) {
          out += this.escCh;
          words?.addRaw(this.escCh);
        }
        this.pos++;
        lit = this.pos;
        if (this.pos >= n) break; // escape at end of word is dropped
        // the escaped character is taken literally (it is the start of the next literal run)
        words?.addRaw(src[this.pos]!);
        this.pos++;
        continue;
      }
      if (words !== null) words.addChar(c, src[this.pos]!);
      this.pos++;
    }
    out += src.slice(lit, this.pos);
    if (stop !== EOF) {
      this.fail(
        `unexpected end of statement while looking for matching ${String.fromCharCode(stop)}`,
        this.pos,
      );
    }
    return out;
  }

  processSingleQuote(): string {
    const start = this.pos;
    const end = this.src.indexOf("'", start + 1);
    if (end < 0) this.fail('unexpected end of statement while looking for matching single-quote', start);
    this.pos = end + 1;
    return this.src.slice(start + 1, end);
  }

  processDoubleQuote(raw: boolean): string {
    const src = this.src;
    const n = this.n;
    const esc = this.esc;
    const start = this.pos++;
    let out = '';
    let lit = this.pos;
    for (;;) {
      if (this.pos >= n)
        this.fail('unexpected end of statement while looking for matching double-quote', start);
      const c = src.charCodeAt(this.pos);
      if (c === C_DQ) {
        out += src.slice(lit, this.pos);
        this.pos++;
        return out;
      }
      if (c === C_DOLLAR) {
        out += src.slice(lit, this.pos);
        out += this.processDollar();
        lit = this.pos;
        continue;
      }
      if (c === esc) {
        out += src.slice(lit, this.pos);
        if (raw) out += this.escCh;
        this.pos++;
        lit = this.pos;
        if (this.pos >= n) continue; // reported as unterminated on the next turn
        const d = src.charCodeAt(this.pos);
        if (d === C_DQ || d === C_DOLLAR || d === esc) {
          this.pos++; // escaped: kept literally as the start of the next run
        } else {
          out += this.escCh; // not escapable: the escape stays, the next char is read normally
        }
        continue;
      }
      this.pos++;
    }
  }

  /** BuildKit's processName; returns '' when no name starts here. */
  processName(): string {
    const src = this.src;
    const n = this.n;
    const start = this.pos;
    if (start >= n) return '';
    const first = src.codePointAt(start)!;
    if (isDigit(first)) {
      while (this.pos < n) {
        const cp = src.codePointAt(this.pos)!;
        if (!isDigit(cp)) break;
        this.pos += cp > 0xffff ? 2 : 1;
      }
      return src.slice(start, this.pos);
    }
    if (isSpecialParam(first)) {
      this.pos++;
      return src[start]!;
    }
    while (this.pos < n) {
      const cp = src.codePointAt(this.pos)!;
      if (!isNameChar(cp)) break;
      this.pos += cp > 0xffff ? 2 : 1;
    }
    return src.slice(start, this.pos);
  }

  processDollar(): string {
    const src = this.src;
    const n = this.n;
    const start = this.pos++;
    const evaluate = this.refs === null;

    if (this.pos >= n || src.charCodeAt(this.pos) !== C_LBRACE) {
      const name = this.processName();
      if (name === '') return '$';
      if (!evaluate) {
        this.refs!.push({ name, start, end: this.pos });
        return '';
      }
      return this.lookup(name) ?? '';
    }

    this.pos++; // '{'
    if (this.pos >= n) this.fail("syntax error: missing '}'", start);
    const first = src.charCodeAt(this.pos);
    if (first === C_LBRACE || first === C_RBRACE || first === C_COLON) {
      this.fail('syntax error: bad substitution', this.pos);
    }
    const name = this.processName();
    if (this.pos >= n) this.fail("syntax error: missing '}'", start);
    const modPos = this.pos;
    let ch = src.charCodeAt(this.pos++);
    const ref: MutableRef | null = evaluate ? null : { name, start, end: -1 };
    if (ref !== null) this.refs!.push(ref);

    if (ch === C_RBRACE) {
      if (ref !== null) {
        ref.end = this.pos;
        return '';
      }
      return this.lookup(name) ?? '';
    }

    if (ch === C_SLASH) return this.processReplace(name, start, ref);

    let nullIsUnset = false;
    if (ch === C_COLON) {
      nullIsUnset = true;
      ch = this.pos < n ? src.charCodeAt(this.pos++) : EOF;
    } else if (ch !== C_PLUS && ch !== C_MINUS && ch !== C_QUESTION && ch !== C_HASH && ch !== C_PERCENT) {
      this.fail(
        `unsupported modifier (${String.fromCodePoint(src.codePointAt(modPos)!)}) in substitution`,
        modPos,
      );
    }
    const modifier = src.slice(modPos, this.pos);
    const wordStart = this.pos;
    let word: string;
    try {
      word = this.processStopOn(C_RBRACE, ch === C_HASH || ch === C_PERCENT, null);
    } catch (e) {
      if (this.pos >= n) this.fail("syntax error: missing '}'", start);
      throw e;
    }
    if (ref !== null) {
      ref.end = this.pos;
      ref.modifier =
        (ch === C_HASH || ch === C_PERCENT) && src.charCodeAt(wordStart) === ch
          ? modifier + modifier
          : modifier;
      return '';
    }

    const value = this.lookup(name);
    switch (ch) {
      case C_MINUS:
        return value === undefined || (nullIsUnset && value === '') ? word : value;
      case C_PLUS:
        return value === undefined || (nullIsUnset && value === '') ? '' : word;
      case C_QUESTION:
        if (value === undefined)
          this.fail(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`, start);
        if (nullIsUnset && value === '')
          this.fail(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`, start);
        return value;
      case C_HASH:
      case C_PERCENT: {
        let greedy = false;
        if (word.length > 0 && word.charCodeAt(0) === ch) {
          greedy = true;
          word = word.slice(1);
        }
        const pattern = this.compile(
          word,
          greedy && src.charCodeAt(wordStart) === ch ? wordStart + 1 : wordStart,
        );
        return ch === C_PERCENT
          ? trimSuffix(pattern, value ?? '', greedy)
          : trimPrefix(pattern, value ?? '', greedy);
      }
      default:
        return this.fail(`unsupported modifier (${modifier}) in substitution`, modPos);
    }
  }

  processReplace(name: string, start: number, ref: MutableRef | null): string {
    const n = this.n;
    let modifier = '/';
    if (this.pos < n && this.src.charCodeAt(this.pos) === C_SLASH) {
      this.pos++;
      modifier = '//';
    }
    const patternStart = this.pos;
    let pattern: string;
    try {
      pattern = this.processStopOn(C_SLASH, true, null);
    } catch (e) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: BuildKit's message names the ${} syntax
      if (this.pos >= n) this.fail("syntax error: missing '/' in ${}", start);
      throw e;
    }
    let replacement: string;
    try {
      replacement = this.processStopOn(C_RBRACE, true, null);
    } catch (e) {
      if (this.pos >= n) this.fail("syntax error: missing '}'", start);
      throw e;
    }
    if (ref !== null) {
      ref.end = this.pos;
      ref.modifier = modifier;
      return '';
    }
    const value = this.lookup(name) ?? '';
    const tokens = this.compile(pattern, patternStart);
    return modifier === '//'
      ? replaceAll(tokens, value, replacement)
      : replaceFirst(tokens, value, replacement);
  }

  compile(pattern: string, offset: number): Int32Array {
    const r = compilePattern(pattern);
    if (typeof r === 'string') this.fail(`invalid pattern (${pattern}) in substitution: ${r}`, offset);
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// Shell patterns: `*` (any run without newline), `?` (one code point but newline), literals.

const STAR = -1;
const ANY = -2;

/** Tokenise a pattern; returns an error message for invalid escapes. */
function compilePattern(pattern: string): Int32Array | string {
  const out: number[] = [];
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const cp = pattern.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (cp === 42) out.push(STAR);
    else if (cp === C_QUESTION) out.push(ANY);
    else if (cp === C_BACKSLASH) {
      const next = i < n ? pattern.codePointAt(i)! : EOF;
      if (next === C_RBRACE || next === C_SLASH) continue; // escape of a ${} delimiter, not of the pattern
      if (next !== 42 && next !== C_QUESTION && next !== C_BACKSLASH) {
        return `invalid escape '\\${next === EOF ? '' : String.fromCodePoint(next)}'`;
      }
      i++;
      out.push(next);
    } else out.push(cp);
  }
  return Int32Array.from(out);
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

function fromCodePoints(cps: readonly number[], from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCodePoint(cps[i]!);
  return s;
}

/**
 * End of the shortest (or longest) match of `tok` anchored at `start` in `cps`, or -1.
 * NFA simulation: O(length × pattern) with no backtracking. For these patterns (all stars lazy, or all
 * greedy) the shortest/longest match is exactly the one Go's leftmost-first regexp picks.
 */
function matchAt(
  tok: Int32Array,
  cps: readonly number[],
  start: number,
  longest: boolean,
  marks: Int32Array,
): number {
  const m = tok.length;
  let gen = marks[m + 1]! + 1;
  let cur: number[] = [];
  const add = (list: number[], i: number): void => {
    for (;;) {
      if (marks[i] === gen) return;
      marks[i] = gen;
      list.push(i);
      if (i < m && tok[i] === STAR) i++;
      else return;
    }
  };
  add(cur, 0);
  let best = marks[m] === gen ? start : -1;
  if (best >= 0 && !longest) {
    marks[m + 1] = gen;
    return best;
  }
  for (let k = start; k < cps.length && cur.length > 0; k++) {
    const c = cps[k]!;
    gen++;
    const next: number[] = [];
    for (const i of cur) {
      if (i === m) continue;
      const t = tok[i]!;
      if (t === STAR) {
        if (c !== C_NL) add(next, i);
      } else if (t === ANY) {
        if (c !== C_NL) add(next, i + 1);
      } else if (t === c) add(next, i + 1);
    }
    cur = next;
    if (marks[m] === gen) {
      best = k + 1;
      if (!longest) break;
    }
  }
  marks[m + 1] = gen;
  return best;
}

function newMarks(tok: Int32Array): Int32Array {
  return new Int32Array(tok.length + 2);
}

function trimPrefix(tok: Int32Array, value: string, greedy: boolean): string {
  const cps = codePoints(value);
  const end = matchAt(tok, cps, 0, greedy, newMarks(tok));
  return end < 0 ? value : fromCodePoints(cps, end, cps.length);
}

function trimSuffix(tok: Int32Array, value: string, greedy: boolean): string {
  const rev = codePoints(value).reverse();
  const end = matchAt(tok.slice().reverse(), rev, 0, greedy, newMarks(tok));
  if (end < 0) return value;
  return fromCodePoints(rev.slice(end).reverse(), 0, rev.length - end);
}

/**
 * Leftmost-longest match at or after `from` as [start, end], or null: one pass over the value with
 * threads tagged by their start (kept in ascending start order, so the first thread to reach a state
 * has the smallest start). Equals Go's leftmost-first choice for all-greedy patterns.
 */
function find(
  tok: Int32Array,
  cps: readonly number[],
  from: number,
  marks: Int32Array,
): [number, number] | null {
  const m = tok.length;
  const n = cps.length;
  let gen = marks[m + 1]! + 1;
  let cur: number[] = [];
  let curStart: number[] = [];
  let next: number[] = [];
  let nextStart: number[] = [];
  const add = (list: number[], starts: number[], i: number, start: number): void => {
    for (;;) {
      if (marks[i] === gen) return;
      marks[i] = gen;
      list.push(i);
      starts.push(start);
      if (i < m && tok[i] === STAR) i++;
      else return;
    }
  };
  let best0 = -1;
  let best1 = -1;
  for (let k = from; ; k++) {
    if (best0 < 0) add(cur, curStart, 0, k);
    if (marks[m] === gen) {
      const s = curStart[cur.indexOf(m)]!;
      if (best0 < 0 || s < best0 || (s === best0 && k > best1)) {
        best0 = s;
        best1 = k;
      }
    }
    if (k >= n) break;
    const c = cps[k]!;
    gen++;
    next.length = 0;
    nextStart.length = 0;
    for (let j = 0; j < cur.length; j++) {
      const i = cur[j]!;
      const st = curStart[j]!;
      if (i === m || (best0 >= 0 && st > best0)) continue;
      const t = tok[i]!;
      if (t === STAR) {
        if (c !== C_NL) add(next, nextStart, i, st);
      } else if (t === ANY) {
        if (c !== C_NL) add(next, nextStart, i + 1, st);
      } else if (t === c) add(next, nextStart, i + 1, st);
    }
    [cur, next] = [next, cur];
    [curStart, nextStart] = [nextStart, curStart];
    if (cur.length === 0 && best0 >= 0) break;
  }
  marks[m + 1] = gen;
  return best0 < 0 ? null : [best0, best1];
}

function replaceFirst(tok: Int32Array, value: string, replacement: string): string {
  const cps = codePoints(value);
  const m = find(tok, cps, 0, newMarks(tok));
  if (m === null) return value;
  return fromCodePoints(cps, 0, m[0]) + replacement + fromCodePoints(cps, m[1], cps.length);
}

/** Go's Regexp.ReplaceAllString loop (empty-match rules included) with template expansion. */
function replaceAll(tok: Int32Array, value: string, template: string): string {
  const cps = codePoints(value);
  const marks = newMarks(tok);
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= cps.length) {
    const m = find(tok, cps, searchPos, marks);
    if (m === null) break;
    out += fromCodePoints(cps, lastEnd, m[0]);
    if (m[1] > lastEnd || m[0] === 0) out += expandTemplate(template, fromCodePoints(cps, m[0], m[1]));
    lastEnd = m[1];
    searchPos = Math.max(searchPos + 1, m[1]);
  }
  return out + fromCodePoints(cps, lastEnd, cps.length);
}

/** Go's regexp template expansion for a regexp without groups: `$0`/`${0}` = match, `$$` = `$`. */
function expandTemplate(template: string, match: string): string {
  if (template.indexOf('$') < 0) return template;
  let out = '';
  let i = 0;
  const n = template.length;
  while (i < n) {
    const d = template.indexOf('$', i);
    if (d < 0) break;
    out += template.slice(i, d);
    i = d + 1;
    if (i < n && template.charCodeAt(i) === C_DOLLAR) {
      out += '$';
      i++;
      continue;
    }
    const brace = i < n && template.charCodeAt(i) === C_LBRACE;
    let j = brace ? i + 1 : i;
    const nameStart = j;
    while (j < n) {
      const cp = template.codePointAt(j)!;
      if (!isNameChar(cp)) break;
      j += cp > 0xffff ? 2 : 1;
    }
    if (j === nameStart || (brace && (j >= n || template.charCodeAt(j) !== C_RBRACE))) {
      out += '$'; // malformed: `$` is literal
      continue;
    }
    if (template.slice(nameStart, j) === '0') out += match;
    i = brace ? j + 1 : j;
  }
  return out + template.slice(i);
}

// ---------------------------------------------------------------------------------------------
// Public API

function hasSpecial(word: string, esc: number): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === C_DOLLAR || c === C_SQ || c === C_DQ || c === esc) return true;
  }
  return false;
}

function newLexer(word: string, env: Env | null, opts: ExpandOptions | undefined): Lexer {
  return new Lexer(word, env, opts?.platform === 'windows', opts?.escapeToken ?? '\\');
}

/** ProcessWordWithMatches: the expanded word plus the names that were (not) set. Throws {@link ExpansionError}. */
export function expandWordWithInfo(word: string, env: Env, opts?: ExpandOptions): ExpandResult {
  const lx = newLexer(word, env, opts);
  if (!hasSpecial(word, lx.esc)) return { value: word, used: [], unmatched: [] };
  const value = lx.processStopOn(EOF, false, null);
  return { value, used: lx.used, unmatched: lx.unmatched };
}

/** ProcessWord: quotes removed, escapes processed, variables expanded. Throws {@link ExpansionError}. */
export function expandWord(word: string, env: Env, opts?: ExpandOptions): string {
  const lx = newLexer(word, env, opts);
  if (!hasSpecial(word, lx.esc)) return word;
  return lx.processStopOn(EOF, false, null);
}

/**
 * ProcessWords: expand, then split on unquoted whitespace — including whitespace that came from an
 * unquoted variable value. Quoted text and escaped characters never split. Throws {@link ExpansionError}.
 */
export function expandWords(word: string, env: Env, opts?: ExpandOptions): string[] {
  const lx = newLexer(word, env, opts);
  const words = new Words();
  lx.processStopOn(EOF, false, words);
  return words.finish();
}

/**
 * Variables a word references, with their ranges inside the word (`end` exclusive, the `$` through the
 * name or the closing `}`), without expanding: for lint rules such as "undefined variable".
 * Follows the same lexical rules as expansion (nothing inside single quotes, escaped `$` ignored,
 * references nested in `${A:-$B}` are listed after the outer one). Positional and special
 * parameters (`$1`, `$@`, ...) are listed too, as BuildKit looks them up. Never throws: on a syntax
 * error, the references completed before it are returned.
 */
export function referencedVariables(word: string, opts?: ExpandOptions): VariableReference[] {
  const lx = newLexer(word, null, opts);
  const refs: MutableRef[] = [];
  if (word.indexOf('$') < 0) return refs;
  lx.refs = refs;
  try {
    lx.processStopOn(EOF, false, null);
  } catch (e) {
    if (!(e instanceof ExpansionError)) throw e;
  }
  return refs.filter((r) => r.end >= 0);
}
