import type { Range } from '../../core/source.js';
import type { Node, Operator, Pipeline, SimpleCommand, Statement, Word } from './ast.js';
import { type ToolSpec, toolSpec, WRAPPERS } from './tools.js';
import { staticPrefix } from './words.js';

/**
 * Where a simple command sits: directly in the script, inside `$(…)`/backquotes,
 * inside `<(…)`, or inside a `sh -c '…'` string (see `ShellScript.commands`).
 */
export type CommandOrigin = 'script' | 'substitution' | 'process-substitution' | 'sh-c';

/** One option occurrence: `-y`, `--no-install-recommends`, `-o Dpkg::…`, `--prefix=/x`. */
export interface ParsedOption {
  /** `-y`, `--flag` (without `=value`). Combined `-qy` yields `-q` and `-y`. */
  readonly name: string;
  /** The value when it takes one (`--x=v`, `-ov`, `-o v`); undefined when absent or not static. */
  readonly value?: string;
  /** The word holding the value (the option's own word for `--x=v`, else the next word). */
  readonly valueWord?: Word;
  /** The word the option was written in. */
  readonly word: Word;
}

/** A command stripped from the front: `sudo -u x`, `env A=1`, `xargs -r`, `timeout 5`. */
export interface Wrapper {
  /** Basename of the wrapper command, e.g. `sudo`. */
  readonly name: string;
  readonly word: Word;
  /** The wrapper's own options, `NAME=value` words and operands. */
  readonly args: readonly Word[];
}

export interface CommandContext {
  readonly ancestors: readonly Node[];
  readonly origin: CommandOrigin;
  readonly statement: Statement;
  readonly pipeline: Pipeline;
  readonly operatorBefore: Operator | undefined;
  readonly operatorAfter: Operator | undefined;
  readonly toSource: (range: Range) => Range;
  /** For commands found inside `sh -c '…'`: the `sh -c` command. */
  readonly shell?: ShellCommand;
}

type NameSpec = string | readonly string[];

function basename(name: string): string {
  const i = name.lastIndexOf('/');
  return i >= 0 ? name.slice(i + 1) : name;
}

function matches(value: string | undefined, spec: NameSpec): boolean {
  if (value === undefined) return false;
  return typeof spec === 'string' ? value === spec : spec.includes(value);
}

/**
 * A simple command seen through the helpers lint rules use:
 *
 * ```ts
 * cmd.is('apt-get', 'install')          // also `sudo apt-get -y install`, `/usr/bin/apt-get install`
 * cmd.hasFlag('-y', '--yes')            // `-qy`, `--yes`, `--yes=1`
 * cmd.flagValues('-o')                  // ['APT::Install-Recommends=false']
 * cmd.positionalArgs().slice(1)         // packages after `install`
 * cmd.operatorAfter?.op === '&&'
 * ```
 *
 * Wrappers (`sudo`, `env`, `command`, `exec`, `nice`, `nohup`, `time`, `timeout`,
 * `xargs`, `gosu`, `su-exec`, `chroot`, `stdbuf`, `ionice`, `setsid`, `eatmydata`,
 * `fakeroot`, `busybox`, `doas`, `builtin`) are stripped; `command -v`/`sudo -l`
 * are queries and are not stripped. Check `wrappers` to treat e.g. `xargs` specially.
 */
export class ShellCommand {
  /** All words of the command as written, wrappers included. */
  readonly words: readonly Word[];
  readonly wrappers: readonly Wrapper[];
  /** The word naming the program after wrappers (undefined for `FOO=bar` or `> file` alone). */
  readonly nameWord: Word | undefined;
  /** Static name as written (`apt-get`, `/usr/bin/pip3`); undefined when absent or dynamic (`$CC`). */
  readonly name: string | undefined;
  /** Words after the name. */
  readonly args: readonly Word[];
  readonly ancestors: readonly Node[];
  readonly origin: CommandOrigin;
  /** The and-or list this command belongs to, and its pipeline (innermost). */
  readonly statement: Statement;
  readonly pipeline: Pipeline;
  /** The operator before/after this command at its own level: `|`, `&&`, `||`, `;`, `&`, newline, or none. */
  readonly operatorBefore: Operator | undefined;
  readonly operatorAfter: Operator | undefined;
  /** For commands inside a `sh -c '…'` string: that `sh -c` command. */
  readonly shell: ShellCommand | undefined;
  #options: { options: ParsedOption[]; positionals: Word[] } | undefined;
  readonly #toSource: (range: Range) => Range;

