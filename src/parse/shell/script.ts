import type { Range } from '../../core/source.js';
import {
  type Command,
  type Comment,
  forEachChild,
  type Node,
  type Operator,
  type Pipeline,
  type Statement,
} from './ast.js';
import { type CommandOrigin, ShellCommand } from './command.js';
import type { ShellDiagnostic, ShellDialect } from './diagnostics.js';
import { remapRange, ShellParser } from './parser.js';
import { remapRanges } from './remap.js';
import { valueWithOffsets } from './words.js';

/** Text plus a map from each of its offsets to an offset in the source file. */
export interface MappedText {
  readonly text: string;
  toSource(offset: number): number;
}

export interface ParseShellOptions {
  /**
   * `bash` (default) accepts bash syntax silently. `posix` parses the same way
   * but reports bash-only syntax as `shell/not-posix` info diagnostics.
   */
  readonly dialect?: ShellDialect;
  /** Parse static `sh -c '…'` / `bash -c` / `su -c` strings as nested scripts (default true). */
  readonly parseShellStrings?: boolean;
}

export interface PipelineInfo {
  readonly node: Pipeline;
  readonly origin: CommandOrigin;
  readonly ancestors: readonly Node[];
}

const SHELLS = ['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh'];

/**
 * A shell script parsed once: the AST (`body`), the simple commands found anywhere
 * in it (`commands()`), pipelines, and helpers to map positions back to the
 * Dockerfile. Build with `parseShell`.
 */
export class ShellScript {
  readonly #toSource: (offset: number) => number;
  readonly #commands: ShellCommand[] = [];
  readonly #pipelines: PipelineInfo[] = [];
  readonly #embedded = new Map<ShellCommand, readonly Statement[]>();

  constructor(
    readonly text: string,
    readonly dialect: ShellDialect,
    readonly body: readonly Statement[],
    readonly comments: readonly Comment[],
    readonly diagnostics: ShellDiagnostic[],
    toSource: (offset: number) => number,
    parseShellStrings: boolean,
  ) {
    this.#toSource = toSource;
    try {
      new Collector(this, parseShellStrings).list(body, [], 'script', undefined);
    } catch (err) {
      diagnostics.push({
        code: 'shell/internal-error',
        message: `internal shell parser error: ${(err as Error).message}`,
        range: { start: 0, end: text.length },
        severity: 'error',
      });
    }
    this.#commands.sort((a, b) => a.range.start - b.range.start);
    this.#pipelines.sort((a, b) => a.node.range.start - b.node.range.start);
  }

  /** @internal used while collecting */
  _add(cmd: ShellCommand): void {
    this.#commands.push(cmd);
  }

  /** @internal used while collecting */
  _addPipeline(p: PipelineInfo): void {
    this.#pipelines.push(p);
  }

  /** @internal used while collecting */
  _embed(cmd: ShellCommand, body: readonly Statement[]): void {
    this.#embedded.set(cmd, body);
  }

  /** Offset in the input → offset in the source file. */
  toSource(offset: number): number {
    return this.#toSource(offset);
  }

  /** A range (or a node's range) in the input → the range in the source file. */
  sourceRange(r: Range | { readonly range: Range }): Range {
    const range = 'range' in r ? r.range : r;
    return remapRange(range, this.#toSource);
  }

  /**
   * Every simple command, in source order: top level, inside compound commands
   * (`if`, `for`, `while`, `case`, `{ }`, `( )`, functions), inside `$(…)`,
   * backquotes and `<(…)`, and inside static `sh -c '…'` strings (`origin` tells
   * which). Words assigned or redirected only (`FOO=1`, `> f`) are included with
   * `name` undefined. `eval` strings are not parsed.
   */
  commands(): readonly ShellCommand[] {
    return this.#commands;
  }

  /** Commands for which `cmd.is(name, ...subcommands)` holds. */
  find(name: string | readonly string[], ...subcommands: (string | readonly string[])[]): ShellCommand[] {
    return this.#commands.filter((c) => c.is(name, ...subcommands));
  }

  /** Every pipeline (including single-command ones), in source order. */
  pipelines(): readonly PipelineInfo[] {
    return this.#pipelines;
  }

  /**
   * A pipe (`|` or `|&`) anywhere the script's own shell runs it: top level,
   * compound commands and substitutions. Pipes inside `sh -c '…'` run in another
   * shell (their pipefail is their own) and are excluded unless asked for.
   */
  hasPipe(opts: { includeShellStrings?: boolean } = {}): boolean {
    return this.#pipelines.some(
      (p) => p.node.commands.length > 1 && (opts.includeShellStrings || p.origin !== 'sh-c'),
    );
  }

