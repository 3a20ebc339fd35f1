const SAFE_BARE = /[A-Za-z0-9_./:=,@%+-]/;
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'select',
  'time',
]);

/**
 * Words of a shell command that is a plain list of literal words (no operators, redirections, variables, globs,
 * substitutions, escapes, comments or env assignments), with quotes removed; undefined otherwise.
 */
export function literalWords(command: string): string[] | undefined {
  const words: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (c === "'" || c === '"') {
      const close = command.indexOf(c, i + 1);
      if (close < 0) return undefined;
      const body = command.slice(i + 1, close);
      if (c === '"' && /[$`\\!]/.test(body)) return undefined;
      current = (current ?? '') + body;
      i = close;
    } else if (SAFE_BARE.test(c)) {
      current = (current ?? '') + c;
    } else return undefined;
  }
  if (current !== undefined) words.push(current);
  if (words[0] === 'exec') words.shift();
  if (words.length === 0) return undefined;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || RESERVED.has(words[0]!)) return undefined;
  return words;
}

/** `["a", "b"]` as Dockerfile exec form. */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

export type JsonProblem =
  | 'single quotes'
  | 'typographic quotes'
  | 'trailing comma'
  | 'missing comma'
  | 'unquoted word'
  | 'invalid escape'
  | 'missing closing bracket'
  | 'unterminated string';

export interface JsonLike {
  /** Items with quotes removed (single/typographic quotes read as JSON strings would be). */
  readonly items: readonly string[];
  readonly problems: readonly JsonProblem[];
  /** True when every problem is about quote style, so re-quoting gives the intended JSON. */
  readonly quoteOnly: boolean;
}

const OPEN_CLOSE: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u201d': '\u201d',
};

/**
 * Read text that starts with `[` as a would-be JSON array, leniently. Returns undefined when it is not array-like
 * at all, or (with `strictIntent`) when it could be a shell test such as `[ -f x ]`.
 */
export function readJsonLike(text: string, strictIntent: boolean): JsonLike | undefined {
  let s = text.trim();
  if (!s.startsWith('[')) return undefined;
  const problems = new Set<JsonProblem>();
  if (!s.endsWith(']')) {
    // `["echo", "hi"` — only when the first item is clearly a JSON string.
    if (!/^\[\s*["'\u201c\u2018]/.test(s)) return undefined;
    problems.add('missing closing bracket');
    s = `${s}]`;
  }
  const items: string[] = [];
  let i = 1;
  let commas = 0;
  let quotedItems = 0;
  let needSep = false;
  let sawSepSinceItem = true;
  const ws = () => {
    while (i < s.length - 1 && /\s/.test(s[i]!)) i++;
  };
  for (;;) {
    ws();
    if (i >= s.length - 1) break;
    const c = s[i]!;
    if (c === ',') {
      if (!needSep) return undefined; // `[,` or `,,`
      commas++;
      needSep = false;
      sawSepSinceItem = true;
      i++;
      continue;
    }
    if (needSep) problems.add('missing comma');
    sawSepSinceItem = false;
    const close = OPEN_CLOSE[c];
    if (close !== undefined) {
      let j = i + 1;
      let body = '';
      while (j < s.length - 1 && s[j] !== close) {
        if (c === '"' && s[j] === '\\') {
          body += s.slice(j, j + 2);
          j += 2;
          continue;
        }
        body += s[j];
        j++;
      }
      if (s[j] !== close) {
        problems.add('unterminated string');
        items.push(body);
        needSep = true;
        break;
      }
      if (c === "'") problems.add('single quotes');
      else if (c !== '"') problems.add('typographic quotes');
      if (c === '"') {
        try {
          items.push(JSON.parse(`"${body}"`) as string);
        } catch {
          problems.add('invalid escape');
          items.push(body);
        }
      } else items.push(body);
      quotedItems++;
      i = j + 1;
    } else {
      const m = /^[^\s,[\]"'\u201c\u201d\u2018\u2019]+/.exec(s.slice(i, s.length - 1));
      if (!m) return undefined;
      problems.add('unquoted word');
      items.push(m[0]);
      i += m[0].length;
    }
    needSep = true;
  }
  if (!needSep && commas > 0 && !sawSepSinceItem) return undefined;
  if (!needSep && commas > 0) problems.add('trailing comma');
  if (items.length === 0) return undefined;
  if (problems.size === 0) return undefined; // valid JSON after all (the parser should have taken it)
  if (strictIntent) {
    const intent = commas > 0 || quotedItems === items.length || /^\[["'\u201c\u2018]/.test(s);
    if (!intent) return undefined;
  }
  const quoteOnly = [...problems].every((p) => p === 'single quotes' || p === 'typographic quotes');
  return { items, problems: [...problems], quoteOnly };
}
