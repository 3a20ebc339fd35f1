import type { Command, Node, Statement, Word, WordPart } from '../../../src/parse/shell/index.js';

/** A compact, readable rendering of the shell AST for table tests. */
export function dumpList(list: readonly Statement[]): string {
  return list.map(dumpStatement).join(' ');
}

function dumpStatement(s: Statement): string {
  let out = '';
  s.pipelines.forEach((p, i) => {
    if (i > 0) out += ` ${s.operators[i - 1]?.op} `;
    const pipe = p.commands
      .map((c, k) => (k > 0 ? `${p.operators[k - 1]?.op} ` : '') + dumpCommand(c))
      .join(' ');
    out += (p.timed ? 'time ' : '') + (p.negated ? '! ' : '') + pipe;
  });
  const t = s.terminator?.op;
  return t === undefined ? out : `${out}${t === '\n' ? '⏎' : t}`;
}

export function dumpCommand(c: Command): string {
  const redirs = c.redirects.length
    ? ` ${c.redirects.map((r) => `${r.fd ?? ''}${r.op}${r.target.raw}`).join(' ')}`
    : '';
  switch (c.type) {
    case 'SimpleCommand':
      return `[${[...c.assignments.map((a) => `${a.name}${a.append ? '+=' : '='}${a.array ? `(${a.array.map((w) => w.raw).join(' ')})` : (a.value?.raw ?? '')}`), ...c.words.map((w) => w.raw)].join(' ')}${redirs}]`;
    case 'Subshell':
      return `(${dumpList(c.body)})${redirs}`;
    case 'BraceGroup':
      return `{${dumpList(c.body)}}${redirs}`;
    case 'IfClause':
      return `if ${c.branches.map((b) => `<${dumpList(b.condition)}> then <${dumpList(b.body)}>`).join(' elif ')}${c.elseBody ? ` else <${dumpList(c.elseBody)}>` : ''} fi${redirs}`;
    case 'ForClause':
      return `for ${c.variable?.raw ?? `((${c.arithmetic?.raw}))`}${c.items ? ` in ${c.items.map((w) => w.raw).join(' ')}` : ''} do <${dumpList(c.body)}> done${redirs}`;
    case 'WhileClause':
      return `${c.until ? 'until' : 'while'} <${dumpList(c.condition)}> do <${dumpList(c.body)}> done${redirs}`;
    case 'CaseClause':
      return `case ${c.word.raw} in ${c.items.map((i) => `${i.patterns.map((p) => p.raw).join('|')}) <${dumpList(i.body)}>${i.terminator?.op ?? ''}`).join(' ')} esac${redirs}`;
    case 'FunctionDefinition':
      return `function ${c.name.raw} ${dumpCommand(c.body)}`;
    case 'ArithmeticCommand':
      return `((${c.expression.raw}))${redirs}`;
    case 'TestClause':
      return `[[ ${c.words.map((w) => w.raw).join(' ')} ]]${redirs}`;
  }
}

export function dumpParts(parts: readonly WordPart[]): string {
  return parts.map(dumpPart).join(' ');
}

export function dumpWord(w: Word): string {
  return dumpParts(w.parts);
}

function dumpPart(p: WordPart): string {
  switch (p.type) {
    case 'Literal':
      return `lit(${p.value})`;
    case 'SingleQuoted':
      return `sq(${p.value})`;
    case 'AnsiCQuoted':
      return `ansi(${JSON.stringify(p.value)})`;
    case 'DoubleQuoted':
      return `dq[${dumpParts(p.parts)}]`;
    case 'ParameterExpansion':
      return `$${p.braced ? '{' : ''}${p.length ? '#' : ''}${p.indirect ? '!' : ''}${p.name}${p.index !== undefined ? `[${p.index}]` : ''}${p.op ?? ''}${p.operand ? dumpParts(p.operand) : ''}${p.braced ? '}' : ''}`;
    case 'CommandSubstitution':
      return `${p.backquoted ? '`' : '$('}${dumpList(p.body)}${p.backquoted ? '`' : ')'}`;
    case 'ArithmeticExpansion':
      return `$((${dumpParts(p.parts)}))`;
    case 'ProcessSubstitution':
      return `${p.op}${dumpList(p.body)})`;
    case 'Glob':
      return `glob(${p.pattern})`;
  }
}

/** All nodes (depth first) for bounds checks. */
export function allNodes(
  list: readonly Statement[],
  forEachChild: (n: Node, f: (c: Node) => void) => void,
): Node[] {
  const out: Node[] = [];
  const rec = (n: Node): void => {
    out.push(n);
    forEachChild(n, rec);
  };
  list.forEach(rec);
  return out;
}
