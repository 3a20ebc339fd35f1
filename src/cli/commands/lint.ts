import { resolve } from 'node:path';
import pc from 'picocolors';
import { type Diagnostic, SEVERITY_ORDER, type Severity } from '../../core/diagnostic.js';
import { InputError, ParseError, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/fs.js';
import type { RuleLevel, RuleSetting } from '../../lint/engine/config.js';
import type { Profile } from '../../lint/engine/rule.js';
import { formatters } from '../../lint/formatters/index.js';
import { type FixMode, lintFiles } from '../../lint/lint-files.js';
import type { CommandContext } from '../command.js';
import { printError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { version } from '../main.js';

const LEVELS = new Set(['off', 'error', 'warning', 'info', 'style']);

function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

function keyValues(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} '${item}'`, `Write it as ${flag} NAME=VALUE.`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function ruleOverrides(values: readonly string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, level] of Object.entries(keyValues(values, '--rule'))) {
    if (!LEVELS.has(level))
      throw new UsageError(
        `invalid level '${level}' for rule '${id}'`,
        'Use off, error, warning, info or style.',
      );
    out[id] = { level: level as RuleLevel };
  }
  return out;
}

/** Files the tools themselves would refuse to read: a Dockerfile BuildKit cannot parse, YAML Compose cannot load. */
const COMPOSE_SYNTAX = new Set([
  'compose/yaml-syntax',
  'compose/yaml-key',
  'compose/yaml-merge',
  'compose/too-deep',
  'compose/alias-bomb',
  'compose/file-too-large',
  'compose/interpolation-syntax',
]);

function isSyntaxError(d: Diagnostic): boolean {
  return d.severity === 'error' && (d.code.startsWith('dockerfile/') || COMPOSE_SYNTAX.has(d.code));
}

export async function run(ctx: CommandContext): Promise<number> {
  const { output, options } = ctx;
  const fix: FixMode = options['fix-unsafe']
    ? 'unsafe'
    : options.fix || options['fix-dry-run']
      ? 'safe'
      : 'none';
  const maxWarnings = options['max-warnings'] === undefined ? undefined : Number(options['max-warnings']);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    throw new UsageError(
      `invalid --max-warnings '${String(options['max-warnings'])}'`,
      'Expected a whole number, 0 or more.',
    );
  }

  const result = await lintFiles({
    cwd: output.io.cwd,
    env: output.io.env,
    paths: ctx.positionals,
    ...(options.profile ? { profile: options.profile as Profile } : {}),
    ...(typeof options.config === 'string' ? { configPath: options.config } : {}),
    ruleOverrides: ruleOverrides(list(options.rule)),
    fix,
    dryRun: options['fix-dry-run'] === true,
    buildArgs: keyValues(list(options['build-arg']), '--build-arg'),
    ...(typeof options.context === 'string' ? { contextDir: options.context } : {}),
    ...(output.debug ? { debug: (m: string) => output.err(output.color.dim(`debug: ${m}`)) } : {}),
    shellcheck: options['no-shellcheck'] === true ? false : { searchPath: output.io.env.PATH ?? '' },
  });
  if (result.files.length === 0) {
    throw new InputError(
      'no Dockerfile, Containerfile, compose file or .dockerignore found',
      ctx.positionals.join(' ') || output.io.cwd,
      'Pass the files to review, e.g. dockwright lint path/to/Dockerfile.',
    );
  }

  if (options['fix-dry-run']) {
    for (const file of result.files) if (file.diff) output.io.stdout.write(file.diff);
  } else if (fix !== 'none' && ctx.format === 'stylish') {
    const applied = result.files.reduce((n, f) => n + f.fixesApplied, 0);
    const changed = result.files.filter((f) => f.fixesApplied > 0).length;
    output.err(
      output.color.green(
        `fixed ${applied} problem${applied === 1 ? '' : 's'} in ${changed} file${changed === 1 ? '' : 's'}`,
      ),
    );
  }

  const formatter = formatters[ctx.format]!;
  const formatOptions = {
    fileCount: result.files.length,
    files: result.files.map((f) => f.target.path),
    sources: result.sources,
    toolVersion: version(),
  };
  if (typeof options.output === 'string') {
    const plain = formatter(result.diagnostics, { ...formatOptions, color: pc.createColors(false) });
    await writeFileAtomic(resolve(output.io.cwd, options.output), plain, { force: true });
  } else if (!options['fix-dry-run']) {
    output.io.stdout.write(formatter(result.diagnostics, { ...formatOptions, color: output.color }));
  }

  // A file BuildKit or Compose itself would refuse is an input error, whatever the threshold: say where, compiler-style.
  const syntaxErrors = result.diagnostics.filter(isSyntaxError);
  for (const d of syntaxErrors) {
    const lineText = result.sources.get(d.file)?.split(/\r?\n/)[d.start.line - 1];
    printError(new ParseError(d.message, d.file, d.range, d.start, d.hint, d.code, lineText), output);
  }
  if (syntaxErrors.length) return ExitCode.UsageOrInput;
  const threshold =
    (options['failure-threshold'] as Severity | 'none' | undefined) ?? result.configThreshold ?? 'warning';
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) return ExitCode.Findings;
  if (threshold === 'none') return ExitCode.Ok;
  return result.diagnostics.some((d) => SEVERITY_ORDER[d.severity] >= SEVERITY_ORDER[threshold])
    ? ExitCode.Findings
    : ExitCode.Ok;
}
