import { SEVERITY_ORDER } from '../../core/diagnostic.js';
import { ParseError, UsageError } from '../../core/errors.js';
import { loadCompose } from '../../parse/compose/loader.js';
import { printComposeConfig } from '../../parse/compose/print.js';
import type { CommandContext } from '../command.js';
import { printError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

const SUBCOMMANDS = ['config'];

/** `dockwright compose config`: the resolved, normalised project, like `docker compose config`. */
export async function run(ctx: CommandContext): Promise<number> {
  const { output, options } = ctx;
  const [sub, ...rest] = ctx.positionals;
  if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
    throw new UsageError(
      sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`,
      'Use: dockwright compose config [-f file...] [--profile name] [--env-file file]',
    );
  }
  if (rest.length > 0) {
    throw new UsageError(`unexpected argument '${rest[0]}'`, 'Name compose files with -f.');
  }

  const profiles = list(options.profile);
  const project = await loadCompose({
    workingDir: output.io.cwd,
    files: list(options.file),
    envFiles: list(options['env-file']),
    env: output.io.env as Record<string, string | undefined>,
    ...(profiles.length > 0 ? { profiles } : {}),
    ...(typeof options['project-name'] === 'string' ? { projectName: options['project-name'] } : {}),
    ...(typeof options['project-directory'] === 'string'
      ? { projectDirectory: options['project-directory'] }
      : {}),
  });

  const sources = new Map(project.files.map((f) => [f.path, f.source]));
  const sorted = [...project.diagnostics].sort(
    (a, b) =>
      SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
      a.file.localeCompare(b.file) ||
      a.range.start - b.range.start,
  );
  const errors = sorted.filter((d) => d.severity === 'error');
  for (const d of sorted) {
    if (d.severity === 'error') {
      const source = sources.get(d.file);
      printError(
        new ParseError(d.message, d.file, d.range, d.start, d.hint, d.code, source?.lineText(d.start.line)),
        output,
      );
    } else if (!options.quiet) {
      output.err(
        `${output.color.bold(`${d.file}:${d.start.line}:${d.start.column}`)}: ${output.color.yellow(d.severity)}: ${d.message}`,
      );
    }
  }
  if (errors.length > 0) {
    output.err(
      output.color.red(
        `${errors.length} error${errors.length === 1 ? '' : 's'}: the project is not valid Compose`,
      ),
    );
    return ExitCode.UsageOrInput;
  }

  if (options.services) {
    for (const name of Object.keys(project.model.services).sort()) output.out(name);
    return ExitCode.Ok;
  }
  output.io.stdout.write(printComposeConfig(project.model, ctx.format === 'json' ? 'json' : 'yaml'));
  return ExitCode.Ok;
}