  constructor(
    readonly node: SimpleCommand,
    ctx: CommandContext,
  ) {
    this.words = node.words;
    this.ancestors = ctx.ancestors;
    this.origin = ctx.origin;
    this.statement = ctx.statement;
    this.pipeline = ctx.pipeline;
    this.operatorBefore = ctx.operatorBefore;
    this.operatorAfter = ctx.operatorAfter;
    this.shell = ctx.shell;
    this.#toSource = ctx.toSource;
    const { wrappers, index } = stripWrappers(node.words);
    this.wrappers = wrappers;
    this.nameWord = node.words[index];
    this.name = this.nameWord?.value;
    this.args = node.words.slice(index + 1);
  }

  get range(): Range {
    return this.node.range;
  }

  /** The command's range in the source file (through the input's `toSource`). */
  get sourceRange(): Range {
    return this.#toSource(this.node.range);
  }

  /** Basename of `name`: `/usr/bin/apt-get` → `apt-get`. */
  get program(): string | undefined {
    return this.name === undefined ? undefined : basename(this.name);
  }

  /** The command is in a pipeline of two or more commands. */
  get inPipeline(): boolean {
    return this.pipeline.commands.length > 1;
  }

  /**
   * `is('apt-get', 'install')`: the program (basename) matches and the first
   * positional arguments match the subcommands in order, skipping options and
   * their values (`apt-get -o X -y install`). Each name may be a list of alternatives:
   * `is(['pip', 'pip3'], 'install')`.
   */
  is(name: NameSpec, ...subcommands: NameSpec[]): boolean {
    if (this.name === undefined) return false;
    if (!matches(this.name, name) && !matches(this.program, name)) return false;
    if (subcommands.length === 0) return true;
    const pos = this.positionalArgs();
    return subcommands.every((sub, i) => matches(pos[i]?.value, sub));
  }

  /** The first positional argument: `apt-get -y install x` → `install`. */
  subcommand(): string | undefined {
    return this.positionalArgs()[0]?.value;
  }

  /** Options in order (see `ParsedOption`). Stops at `--`. */
  options(): readonly ParsedOption[] {
    return this.#parsed().options;
  }

  /** Arguments that are not options nor option values, in order (subcommands included). */
  positionalArgs(): readonly Word[] {
    return this.#parsed().positionals;
  }

  /**
   * Any of the flags is present. Short flags match inside clusters (`-qy` has `-y`);
   * long flags also match `--flag=value`. A multi-letter single-dash flag (`-ldflags`)
   * matches a word that is exactly that flag.
   */
  hasFlag(...flags: string[]): boolean {
    return this.findOptions(flags).length > 0;
  }

  /** The value of the last occurrence of any of the flags (undefined when absent or dynamic). */
  flagValue(...flags: string[]): string | undefined {
    const found = this.findOptions(flags);
    return found[found.length - 1]?.value;
  }

  /** Values of every occurrence of the flags (static values only), in order. */
  flagValues(...flags: string[]): string[] {
    return this.findOptions(flags)
      .map((o) => o.value)
      .filter((v): v is string => v !== undefined);
  }

  /** Every occurrence of any of the flags. */
  findOptions(flags: readonly string[]): ParsedOption[] {
    const out: ParsedOption[] = [];
    for (const o of this.options()) {
      if (flags.includes(o.name)) {
        out.push(o);
        continue;
      }
      const v = o.word.value ?? staticPrefix(o.word);
      for (const f of flags) {
        if (f.length > 2 && f[1] !== '-' && (v === f || v.startsWith(`${f}=`)) && !out.includes(o))
          out.push(o);
      }
    }
    return out;
  }

