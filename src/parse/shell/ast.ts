import type { Range } from '../../core/source.js';

/**
 * Shell AST. Every node has `range`: half-open offsets into the text given to
 * `parseShell` (map them to the Dockerfile with `ShellScript.sourceRange`).
 * Nodes are plain data; the convenience layer lives in `command.ts` and `script.ts`.
 */

export type ListOperator = ';' | '&' | '\n';
export type AndOrOperator = '&&' | '||';
export type PipeOperator = '|' | '|&';
export type CaseTerminator = ';;' | ';&' | ';;&';

export interface Operator<K extends string = string> {
  readonly op: K;
  readonly range: Range;
}

/** An and-or list ended by `;`, `&`, a newline or nothing: `a | b && c;`. */
export interface Statement {
  readonly type: 'Statement';
  readonly range: Range;
  readonly pipelines: readonly Pipeline[];
  /** `operators[i]` joins `pipelines[i]` and `pipelines[i + 1]`. */
  readonly operators: readonly Operator<AndOrOperator>[];
  readonly terminator?: Operator<ListOperator>;
}

export interface Pipeline {
  readonly type: 'Pipeline';
  readonly range: Range;
  readonly commands: readonly Command[];
  /** `operators[i]` joins `commands[i]` and `commands[i + 1]`. */
  readonly operators: readonly Operator<PipeOperator>[];
  /** `! cmd` */
  readonly negated: boolean;
  /** `time cmd` (the reserved word; `/usr/bin/time` is a wrapper command instead). */
  readonly timed: boolean;
}

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | IfClause
  | ForClause
  | WhileClause
  | CaseClause
  | FunctionDefinition
  | ArithmeticCommand
  | TestClause;