  /** The statements parsed from a `sh -c '…'` command's string, if any. */
  embeddedScript(cmd: ShellCommand): readonly Statement[] | undefined {
    return this.#embedded.get(cmd);
  }

  /** Depth-first walk of the AST in source order. Return `false` from `visit` to skip a node's children. */
  walk(visit: (node: Node, parent: Node | undefined) => unknown): void {
    const rec = (node: Node, parent: Node | undefined): void => {
      if (visit(node, parent) === false) return;
      forEachChild(node, (child) => rec(child, node));
    };
    for (const s of this.body) rec(s, undefined);
  }

  /** Nodes containing `offset` (input offset), outermost first. */
  nodesAt(offset: number): Node[] {
    const path: Node[] = [];
    const rec = (node: Node): void => {
      if (offset < node.range.start || offset >= node.range.end) return;
      path.push(node);
      forEachChild(node, rec);
    };
    for (const s of this.body) rec(s);
    return path;
  }

  /** The innermost simple command whose range contains `offset` (input offset). */
  commandAt(offset: number): ShellCommand | undefined {
    let best: ShellCommand | undefined;
    for (const c of this.#commands) {
      if (offset >= c.range.start && offset < c.range.end) {
        if (!best || c.range.end - c.range.start <= best.range.end - best.range.start) best = c;
      }
    }
    return best;
  }
}

/** Statement lists directly owned by a node. */
function statementLists(node: Node): (readonly Statement[])[] {
  switch (node.type) {
    case 'Subshell':
    case 'BraceGroup':
    case 'CommandSubstitution':
    case 'ProcessSubstitution':
    case 'ForClause':
      return [node.body];
    case 'IfClause': {
      const lists = node.branches.flatMap((b) => [b.condition, b.body]);
      if (node.elseBody) lists.push(node.elseBody);
      return lists;
    }
    case 'WhileClause':
      return [node.condition, node.body];
    case 'CaseClause':
      return node.items.map((i) => i.body);
    default:
      return [];
  }
}

class Collector {
  constructor(
    private readonly script: ShellScript,
    private readonly parseShellStrings: boolean,
  ) {}

  private readonly toSourceRange = (r: Range): Range => this.script.sourceRange(r);

  list(
    stmts: readonly Statement[],
    ancestors: readonly Node[],
    origin: CommandOrigin,
    shell: ShellCommand | undefined,
  ): void {
    let before: Operator | undefined;
    for (const stmt of stmts) {
      const inStmt = [...ancestors, stmt];
      stmt.pipelines.forEach((pipeline, j) => {
        const inPipe = [...inStmt, pipeline];
        this.script._addPipeline({ node: pipeline, origin, ancestors: inStmt });
        pipeline.commands.forEach((command, k) => {
          const opBefore = k > 0 ? pipeline.operators[k - 1] : j > 0 ? stmt.operators[j - 1] : before;
          const opAfter =
            k < pipeline.commands.length - 1
              ? pipeline.operators[k]
              : j < stmt.pipelines.length - 1
                ? stmt.operators[j]
                : stmt.terminator;
          this.command(command, inPipe, origin, shell, stmt, pipeline, opBefore, opAfter);
        });
      });
      before = stmt.terminator;
    }
  }