  #parsed(): { options: ParsedOption[]; positionals: Word[] } {
    this.#options ??= parseOptions(this.args, toolSpec(this.program));
    return this.#options;
  }
}

/** Split arguments into options and positionals using a tool's value-taking flags. */
export function parseOptions(
  args: readonly Word[],
  spec: ToolSpec,
): { options: ParsedOption[]; positionals: Word[] } {
  const options: ParsedOption[] = [];
  const positionals: Word[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as Word;
    const dynamic = word.value === undefined;
    const text = word.value ?? staticPrefix(word);
    if (endOfOptions || text.length < 2 || text[0] !== '-') {
      positionals.push(word);
      continue;
    }
    if (text === '--' && !dynamic) {
      endOfOptions = true;
      continue;
    }
    const next = args[i + 1];
    const whole =
      text.startsWith('--') || spec.longSingleDash || spec.valueFlags.has(text.split('=')[0] ?? '');
    if (whole) {
      const eq = text.indexOf('=');
      if (eq > 0) {
        const o: ParsedOption = dynamic
          ? { name: text.slice(0, eq), valueWord: word, word }
          : { name: text.slice(0, eq), value: text.slice(eq + 1), valueWord: word, word };
        options.push(o);
      } else if (!dynamic && spec.valueFlags.has(text) && next) {
        options.push(
          next.value === undefined
            ? { name: text, valueWord: next, word }
            : { name: text, value: next.value, valueWord: next, word },
        );
        i++;
      } else {
        options.push({ name: text, word });
      }
      continue;
    }
    // A cluster of short flags: -qy, -xzf file, -ofile.
    for (let j = 1; j < text.length; j++) {
      const name = `-${text[j]}`;
      if (!spec.valueFlags.has(name)) {
        options.push({ name, word });
        continue;
      }
      const rest = text.slice(j + 1);
      if (rest || dynamic) {
        options.push(
          dynamic ? { name, valueWord: word, word } : { name, value: rest, valueWord: word, word },
        );
      } else if (next) {
        options.push(
          next.value === undefined
            ? { name, valueWord: next, word }
            : { name, value: next.value, valueWord: next, word },
        );
        i++;
      } else {
        options.push({ name, word });
      }
      break;
    }
  }
  return { options, positionals };
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Strip leading wrapper commands; returns them and the index of the real command's name word. */
export function stripWrappers(words: readonly Word[]): { wrappers: Wrapper[]; index: number } {
  const wrappers: Wrapper[] = [];
  let i = 0;
  for (;;) {
    const word = words[i];
    const value = word?.value;
    if (!word || value === undefined) break;
    const name = basename(value);
    const spec = WRAPPERS.get(name);
    if (!spec) break;
    let j = i + 1;
    const args: Word[] = [];
    let query = false;
    while (j < words.length) {
      const w = words[j] as Word;
      const v = w.value;
      if (v === undefined || v.length < 2 || v[0] !== '-') break;
      args.push(w);
      j++;
      if (v === '--') break;
      if (v.startsWith('--')) {
        const flag = v.split('=')[0] as string;
        if (spec.notWrapperIf?.has(flag)) query = true;
        if (!v.includes('=') && spec.valueFlags.has(flag) && j < words.length) args.push(words[j++] as Word);
        continue;
      }
      for (let k = 1; k < v.length; k++) {
        const f = `-${v[k]}`;
        if (spec.notWrapperIf?.has(f)) query = true;
        if (spec.valueFlags.has(f)) {
          if (k === v.length - 1 && j < words.length) args.push(words[j++] as Word);
          break;
        }
      }
    }
    if (query) break;
    if (spec.assignments) {
      while (j < words.length && ENV_ASSIGNMENT.test(staticPrefix(words[j] as Word)))
        args.push(words[j++] as Word);
    }
    for (let k = 0; k < spec.positionals && j < words.length; k++) args.push(words[j++] as Word);
    if (j >= words.length) break;
    wrappers.push({ name, word, args });
    i = j;
  }
  return { wrappers, index: i };
}
