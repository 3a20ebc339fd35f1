import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { closestMatch } from '../core/suggest.js';
import { dockwrightVersion } from '../core/version.js';
import type { CommandSpec, OptionSpec } from './command.js';
import { commands, findCommand } from './commands/index.js';
import { printError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { globalOptions, renderCommandHelp, renderMainHelp } from './help.js';
import { type CliIO, colorEnabled, createOutput } from './io.js';

export { printError } from './errors.js';

export function version(): string {
  return dockwrightVersion();
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

/**
 * Global and command options together; a command's own short letter wins over a global one (`verify -f` is its
 * `--file`, not the global `--format`, which stays available by its long name).
 */
function mergeOptionSpecs(
  global: Readonly<Record<string, OptionSpec>>,
  command: Readonly<Record<string, OptionSpec>>,
): Record<string, OptionSpec> {
  const taken = new Set(Object.values(command).flatMap((o) => (o.short ? [o.short] : [])));
  const merged: Record<string, OptionSpec> = {};
  for (const [name, spec] of Object.entries(global)) {
    if (spec.short && taken.has(spec.short)) {
      const { short: _short, ...rest } = spec;
      merged[name] = rest;
    } else merged[name] = spec;
  }
  return { ...merged, ...command };
}

/** Turn node's parseArgs errors into a usage error with a "did you mean" where possible. */
function usageErrorFrom(
  error: unknown,
  specs: Readonly<Record<string, OptionSpec>>,
  cmd?: CommandSpec,
): UsageError {
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

/** The whole CLI as a function: argv in, exit code out. Only bin/ touches process. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const commandIndex = findCommandWord(argv);
  const commandWord = commandIndex >= 0 ? argv[commandIndex] : undefined;
  const cmd = commandWord === undefined ? undefined : findCommand(commandWord);
  const rest =
    commandIndex >= 0 ? [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)] : [...argv];
  const specs = mergeOptionSpecs(globalOptions, cmd?.options ?? {});

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
        suggestion
          ? `Did you mean 'dockwright ${suggestion}'?`
          : "Run 'dockwright --help' for the list of commands.",
      );
    }

    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: toParseArgsOptions(specs),
        allowPositionals: true,
        strict: true,
      });
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
        throw new UsageError(
          `invalid value '${value}' for --${name}`,
          `Expected one of: ${spec.choices.join(', ')}.`,
        );
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
    stdin: process.stdin,
  });
  process.exitCode = code;
}
