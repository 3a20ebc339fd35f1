import type { Output } from './io.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  readonly choices?: readonly string[];
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;

export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: OptionValues;
  readonly output: Output;
  /** `--format`, already validated against the command's formats. */
  readonly format: string;
}

/** A command is a plain async function from parsed options to an exit code; it never calls process.exit. */
export type CommandRun = (ctx: CommandContext) => Promise<number>;

export interface CommandSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Output formats the command accepts; the first is the default. */
  readonly formats: readonly string[];
  readonly examples?: readonly string[];
  /** Lazily imported so `dockwright --version` loads nothing it does not need. */
  readonly load?: () => Promise<{ run: CommandRun }>;
  /** For commands registered ahead of their implementation: where the work is tracked. */
  readonly pending?: string;
}
