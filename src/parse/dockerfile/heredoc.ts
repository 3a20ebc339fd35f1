import { isAsciiDigit, isSpace } from './chars.js';

/**
 * The word splitting of BuildKit's shell lexer (`shell.Lex.ProcessWords`) as the parser
 * uses it to find heredoc operators: variables are never set (`SkipUnsetEnv`, so `$X`
 * stays as written), escape token `\`, and `<<` swallows the blanks after it.
 */
interface LexWord {
  text: string;
  start: number;
  end: number;
}

interface LexOptions {
  rawQuotes: boolean;
  rawEscapes: boolean;
}

class LexError extends Error {}

const nameChar = /[\p{L}\p{Nd}_]/u;

function isSpecialParam(c: string): boolean {
  return '@*#?-$!0'.includes(c);
}

class Lexer {
  #p: number;
  readonly #s: string;
  readonly #end: number;
  readonly #o: LexOptions;
  readonly words: LexWord[] = [];
  #cur = '';
  #inWord = false;
  #wstart = 0;
  #wend = 0;

  constructor(s: string, start: number, end: number, o: LexOptions) {
    this.#s = s;
    this.#p = start;
    this.#end = end;
    this.#o = o;
  }

  #addRaw(str: string, start: number, end: number): void {
    if (str === '') {
      this.#inWord = true;
      return;
    }
    if (this.#cur === '') this.#wstart = start;
    this.#cur += str;
    this.#wend = end;
    this.#inWord = true;
  }

  #addChar(ch: string, pos: number): void {
    if (isSpace(ch.charCodeAt(0))) {
      if (this.#inWord && this.#cur !== '') this.#flush();
    } else {
      this.#addRaw(ch, pos, pos + 1);
    }
  }