  private command(
    command: Command,
    ancestors: readonly Node[],
    origin: CommandOrigin,
    shell: ShellCommand | undefined,
    statement: Statement,
    pipeline: Pipeline,
    operatorBefore: Operator | undefined,
    operatorAfter: Operator | undefined,
  ): void {
    if (command.type === 'SimpleCommand') {
      const cmd = new ShellCommand(command, {
        ancestors,
        origin,
        statement,
        pipeline,
        operatorBefore,
        operatorAfter,
        toSource: this.toSourceRange,
        ...(shell ? { shell } : {}),
      });
      this.script._add(cmd);
      if (this.parseShellStrings) this.shellString(cmd, [...ancestors, command]);
    } else if (command.type === 'FunctionDefinition') {
      this.command(
        command.body,
        [...ancestors, command],
        origin,
        shell,
        statement,
        pipeline,
        undefined,
        undefined,
      );
    }
    this.descend(command, [...ancestors, command], origin, shell);
  }

  /** Visit everything under `node` except the statement lists handled by `list`. */
  private descend(
    node: Node,
    ancestors: readonly Node[],
    origin: CommandOrigin,
    shell: ShellCommand | undefined,
  ): void {
    for (const stmts of statementLists(node)) this.list(stmts, ancestors, origin, shell);
    forEachChild(node, (child) => {
      if (child.type === 'Statement' || (node.type === 'FunctionDefinition' && child === node.body)) return;
      const inner =
        child.type === 'CommandSubstitution'
          ? 'substitution'
          : child.type === 'ProcessSubstitution'
            ? 'process-substitution'
            : origin;
      this.descend(child, [...ancestors, child], inner, shell);
    });
  }

  /** `sh -c 'script'`, `bash -lc "…"`, `su -c '…' user`: parse the static string as a nested script. */
  private shellString(cmd: ShellCommand, ancestors: readonly Node[]): void {
    let word = undefined as ReturnType<typeof cmd.positionalArgs>[number] | undefined;
    if (cmd.is(SHELLS) && cmd.hasFlag('-c')) word = cmd.positionalArgs()[0];
    else if (cmd.is(['su', 'runuser'])) {
      const opt = cmd.findOptions(['-c', '--command']).pop();
      word = opt?.valueWord;
    }
    if (!word) return;
    const mapped = valueWithOffsets(word, this.script.text);
    if (!mapped) return;
    const { value, offsets } = mapped;
    const end = word.range.end;
    const map = (o: number): number => offsets[o] ?? end;
    const out = new ShellParser(value, this.script.dialect, ancestors.length).parse();
    for (const s of out.body) remapRanges(s, map);
    for (const d of out.diagnostics) {
      this.script.diagnostics.push({
        ...d,
        range: remapRange(d.range, map),
        message: `in ${cmd.program} -c string: ${d.message}`,
        severity: d.severity === 'error' ? 'warning' : d.severity,
      });
    }
    this.script._embed(cmd, out.body);
    this.list(out.body, ancestors, 'sh-c', cmd);
  }
}

/**
 * Parse shell text (a RUN command with continuations removed, or a heredoc body).
 * Never throws: syntax problems become `script.diagnostics`, and parsing recovers
 * so the commands around a mistake are still found.
 */
export function parseShell(input: string | MappedText, opts: ParseShellOptions = {}): ShellScript {
  const text = typeof input === 'string' ? input : input.text;
  const toSource = typeof input === 'string' ? (o: number) => o : (o: number) => input.toSource(o);
  const dialect = opts.dialect ?? 'bash';
  let out: { body: Statement[]; comments: Comment[]; diagnostics: ShellDiagnostic[] };
  try {
    out = new ShellParser(text, dialect).parse();
  } catch (err) {
    out = {
      body: [],
      comments: [],
      diagnostics: [
        {
          code: 'shell/internal-error',
          message: `internal shell parser error: ${(err as Error).message}`,
          range: { start: 0, end: text.length },
          severity: 'error',
        },
      ],
    };
  }
  // A problem at end of input ("expected ')'") may point one past the text; keep every range inside it.
  const clamp = (n: number) => Math.max(0, Math.min(n, text.length));
  const diagnostics = out.diagnostics.map((d) =>
    d.range.end > text.length || d.range.start > text.length
      ? { ...d, range: { start: clamp(d.range.start), end: clamp(d.range.end) } }
      : d,
  );
  return new ShellScript(
    text,
    dialect,
    out.body,
    out.comments,
    diagnostics,
    toSource,
    opts.parseShellStrings ?? true,
  );
}
