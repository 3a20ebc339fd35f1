import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { type AppFacts, detectProject, type Evidence, type ProjectFacts } from '../../detect/index.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../io.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length > 1) {
    throw new UsageError(
      `expected one directory, got ${ctx.positionals.length}`,
      "Run 'dockwright detect --help' for usage.",
    );
  }
  const given = ctx.positionals[0] ?? '.';
  const cwd = ctx.output.io.cwd;
  const dir = isAbsolute(given) ? given : resolve(cwd, given);
  const app = typeof ctx.options.app === 'string' ? ctx.options.app : undefined;
  let facts: ProjectFacts;
  try {
    facts = await detectProject(dir, app !== undefined ? { app } : {});
  } catch (error) {
    // Report the path as the user typed it.
    if (error instanceof Error && 'file' in error && (error as { file?: string }).file === dir)
      (error as { file?: string }).file = given;
    throw error;
  }
  const format = ctx.options.json === true ? 'json' : ctx.format;
  if (format === 'json') ctx.output.out(JSON.stringify(facts, null, 2));
  else ctx.output.out(renderText(facts, ctx.output));
  return ExitCode.Ok;
}

/** Where a fact came from: the strongest evidence's file, or a short reason for defaults. */
function sourceOf(app: AppFacts, fact: string): string {
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const ev: Evidence | undefined = [...app.evidence.filter((e) => e.fact === fact)].sort(
    (a, b) => rank[a.confidence] - rank[b.confidence],
  )[0];
  if (!ev) return '';
  if (ev.source === null) return ev.detail ? `(${ev.detail})` : '(default)';
  return `${ev.source}${ev.line ? `:${ev.line}` : ''}${ev.detail && !ev.detail.startsWith(ev.source) ? ` — ${ev.detail}` : ''}`;
}

function renderText(facts: ProjectFacts, out: Output): string {
  const c = out.color;
  const lines: string[] = [];
  lines.push(
    `${c.bold('dockwright detect')} ${facts.root} ${c.dim(`(${facts.stats.files} files, ${facts.stats.ms} ms)`)}`,
  );
  if (facts.monorepo) {
    lines.push(
      `${c.bold('monorepo')}  ${facts.monorepo.tools.join(', ')} ${c.dim(`— ${facts.monorepo.members.length} members, ${facts.apps.length} deployable (${facts.monorepo.source})`)}`,
    );
  }
  for (const app of facts.apps) {
    lines.push('');
    const where = app.path === '.' ? '' : ` ${c.dim(app.path)}`;
    lines.push(`${c.cyan('●')} ${c.bold(app.name)}${where}${app.entry ? c.dim(` ${app.entry}`) : ''}`);
    const rows: [string, string, string][] = [];
    const lang = app.language;
    rows.push([
      'language',
      `${lang.name}${lang.version ? ` ${lang.version}` : ''}${lang.versionIsDefault ? c.yellow(' (default)') : ''}${lang.versionConstraint ? c.dim(` from ${lang.versionConstraint}`) : ''}`,
      lang.versionSource ?? sourceOf(app, lang.versionIsDefault ? 'language.version' : 'language'),
    ]);
    if (app.extraRuntimes.length > 0)
      rows.push(['also needs', app.extraRuntimes.join(', '), sourceOf(app, 'extraRuntimes')]);
    if (app.packageManager) {
      const pm = app.packageManager;
      const extra = [pm.variant, pm.linker, pm.vendored ? 'vendored' : undefined].filter(Boolean).join(', ');
      rows.push([
        'package manager',
        `${pm.name}${pm.version ? ` ${pm.version}` : ''}${extra ? c.dim(` (${extra})`) : ''}`,
        pm.lockfile ?? sourceOf(app, 'packageManager'),
      ]);
    }
    if (app.framework) {
      const f = app.framework;
      rows.push([
        'framework',
        `${f.name}${f.version ? ` ${f.version}` : ''}${f.features.length ? c.dim(` (${f.features.join(', ')})`) : ''}`,
        sourceOf(app, 'framework'),
      ]);
    }
    rows.push(['kind', app.kind, sourceOf(app, 'kind')]);
    if (app.port !== null) rows.push(['port', String(app.port), sourceOf(app, 'port')]);
    if (app.buildCommand) rows.push(['build', app.buildCommand, sourceOf(app, 'buildCommand')]);
    if (app.startCommand) rows.push(['start', app.startCommand, sourceOf(app, 'startCommand')]);
    if (app.outputDir) rows.push(['output', app.outputDir, sourceOf(app, 'outputDir')]);
    if (app.healthPath) rows.push(['health', app.healthPath, sourceOf(app, 'healthPath')]);
    if (app.services.length > 0)
      rows.push([
        'services',
        app.services.map((s) => s.name).join(', '),
        [...new Set(app.services.map((s) => s.source))].join(', '),
      ]);
    if (app.env.length > 0) {
      const shown = app.env.slice(0, 8).map((e) => (e.secret ? `${e.name}${c.dim('*')}` : e.name));
      rows.push([
        'env',
        `${shown.join(', ')}${app.env.length > 8 ? c.dim(` +${app.env.length - 8} more`) : ''}`,
        sourceOf(app, 'env'),
      ]);
    }
    if (app.nativeDeps.length > 0) {
      rows.push([
        'native deps',
        app.nativeDeps.map((n) => n.package).join(', '),
        [...new Set(app.nativeDeps.map((n) => n.source))].join(', '),
      ]);
    }
    if (app.ml)
      rows.push([
        'ml',
        `${app.ml.packages.join(', ')}${app.ml.gpu ? c.yellow(' (GPU)') : ''}`,
        app.ml.source,
      ]);
    const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.min(48, Math.max(...rows.map((r) => visible(r[1]))));
    for (const [label, value, source] of rows) {
      const pad = Math.max(1, w1 - visible(value) + 2);
      lines.push(
        `  ${c.dim(label.padEnd(w0))}  ${value}${source ? `${' '.repeat(pad)}${c.dim(source)}` : ''}`,
      );
    }
    for (const n of app.notes)
      lines.push(`  ${n.level === 'warning' ? c.yellow('!') : c.blue('i')} ${n.message}`);
  }
  if (facts.apps.length === 0) lines.push('', c.yellow('no application found'));
  const d = facts.docker;
  const existing = [...d.dockerfiles, ...d.compose, ...d.dockerignore];
  lines.push('');
  lines.push(
    `${c.bold('docker')}    ${existing.length > 0 ? existing.join(', ') : c.dim('no Dockerfile, compose file or .dockerignore yet')}`,
  );
  if (d.ci.length > 0)
    lines.push(
      `${c.bold('ci')}        ${d.ci.map((x) => `${x.path}${x.buildsImage ? c.dim(' (builds an image)') : ''}`).join(', ')}`,
    );
  if (d.platform.length > 0) lines.push(`${c.bold('platform')}  ${d.platform.join(', ')}`);
  for (const n of facts.notes)
    lines.push(`${n.level === 'warning' ? c.yellow('!') : c.blue('i')} ${n.message}`);
  return lines.join('\n');
}