  #flush(): void {
    this.words.push({ text: this.#cur, start: this.#wstart, end: this.#wend });
    this.#cur = '';
    this.#inWord = false;
  }

  run(): LexWord[] {
    const s = this.#s;
    while (this.#p < this.#end) {
      const ch = s[this.#p]!;
      const at = this.#p;
      if (ch === "'") {
        const t = this.#singleQuote();
        this.#addRaw(t, at, this.#p);
      } else if (ch === '"') {
        const t = this.#doubleQuote();
        this.#addRaw(t, at, this.#p);
      } else if (ch === '$') {
        const t = this.#dollar();
        for (let i = 0; i < t.length; i++) this.#addChar(t[i]!, at + i);
      } else if (ch === '<') {
        this.#p++;
        if (this.#p < this.#end && s[this.#p] === '<') {
          this.#p++;
          while (this.#p < this.#end && (s[this.#p] === ' ' || s[this.#p] === '\t')) this.#p++;
          this.#addRaw(s.slice(at, this.#p), at, this.#p);
        } else {
          this.#addRaw('<', at, this.#p);
        }
      } else {
        this.#p++;
        if (ch === '\\') {
          if (this.#o.rawEscapes) this.#addRaw('\\', at, at + 1);
          if (this.#p >= this.#end) break;
          const next = s[this.#p]!;
          this.#p++;
          this.#addRaw(next, at, this.#p);
        } else {
          this.#addChar(ch, at);
        }
      }
    }
    if (this.#cur !== '') this.#flush();
    return this.words;
  }

  #singleQuote(): string {
    const start = this.#p;
    const close = this.#s.indexOf("'", start + 1);
    if (close < 0 || close >= this.#end) throw new LexError('unterminated single quote');
    this.#p = close + 1;
    return this.#o.rawQuotes ? this.#s.slice(start, close + 1) : this.#s.slice(start + 1, close);
  }

  #doubleQuote(): string {
    const s = this.#s;
    let out = this.#o.rawQuotes ? '"' : '';
    this.#p++;
    for (;;) {
      if (this.#p >= this.#end) throw new LexError('unterminated double quote');
      const c = s[this.#p]!;
      if (c === '"') {
        this.#p++;
        return this.#o.rawQuotes ? `${out}"` : out;
      }
      if (c === '$') {
        out += this.#dollar();
        continue;
      }
      this.#p++;
      if (c === '\\') {
        if (this.#o.rawEscapes) out += '\\';
        const n = this.#p < this.#end ? s[this.#p] : undefined;
        if (n === undefined) continue;
        if (n === '"' || n === '$' || n === '\\') {
          this.#p++;
          out += n;
          continue;
        }
      }
      out += c;
    }
  }

  /** `$name`, `${...}`: unset variables are kept as written. */
  #dollar(): string {
    const s = this.#s;
    const start = this.#p;
    this.#p++;
    if (this.#p >= this.#end || s[this.#p] !== '{') {
      this.#name();
      return s.slice(start, this.#p);
    }
    this.#p++;
    if (this.#p >= this.#end) throw new LexError("missing '}'");
    const c = s[this.#p]!;
    if (c === '{' || c === '}' || c === ':') throw new LexError('bad substitution');
    this.#name();
    if (this.#p >= this.#end) throw new LexError("missing '}'");
    if (s[this.#p] === '}') {
      this.#p++;
      return s.slice(start, this.#p);
    }
    this.#p++;
    this.#untilBrace();
    return s.slice(start, this.#p);
  }

  #untilBrace(): void {
    const s = this.#s;
    while (this.#p < this.#end) {
      const c = s[this.#p]!;
      if (c === '}') {
        this.#p++;
        return;
      }
      if (c === "'") this.#singleQuote();
      else if (c === '"') this.#doubleQuote();
      else if (c === '$') this.#dollar();
      else this.#p += c === '\\' ? 2 : 1;
    }
    throw new LexError("missing '}'");
  }

  #name(): void {
    const s = this.#s;
    if (this.#p >= this.#end) return;
    const first = s[this.#p]!;
    if (isAsciiDigit(first.charCodeAt(0))) {
      while (this.#p < this.#end && isAsciiDigit(s.charCodeAt(this.#p))) this.#p++;
      return;
    }
    if (isSpecialParam(first)) {
      this.#p++;
      return;
    }
    while (this.#p < this.#end && nameChar.test(s[this.#p]!)) this.#p++;
  }
}

function lexWords(s: string, start: number, end: number, o: LexOptions): LexWord[] | undefined {
  try {
    return new Lexer(s, start, end, o).run();
  } catch (e) {
    if (e instanceof LexError) return undefined;
    throw e;
  }
}

/** A heredoc operator found in an instruction line (offsets into that line). */
export interface HeredocOperator {
  readonly name: string;
  readonly fileDescriptor?: number;
  readonly chomp: boolean;
  readonly expand: boolean;
  readonly start: number;
  readonly end: number;
}

const reHeredoc = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

function countQuotes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) n++;
  }
  return n;
}

/** BuildKit's `ParseHeredoc` on one word: the heredoc it introduces, if any. */
export function parseHeredocWord(word: string): Omit<HeredocOperator, 'start' | 'end'> | undefined {
  if (!word.includes('<<')) return undefined;
  const m = reHeredoc.exec(word);
  if (!m) return undefined;
  const rest = m[3]!;
  if (rest === '') return undefined;
  const plain = lexWords(rest, 0, rest.length, { rawQuotes: false, rawEscapes: false });
  if (plain?.length !== 1) return undefined;
  const raw = lexWords(rest, 0, rest.length, { rawQuotes: true, rawEscapes: false });
  if (raw?.length !== 1) return undefined;
  const name = plain[0]!.text;
  const fd = m[1] ? Number.parseInt(m[1], 10) : 0;
  const op: { -readonly [K in keyof HeredocOperator]?: HeredocOperator[K] } = {
    name,
    chomp: m[2] === '-',
    expand: countQuotes(name) === countQuotes(raw[0]!.text),
  };
  if (fd > 0) op.fileDescriptor = fd;
  return op as Omit<HeredocOperator, 'start' | 'end'>;
}

/** BuildKit's `heredocsFromLine`: heredoc operators of a logical line, in order. */
export function findHeredocOperators(line: string, start = 0, end = line.length): HeredocOperator[] {
  const words = lexWords(line, start, end, { rawQuotes: true, rawEscapes: true });
  if (!words) return [];
  const out: HeredocOperator[] = [];
  for (const w of words) {
    const h = parseHeredocWord(w.text);
    if (h) out.push({ ...h, start: w.start, end: w.end });
  }
  return out;
}

/** BuildKit's `ChompHeredocContent`: strip leading tabs of every line (for `<<-`). */
export function chompHeredoc(content: string): string {
  return content
    .split('\n')
    .map((line) => {
      let i = 0;
      while (line.charCodeAt(i) === 9) i++;
      return line.slice(i);
    })
    .join('\n');
}