export interface SimpleCommand {
  readonly type: 'SimpleCommand';
  readonly range: Range;
  /** `FOO=bar` words before the command name. */
  readonly assignments: readonly Assignment[];
  /** Name and arguments, in order (redirections removed). May be empty: `FOO=bar`, `> file`. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

export interface Subshell {
  readonly type: 'Subshell';
  readonly range: Range;
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface BraceGroup {
  readonly type: 'BraceGroup';
  readonly range: Range;
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface IfBranch {
  readonly range: Range;
  readonly condition: readonly Statement[];
  readonly body: readonly Statement[];
}

export interface IfClause {
  readonly type: 'IfClause';
  readonly range: Range;
  /** The `if` branch then each `elif` branch. */
  readonly branches: readonly IfBranch[];
  readonly elseBody?: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface ForClause {
  readonly type: 'ForClause';
  readonly range: Range;
  readonly keyword: 'for' | 'select';
  /** The loop variable (undefined for C-style `for ((…))`). */
  readonly variable?: Word;
  /** Words after `in`; undefined when `in` is absent (iterates `"$@"`). */
  readonly items?: readonly Word[];
  /** C-style `for ((init; test; step))` header. */
  readonly arithmetic?: Word;
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface WhileClause {
  readonly type: 'WhileClause';
  readonly range: Range;
  readonly until: boolean;
  readonly condition: readonly Statement[];
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface CaseItem {
  readonly range: Range;
  readonly patterns: readonly Word[];
  readonly body: readonly Statement[];
  readonly terminator?: Operator<CaseTerminator>;
}

export interface CaseClause {
  readonly type: 'CaseClause';
  readonly range: Range;
  readonly word: Word;
  readonly items: readonly CaseItem[];
  readonly redirects: readonly Redirect[];
}

export interface FunctionDefinition {
  readonly type: 'FunctionDefinition';
  readonly range: Range;
  readonly name: Word;
  readonly body: Command;
  readonly redirects: readonly Redirect[];
}

/** `(( expr ))` */
export interface ArithmeticCommand {
  readonly type: 'ArithmeticCommand';
  readonly range: Range;
  readonly expression: Word;
  readonly redirects: readonly Redirect[];
}

/** `[[ … ]]`; operators such as `==`, `&&`, `(` appear as words. */
export interface TestClause {
  readonly type: 'TestClause';
  readonly range: Range;
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

export interface Assignment {
  readonly type: 'Assignment';
  readonly range: Range;
  readonly name: string;
  readonly nameRange: Range;
  /** `a[1]=x`: the raw index text. */
  readonly index?: string;
  /** `+=` */
  readonly append: boolean;
  /** The value word (empty word for `FOO=`); undefined for arrays. */
  readonly value?: Word;
  /** `a=(x y)` */
  readonly array?: readonly Word[];
}

export type RedirectOperator =
  | '<'
  | '>'
  | '>>'
  | '>|'
  | '<>'
  | '<&'
  | '>&'
  | '&>'
  | '&>>'
  | '<<'
  | '<<-'
  | '<<<';

export interface Redirect {
  readonly type: 'Redirect';
  readonly range: Range;
  readonly op: RedirectOperator;
  /** `2>` → '2'; `{fd}>` → '{fd}'. */
  readonly fd?: string;
  /** The file, fd or here-string; for here-docs the delimiter word. */
  readonly target: Word;
  readonly heredoc?: Heredoc;
}

export interface Heredoc {
  readonly type: 'Heredoc';
  /** The body plus its terminator line. */
  readonly range: Range;
  readonly delimiter: string;
  /** Delimiter was quoted: the body is literal (no expansions). */
  readonly quoted: boolean;
  /** `<<-` */
  readonly stripTabs: boolean;
  /**
   * The body (without the terminator line) as a word: one literal for quoted
   * delimiters (leading tabs removed for `<<-`), else literal text plus expansions
   * (`<<-` tabs are kept in the literal parts).
   */
  readonly body: Word;
}

export interface Word {
  readonly type: 'Word';
  readonly range: Range;
  readonly parts: readonly WordPart[];
  /**
   * Exact text of the word. (Inside backquotes or a `sh -c '…'` string: the text
   * the inner shell sees, after unescaping; `range` still points at the outer text.)
   */
  readonly raw: string;
  /**
   * The word after quote removal when it is static (no parameter, command or
   * arithmetic expansion). Glob characters are kept as written: `lists/*`.
   */
  readonly value: string | undefined;
}

export type WordPart =
  | Literal
  | SingleQuoted
  | AnsiCQuoted
  | DoubleQuoted
  | ParameterExpansion
  | CommandSubstitution
  | ArithmeticExpansion
  | ProcessSubstitution
  | Glob;

/** Unquoted (or inside double quotes) text; `value` has escapes and line continuations removed. */
export interface Literal {
  readonly type: 'Literal';
  readonly range: Range;
  readonly value: string;
}

export interface SingleQuoted {
  readonly type: 'SingleQuoted';
  readonly range: Range;
  readonly value: string;
}

/** `$'…'` with escapes decoded. */
export interface AnsiCQuoted {
  readonly type: 'AnsiCQuoted';
  readonly range: Range;
  readonly value: string;
}

export interface DoubleQuoted {
  readonly type: 'DoubleQuoted';
  readonly range: Range;
  readonly parts: readonly WordPart[];
}

export interface ParameterExpansion {
  readonly type: 'ParameterExpansion';
  readonly range: Range;
  /** `HOME`, `1`, `@`, `?`, … */
  readonly name: string;
  readonly braced: boolean;
  /** `${#x}` */
  readonly length?: boolean;
  /** `${!x}` */
  readonly indirect?: boolean;
  /** `${a[i]}`: raw index text. */
  readonly index?: string;
  /** `:-`, `#`, `//`, `:` (substring), … */
  readonly op?: string;
  readonly operand?: readonly WordPart[];
}

/** `$(…)` or backquotes. */
export interface CommandSubstitution {
  readonly type: 'CommandSubstitution';
  readonly range: Range;
  readonly body: readonly Statement[];
  readonly backquoted: boolean;
}

/** `$((…))`; the expression is kept as parts (literal text plus any expansions). */
export interface ArithmeticExpansion {
  readonly type: 'ArithmeticExpansion';
  readonly range: Range;
  readonly parts: readonly WordPart[];
}

/** `<(…)` / `>(…)` (bash). */
export interface ProcessSubstitution {
  readonly type: 'ProcessSubstitution';
  readonly range: Range;
  readonly op: '<(' | '>(';
  readonly body: readonly Statement[];
}

/** Unquoted `*`, `?`, `[…]` or a bash extglob `@(…)`. */
export interface Glob {
  readonly type: 'Glob';
  readonly range: Range;
  readonly pattern: string;
}

export interface Comment {
  readonly type: 'Comment';
  readonly range: Range;
  /** Including the leading `#`. */
  readonly text: string;
}

export type Node =
  | Statement
  | Pipeline
  | Command
  | Assignment
  | Redirect
  | Heredoc
  | Word
  | WordPart
  | Comment;

/** Calls `visit` for each direct child node, in source order. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  switch (node.type) {
    case 'Statement':
      node.pipelines.forEach(visit);
      return;
    case 'Pipeline':
      node.commands.forEach(visit);
      return;
    case 'SimpleCommand': {
      // Source order: assignments, then words and redirects interleaved.
      node.assignments.forEach(visit);
      const rest: (Word | Redirect)[] = [...node.words, ...node.redirects];
      rest.sort((a, b) => a.range.start - b.range.start);
      rest.forEach(visit);
      return;
    }
    case 'Subshell':
    case 'BraceGroup':
      node.body.forEach(visit);
      node.redirects.forEach(visit);
      return;
    case 'IfClause':
      for (const b of node.branches) {
        b.condition.forEach(visit);
        b.body.forEach(visit);
      }
      node.elseBody?.forEach(visit);
      node.redirects.forEach(visit);
      return;
    case 'ForClause':
      if (node.variable) visit(node.variable);
      if (node.arithmetic) visit(node.arithmetic);
      node.items?.forEach(visit);
      node.body.forEach(visit);
      node.redirects.forEach(visit);
      return;
    case 'WhileClause':
      node.condition.forEach(visit);
      node.body.forEach(visit);
      node.redirects.forEach(visit);
      return;
    case 'CaseClause':
      visit(node.word);
      for (const item of node.items) {
        item.patterns.forEach(visit);
        item.body.forEach(visit);
      }
      node.redirects.forEach(visit);
      return;
    case 'FunctionDefinition':
      visit(node.name);
      visit(node.body);
      node.redirects.forEach(visit);
      return;
    case 'ArithmeticCommand':
      visit(node.expression);
      node.redirects.forEach(visit);
      return;
    case 'TestClause':
      node.words.forEach(visit);
      node.redirects.forEach(visit);
      return;
    case 'Assignment':
      if (node.value) visit(node.value);
      node.array?.forEach(visit);
      return;
    case 'Redirect':
      visit(node.target);
      if (node.heredoc) visit(node.heredoc);
      return;
    case 'Heredoc':
      visit(node.body);
      return;
    case 'Word':
    case 'DoubleQuoted':
    case 'ArithmeticExpansion':
      node.parts.forEach(visit);
      return;
    case 'ParameterExpansion':
      node.operand?.forEach(visit);
      return;
    case 'CommandSubstitution':
    case 'ProcessSubstitution':
      node.body.forEach(visit);
      return;
    default:
      return;
  }
}
