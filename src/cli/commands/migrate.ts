import { resolve } from 'node:path';
import { SEVERITY_ORDER } from '../../core/diagnostic.js';
import { InputError, ParseError, UsageError } from '../../core/errors.js';
import { pathExists, writeFileAtomic } from '../../core/fs.js';
import { planBuildah } from '../../migrate/buildah.js';
import { convertToQuadlet } from '../../migrate/podman.js';
import { loadCompose } from '../../parse/compose/loader.js';
import type { CommandContext } from '../command.js';
import { printError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

interface OutFile {
  readonly name: string;
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
}

/** Write every file or none: existing files stop the run before anything is written, unless --force. */
async function writeAll(files: readonly OutFile[], force: boolean): Promise<void> {
  if (!force) {
    const existing: string[] = [];
    for (const f of files) if (await pathExists(f.path)) existing.push(f.path);
    if (existing.length > 0) {
      throw new InputError(
        `${existing.length} file${existing.length === 1 ? '' : 's'} already exist${existing.length === 1 ? 's' : ''}: ${existing.join(', ')}`,
        existing[0],
        'Pass --force to overwrite them, --out to write elsewhere, or --dry-run to print them.',
      );
    }
  }
  for (const f of files)
    await writeFileAtomic(f.path, f.content, { force, ...(f.mode ? { mode: f.mode } : {}) });
}

export async function run(ctx: CommandContext): Promise<number> {
  const [engine, ...rest] = ctx.positionals;
  if (engine === 'podman') return podman(ctx, rest);
  if (engine === 'buildah') return buildah(ctx, rest);
  throw new UsageError(
    engine === undefined ? 'missing target engine' : `unknown target '${engine}'`,
    'Use: dockwright migrate podman [-f compose.yaml] | dockwright migrate buildah [dir]',
  );
}

async function podman(ctx: CommandContext, rest: readonly string[]): Promise<number> {
  const { output, options } = ctx;
  if (rest.length > 0)
    throw new UsageError(`unexpected argument '${rest[0]}'`, 'Name compose files with -f.');
  const profiles = list(options.profile);
  const project = await loadCompose({
    workingDir: output.io.cwd,
    files: list(options.file),
    envFiles: list(options['env-file']),
    env: output.io.env as Record<string, string | undefined>,
    ...(profiles.length > 0 ? { profiles } : {}),
    ...(typeof options['project-name'] === 'string' ? { projectName: options['project-name'] } : {}),
  });
  const errors = project.diagnostics
    .filter((d) => d.severity === 'error')
    .sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || a.file.localeCompare(b.file));
  if (errors.length > 0) {
    const sources = new Map(project.files.map((f) => [f.path, f.source]));
    for (const d of errors) {
      printError(
        new ParseError(
          d.message,
          d.file,
          d.range,
          d.start,
          d.hint,
          d.code,
          sources.get(d.file)?.lineText(d.start.line),
        ),
        output,
      );
    }
    output.err(output.color.red('the project is not valid Compose: nothing converted'));
    return ExitCode.UsageOrInput;
  }

  const plan = convertToQuadlet(project.model, {
    selinux: options.selinux === true,
    pod: options.pod === true,
    ...(typeof options.userns === 'string' ? { userns: options.userns } : {}),
  });
  const outDir = resolve(output.io.cwd, typeof options.out === 'string' ? options.out : 'quadlet');
  const files: OutFile[] = plan.files.map((f) => ({ ...f, path: resolve(outDir, f.name) }));
  const dryRun = options['dry-run'] === true;
  if (!dryRun) await writeAll(files, options.force === true);

  if (ctx.format === 'json') {
    output.out(
      JSON.stringify(
        {
          schemaVersion: 1,
          engine: 'podman',
          project: plan.project,
          outDir,
          dryRun,
          files: files.map((f) => ({
            name: f.name,
            path: f.path,
            ...(dryRun ? { content: f.content } : {}),
          })),
          secrets: plan.secrets,
          unsupported: plan.unsupported,
          notes: plan.notes,
        },
        null,
        2,
      ),
    );
    return ExitCode.Ok;
  }
  const c = output.color;
  if (dryRun) {
    for (const f of files) output.out(`${c.bold(`# ${f.path}`)}\n${f.content}`);
  } else {
    output.out(`${c.green('wrote')} ${files.length} files to ${outDir}`);
    for (const f of files) output.out(`  ${f.name}`);
  }
  for (const n of plan.notes)
    output.err(
      `${n.level === 'warning' ? c.yellow('warning') : c.dim('note')}: ${n.service ? `${n.service}: ` : ''}${n.message}`,
    );
  if (plan.unsupported.length > 0) {
    output.out(c.bold(`\nNot carried over (${plan.unsupported.length}, no Podman/Quadlet equivalent):`));
    for (const u of plan.unsupported) output.out(`  ${c.yellow(u.path)}: ${u.reason}`);
  } else {
    output.out('\nEvery Compose key was carried over.');
  }
  if (!dryRun)
    output.out(`\nNext: see ${resolve(outDir, 'README.md')} (systemctl --user daemon-reload, then start).`);
  return ExitCode.Ok;
}

async function buildah(ctx: CommandContext, rest: readonly string[]): Promise<number> {
  const { output, options } = ctx;
  if (rest.length > 1)
    throw new UsageError(`unexpected argument '${rest[1]}'`, 'Name one project directory.');
  const root = resolve(output.io.cwd, rest[0] ?? '.');
  const outDir = typeof options.out === 'string' ? resolve(output.io.cwd, options.out) : root;
  const plan = await planBuildah(root, { scriptDir: outDir });
  if (plan.targets.length === 0) {
    throw new InputError(
      'no Dockerfile, Containerfile or docker-bake.hcl target found',
      root,
      'Pass the project directory.',
    );
  }
  const script: OutFile = {
    name: 'buildah-build.sh',
    path: resolve(outDir, 'buildah-build.sh'),
    content: plan.script,
    mode: 0o755,
  };
  const dryRun = options['dry-run'] === true;
  if (!dryRun) await writeAll([script], options.force === true);

  if (ctx.format === 'json') {
    output.out(
      JSON.stringify(
        {
          schemaVersion: 1,
          engine: 'buildah',
          root,
          dryRun,
          script: { path: script.path, ...(dryRun ? { content: script.content } : {}) },
          targets: plan.targets,
          unsupported: plan.unsupported,
          notes: plan.notes,
        },
        null,
        2,
      ),
    );
    return ExitCode.Ok;
  }
  const c = output.color;
  for (const t of plan.targets) output.out(`${c.bold(`# ${t.name}`)}\n${t.command}\n`);
  for (const n of plan.notes) output.err(`${c.dim('note')}: ${n}`);
  if (plan.unsupported.length > 0) {
    output.out(c.bold(`Not carried over (${plan.unsupported.length}):`));
    for (const u of plan.unsupported) output.out(`  ${c.yellow(u.path)}: ${u.reason}`);
  }
  output.out(dryRun ? `(dry run: ${script.path} not written)` : `${c.green('wrote')} ${script.path}`);
  return ExitCode.Ok;
}
