import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DockwrightError, InputError, ParseError, UsageError } from '../core/errors.js';
import { closestMatch } from '../core/suggest.js';
import type { CommandSpec, OptionSpec } from './command.js';
import { commands, findCommand } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { globalOptions, renderCommandHelp, renderMainHelp } from './help.js';
import { type CliIO, colorEnabled, createOutput, type Output } from './io.js';

const REPORT_URL = 'https://github.com/dockwright/dockwright/issues';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Global flags that take a value, so the command word can be found before full parsing. */
const valueFlags = new Set(
  Object.entries(globalOptions)
    .filter(([, spec]) => spec.type === 'string')
    .flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]),
);

function findCommandWord(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return -1;
    if (valueFlags.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return i;
  }
  return -1;
}

function toParseArgsOptions(specs: Readonly<Record<string, OptionSpec>>) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type };
    if (spec.short) options[name].short = spec.short;
    if (spec.multiple) options[name].multiple = true;
  }
  return options;
}

/** Turn node's parseArgs errors into a usage error with a "did you mean" where possible. */
function usageErrorFrom(error: unknown, specs: Readonly<Record<string, OptionSpec>>, cmd?: CommandSpec): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  const helpHint = `Run 'dockwright ${cmd ? `${cmd.name} ` : ''}--help' for usage.`;
  if (unknown) {
    const suggestion = closestMatch(unknown.replace(/^-+/, ''), Object.keys(specs));
    return new UsageError(
      `unknown option '${unknown}'`,
      suggestion ? `Did you mean '--${suggestion}'? ${helpHint}` : helpHint,
    );
  }
  return new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''), helpHint);
}

/** Print an expected error like a compiler would: place, message, hint. */
export function printError(error: unknown, out: Output): number {
  const c = out.color;
  if (error instanceof ParseError) {
    out.err(`${c.bold(`${error.file}:${error.position.line}:${error.position.column}`)}: ${c.red('error')}: ${error.message}`);
    if (error.lineText !== undefined) {
      out.err(`  ${error.lineText}`);
      out.err(`  ${' '.repeat(Math.max(0, error.position.column - 1))}${c.red('^')}`);
    }
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  if (error instanceof InputError) {
    out.err(`${error.file ? `${c.bold(error.file)}: ` : 'dockwright: '}${c.red('error')}: ${error.message}`);
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  if (error instanceof DockwrightError) {
    out.err(`dockwright: ${c.red('error')}: ${error.message}`);
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.err(`dockwright: ${c.red('internal error')}: ${message}`);
  if (out.debug && error instanceof Error && error.stack) out.err(error.stack);
  else out.err(`  ${c.dim('hint:')} this is a bug in dockwright; rerun with --debug and report it at ${REPORT_URL}`);
  return ExitCode.Internal;
}

/** The whole CLI as a function: argv in, exit code out. Only bin/ touches process. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const commandIndex = findCommandWord(argv);
  const commandWord = commandIndex >= 0 ? argv[commandIndex] : undefined;
  const cmd = commandWord === undefined ? undefined : findCommand(commandWord);
  const rest = commandIndex >= 0 ? [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)] : [...argv];
  const specs = { ...globalOptions, ...(cmd?.options ?? {}) };

  // Colour and debug are needed to print even a usage error, so read them leniently first.
  const lenient = { noColor: rest.includes('--no-color'), color: rest.includes('--color') };
  let out = createOutput(io, colorEnabled(io, lenient), rest.includes('--debug'));

  try {
    if (commandWord !== undefined && !cmd) {
      const suggestion = closestMatch(
        commandWord,
        commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
      );
      throw new UsageError(
        `unknown command '${commandWord}'`,
        suggestion ? `Did you mean 'dockwright ${suggestion}'?` : "Run 'dockwright --help' for the list of commands.",
      );
    }

    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: toParseArgsOptions(specs), allowPositionals: true, strict: true });
    } catch (error) {
      throw usageErrorFrom(error, specs, cmd);
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    out = createOutput(
      io,
      colorEnabled(io, { noColor: values['no-color'] === true, color: values.color === true }),
      values.debug === true,
    );

    if (values.version) {
      out.out(version());
      return ExitCode.Ok;
    }
    if (!cmd) {
      out.out(renderMainHelp(commands, version(), out));
      return values.help ? ExitCode.Ok : ExitCode.UsageOrInput;
    }
    if (values.help) {
      out.out(renderCommandHelp(cmd, out));
      return ExitCode.Ok;
    }
    for (const [name, spec] of Object.entries(cmd.options)) {
      const value = values[name];
      if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
        throw new UsageError(`invalid value '${value}' for --${name}`, `Expected one of: ${spec.choices.join(', ')}.`);
      }
    }
    const format = typeof values.format === 'string' ? values.format : cmd.formats[0]!;
    if (!cmd.formats.includes(format)) {
      throw new UsageError(
        `unknown format '${format}' for ${cmd.name}`,
        `Expected one of: ${cmd.formats.join(', ')}.`,
      );
    }
    if (!cmd.load) {
      out.err(
        `dockwright: ${out.color.yellow(`'${cmd.name}' is not implemented yet`)} (tracked in ${cmd.pending ?? 'a later issue'}).`,
      );
      out.err(`  ${out.color.dim('hint:')} see 'dockwright --help' for the commands that work today.`);
      return ExitCode.UsageOrInput;
    }
    const { run } = await cmd.load();
    return await run({ positionals: parsed.positionals, options: values, output: out, format });
  } catch (error) {
    return printError(error, out);
  }
}

/** Entry point for bin/dockwright.js. */
export async function runCli(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
