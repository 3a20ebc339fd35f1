/**
 * A small Groovy reader for Jenkinsfile tests: a tokenizer that knows single/double/triple-quoted strings, GStrings
 * and comments (slashy strings are not needed), and a block tree (`head { … }` statements) built from it. It
 * throws on unbalanced braces/parentheses/brackets and unterminated strings, so a test fails on broken structure.
 */

export type TokenKind = 'ident' | 'string' | 'gstring' | 'number' | 'punct' | 'newline';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier/punctuation text, or the decoded value of a string. */
  readonly value: string;
  /** Source text as written (strings with quotes). */
  readonly raw: string;
  readonly line: number;
  /** For strings: `'`, `'''`, `"`, `"""`. */
  readonly quote?: string;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '\\': '\\',
  "'": "'",
  '"': '"',
  $: '$',
};

/** Decodes the inside of a Groovy string literal (escapes; a backslash before a line break joins lines). */
export function decodeGroovyString(body: string, line = 0): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === undefined) throw new Error(`line ${line}: dangling backslash in string`);
    if (n === '\n') continue;
    if (n === 'u') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
      continue;
    }
    const e = ESCAPES[n];
    if (e === undefined) throw new Error(`line ${line}: invalid escape \\${n}`);
    out += e;
  }
  return out;
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (kind: TokenKind, value: string, raw: string, quote?: string) =>
    tokens.push({ kind, value, raw, line, ...(quote ? { quote } : {}) });
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      push('newline', '\n', '\n');
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated comment`);
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      for (;;) {
        if (j >= src.length) throw new Error(`line ${line}: unterminated string`);
        const d = src[j]!;
        if (d === '\\') j += 2;
        else if (!triple && d === '\n') throw new Error(`line ${line}: line break in a ${quote} string`);
        else if (src.startsWith(quote, j)) break;
        else j++;
      }
      const raw = src.slice(i, j + quote.length);
      const body = src.slice(i + quote.length, j);
      const kind = c === '"' && /(?<!\\)\$/.test(body) ? 'gstring' : 'string';
      push(kind, decodeGroovyString(body, line), raw, quote);
      line += (raw.match(/\n/g) ?? []).length;
      i = j + quote.length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i))![0];
      push('ident', m, m);
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][\w.]*/.exec(src.slice(i))![0];
      push('number', m, m);
      i += m.length;
    } else {
      push('punct', c, c);
      i++;
    }
  }
  return tokens;
}

/** One statement: its head tokens and, when it ends in `{ … }`, the statements inside. */
export interface GroovyNode {
  readonly head: readonly Token[];
  readonly body: readonly GroovyNode[] | null;
  readonly line: number;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']' };

/** Statements separated by line breaks (outside parentheses/brackets); `{` opens a nested block. */
export function parseBlocks(src: string): GroovyNode[] {
  const tokens = tokenize(src);
  let pos = 0;
  function block(top: boolean): GroovyNode[] {
    const nodes: GroovyNode[] = [];
    let head: Token[] = [];
    const stack: string[] = [];
    const flush = (body: GroovyNode[] | null) => {
      if (head.length || body) nodes.push({ head, body, line: head[0]?.line ?? 0 });
      head = [];
    };
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) stack.push(CLOSERS[t.value]!);
      if (t.kind === 'punct' && (t.value === ')' || t.value === ']')) {
        if (stack.pop() !== t.value) throw new Error(`line ${t.line}: unbalanced '${t.value}'`);
      }
      if (t.kind === 'newline' && stack.length === 0) {
        flush(null);
      } else if (t.kind === 'punct' && t.value === '{') {
        const inner = block(false);
        if (stack.length) {
          // A closure inside an argument list (not used by declarative pipelines): keep it in the head.
          head.push({ ...t, value: '{…}', raw: '{…}' });
        } else flush(inner);
      } else if (t.kind === 'punct' && t.value === '}') {
        if (top) throw new Error(`line ${t.line}: unbalanced '}'`);
        if (stack.length) throw new Error(`line ${t.line}: '}' inside an open '${stack.at(-1)}'`);
        flush(null);
        return nodes;
      } else if (t.kind !== 'newline') head.push(t);
    }
    if (!top) throw new Error('unbalanced: missing }');
    if (stack.length) throw new Error(`unbalanced: missing '${stack.at(-1)}'`);
    flush(null);
    return nodes;
  }
  return block(true);
}

/** The first identifier of a statement (`stage`, `steps`, `sh` …). */
export const nameOf = (n: GroovyNode) => n.head[0]?.value ?? '';

/** Children of `node` with the given name. */
export const childrenNamed = (node: GroovyNode | readonly GroovyNode[], name: string): GroovyNode[] =>
  ('body' in node ? (node.body ?? []) : node).filter((c) => nameOf(c) === name);

export function only(node: GroovyNode | readonly GroovyNode[], name: string): GroovyNode {
  const found = childrenNamed(node, name);
  if (found.length !== 1) throw new Error(`expected one '${name}', found ${found.length}`);
  return found[0]!;
}

/** `stage('X')` → `X`. */
export function stageName(n: GroovyNode): string {
  const s = n.head.find((t) => t.kind === 'string');
  return s?.value ?? '';
}

/** Every node of the tree, depth first. */
export function walk(nodes: readonly GroovyNode[]): GroovyNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.body ?? [])]);
}

/** Leaf stages (the ones with `steps`), in order, with nested `stages` flattened. */
export function leafStages(stages: GroovyNode): GroovyNode[] {
  return childrenNamed(stages, 'stage').flatMap((s) => {
    const nested = childrenNamed(s, 'stages');
    return nested.length ? leafStages(nested[0]!) : [s];
  });
}

/** Every `sh` step with the string token of its script (`sh '…'` or `sh label: …, script: '…'`). */
export function shSteps(nodes: readonly GroovyNode[]): { node: GroovyNode; script: Token }[] {
  return walk(nodes)
    .filter((n) => nameOf(n) === 'sh' && n.body === null)
    .map((node) => {
      const i = node.head.findIndex(
        (t) => t.value === 'script' && node.head[node.head.indexOf(t) + 1]?.value === ':',
      );
      const script = i >= 0 ? node.head[i + 2] : node.head[1];
      if (!script) throw new Error(`line ${node.line}: sh without a script`);
      return { node, script };
    });
}

/** A `'\'\'\'` script without the indentation the printer adds (and without the first/last line breaks). */
export function dedentScript(script: string): string {
  const lines = script
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}
