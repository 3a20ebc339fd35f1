import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../core/errors.js';
import { denoDetector } from './detectors/deno.js';
import { dotnetDetector } from './detectors/dotnet.js';
import { goDetector } from './detectors/go.js';
import { javaDetector } from './detectors/java.js';
import { nodeDetector } from './detectors/node.js';
import { otherDetectors } from './detectors/others.js';
import { pythonDetector } from './detectors/python.js';
import { rustDetector } from './detectors/rust.js';
import { staticDetector } from './detectors/static.js';
import { existingDockerFiles } from './docker.js';
import type { AppDraft, Detector, DetectorContext } from './draft.js';
import { basename, FsView, rel } from './fs-view.js';
import { discoverWorkspace } from './monorepo.js';
import {
  type AppFacts,
  type AppKind,
  type DetectOptions,
  type MonorepoFacts,
  type Note,
  type ProjectFacts,
  SCHEMA_VERSION,
} from './types.js';

/**
 * Every detector, most specific first. Order breaks ties between equal scores: a Rails or Laravel app
 * with a package.json is Ruby/PHP (they build their assets with Node), Deno beats Node when deno.json exists.
 */
export const DETECTORS: readonly Detector[] = [
  denoDetector,
  ...otherDetectors.filter((d) => d.id === 'ruby' || d.id === 'php'),
  goDetector,
  rustDetector,
  javaDetector,
  dotnetDetector,
  pythonDetector,
  nodeDetector,
  ...otherDetectors.filter((d) => d.id !== 'ruby' && d.id !== 'php'),
  staticDetector,
];

/** Manifests that make a directory a project of its own (used to find apps below a manifest-less root). */
const MANIFESTS = [
  'package.json',
  'deno.json',
  'deno.jsonc',
  'pyproject.toml',
  'requirements.txt',
  'Pipfile',
  'go.mod',
  'Cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Gemfile',
  'composer.json',
  'mix.exs',
  'Staticfile',
];

/**
 * Detect everything about the project in `dir`. Throws InputError when `dir` is not a readable directory
 * or when `options.app` names no app.
 */
export async function detectProject(dir: string, options: DetectOptions = {}): Promise<ProjectFacts> {
  const started = performance.now();
  const root = resolve(dir);
  let isDir = false;
  try {
    isDir = (await stat(root)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such directory' : `cannot read directory (${code ?? 'unknown error'})`,
      dir,
      'Pass the path of a project directory, or run the command inside one.',
    );
  }
  if (!isDir)
    throw new InputError('not a directory', dir, 'Pass the project directory, not a file inside it.');
  const view = FsView.open(root, {
    ...(options.maxFiles !== undefined ? { maxFiles: options.maxFiles } : {}),
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  return detectInView(view, options, started);
}

/** Detection over an already-built view (tests use `FsView.fromFiles`). */
export function detectInView(
  view: FsView,
  options: DetectOptions = {},
  started = performance.now(),
): ProjectFacts {
  const notes: Note[] = [];
  if (view.truncated)
    notes.push({
      level: 'warning',
      message: `stopped walking after ${view.fileCount} files; facts may be incomplete`,
    });
  const monorepo = discoverWorkspace(view);
  let drafts: AppDraft[] = [];

  if (monorepo) {
    drafts = detectWorkspace(view, monorepo, notes);
  } else {
    const root = detectDir(view, '.', { workspaceRoot: null, exclude: new Set(), tools: [] });
    const best = root[0]?.score ?? 0;
    if (best < 40) {
      const nested = findNestedProjects(view);
      const nestedDrafts = nested.flatMap((d) =>
        detectDir(view, d, {
          workspaceRoot: null,
          exclude: new Set(nested.filter((o) => o !== d && o.startsWith(`${d}/`))),
          tools: [],
        }),
      );
      if (nestedDrafts.length > 0) {
        drafts = nestedDrafts;
        if (root.length > 0)
          notes.push({
            level: 'info',
            message: `the root ${root[0]!.language?.name ?? ''} manifest looks like tooling only; listing the projects below it`,
          });
      } else drafts = root;
    } else drafts = root;
  }

  let apps = drafts.map((d) => finalize(view, d));
  apps.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || comparePaths(a.path, b.path) || a.name.localeCompare(b.name),
  );
  // The root app first when there is one.
  const rootIndex = apps.findIndex((a) => a.path === '.');
  if (rootIndex > 0) apps = [apps[rootIndex]!, ...apps.slice(0, rootIndex), ...apps.slice(rootIndex + 1)];
  if (options.app !== undefined) {
    const picked = selectApp(apps, options.app);
    if (!picked) {
      throw new InputError(
        `no app named '${options.app}'`,
        view.root,
        apps.length > 0
          ? `Apps found: ${apps.map((a) => (a.path === '.' ? a.name : `${a.name} (${a.path}${a.entry ? ` ${a.entry}` : ''})`)).join(', ')}.`
          : 'No deployable app was found in this directory.',
      );
    }
    apps = [picked];
  }
  if (apps.length === 0)
    notes.push({
      level: 'warning',
      message:
        'no application found: no manifest (package.json, pyproject.toml, go.mod, Cargo.toml, pom.xml, *.csproj, …) or index.html',
    });
  return {
    schemaVersion: SCHEMA_VERSION,
    root: view.root,
    monorepo,
    apps,
    docker: existingDockerFiles(view, view.allFiles()),
    notes,
    stats: { files: view.fileCount, skipped: view.skippedCount, ms: Math.round(performance.now() - started) },
  };
}

function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  return a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b);
}

const KIND_ORDER: Record<AppKind, number> = { server: 0, static: 1, worker: 2, cli: 3 };

function selectApp(apps: readonly AppFacts[], wanted: string): AppFacts | undefined {
  const w = wanted.replace(/^\.\//, '').replace(/\/$/, '') || '.';
  return (
    apps.find((a) => a.name === w) ??
    apps.find((a) => a.path === w && !a.entry) ??
    apps.find(
      (a) =>
        a.entry !== undefined &&
        (a.entry === w ||
          a.entry.replace(/^\.\//, '') === w ||
          rel(a.path, a.entry.replace(/^\.\//, '')) === w),
    ) ??
    apps.find((a) => a.path === w) ??
    apps.find((a) => basename(a.path) === w) ??
    apps.find((a) => a.name.split('/').pop() === w)
  );
}

interface DirOptions {
  workspaceRoot: string | null;
  exclude: ReadonlySet<string>;
  tools: readonly string[];
}

/** Run every detector on one directory and keep the winning ecosystem's drafts. */
export function detectDir(view: FsView, dir: string, options: DirOptions): AppDraft[] {
  const ctx: DetectorContext = {
    view,
    dir,
    exclude: options.exclude,
    workspaceRoot: options.workspaceRoot,
    workspaceTools: options.tools,
  };
  const found: { detector: Detector; drafts: AppDraft[] }[] = [];
  for (const detector of DETECTORS) {
    const drafts = detector.detect(ctx);
    if (drafts.length > 0) found.push({ detector, drafts });
  }
  if (found.length === 0) return [];
  let best = found[0]!;
  for (const f of found) if (f.drafts[0]!.score > best.drafts[0]!.score) best = f;
  for (const other of found) {
    if (other === best) continue;
    const lang = other.drafts[0]!.language?.name;
    for (const d of best.drafts) {
      if (
        lang &&
        lang !== 'static' &&
        lang !== 'shell' &&
        other.drafts[0]!.score >= 40 &&
        !d.extraRuntimes.includes(lang) &&
        d.language?.name !== lang
      ) {
        d.extraRuntimes.push(lang);
        d.because(
          'extraRuntimes',
          lang,
          other.drafts[0]!.evidence.find((e) => e.fact === 'language')?.source ?? null,
          'medium',
          `a ${lang} project in the same directory`,
        );
      }
    }
  }
  return best.drafts;
}

function detectWorkspace(view: FsView, monorepo: MonorepoFacts, notes: Note[]): AppDraft[] {
  const members = monorepo.members;
  const out: AppDraft[] = [];
  for (const m of members) {
    const exclude = new Set(members.filter((o) => o !== m && o.startsWith(`${m}/`)));
    for (const d of detectDir(view, m, { workspaceRoot: '.', exclude, tools: monorepo.tools }))
      if (d.deployable) out.push(d);
  }
  const root = detectDir(view, '.', {
    workspaceRoot: null,
    exclude: new Set(members),
    tools: monorepo.tools,
  });
  // A JavaScript workspace root holds shared dependencies, not an app; a Cargo/Go root can be a binary of its own.
  const rootApp = root.filter(
    (d) =>
      d.deployable &&
      d.score >= 40 &&
      ['rust', 'go', 'java', 'python'].includes(d.language?.name ?? '') &&
      d.startCommand !== null,
  );
  if (out.length === 0) {
    notes.push({
      level: 'info',
      message: `no workspace member looks deployable (no start script, server framework or main package); describing the root`,
    });
    return root;
  }
  return [...rootApp, ...out];
}

function findNestedProjects(view: FsView): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const d of view.dirs(dir)) {
      if (d.startsWith('.') || ['docs', 'examples', 'test', 'tests', 'scripts', 'tools', 'e2e'].includes(d))
        continue;
      const child = rel(dir, d);
      const files = view.files(child);
      if (files.some((f) => MANIFESTS.includes(f) || /\.(?:cs|fs)proj$/.test(f))) out.push(child);
      else if (depth < 2) visit(child, depth + 1);
    }
  };
  visit('.', 1);
  return out.sort();
}

/** Merge step: cross-ecosystem overrides (Procfile, platform configs), defaults, and the frozen AppFacts. */
function finalize(view: FsView, d: AppDraft): AppFacts {
  const procfile = [rel(d.path, 'Procfile')].find((p) => view.has(p));
  if (procfile) {
    const text = view.read(procfile) ?? '';
    const web = /^web:\s*(.+)$/m.exec(text)?.[1]?.trim();
    const worker = /^worker:\s*(.+)$/m.exec(text)?.[1]?.trim();
    const release = /^release:\s*(.+)$/m.exec(text)?.[1]?.trim();
    if (web) {
      d.setStart(web, procfile, 'high', 'Procfile web process');
      d.startScript = undefined;
      const port = /(?:--port|-p|--bind(?:=|\s+)[\w.]*:)[=\s]*(\d{2,5})/.exec(web)?.[1];
      if (port) d.setPort(Number(port), procfile, 'high', 'Procfile web process');
    } else if (worker && !d.startCommand) {
      d.setStart(worker, procfile, 'high', 'Procfile worker process');
      d.setKind('worker', procfile, 'high', 'Procfile has only a worker process');
    }
    if (release)
      d.note('info', `Procfile release step: ${release} (run it before starting new containers)`, procfile);
  } else {
    const platformStart = platformStartCommand(view, d.path);
    if (platformStart) {
      d.setStart(
        platformStart.command,
        platformStart.source,
        'medium',
        `start command configured for ${platformStart.tool}`,
      );
      d.startScript = undefined;
    }
  }
  if (!d.language) throw new Error(`detector left ${d.path} without a language`);
  const kind = d.kind ?? 'server';
  return {
    name: d.name,
    path: d.path,
    ...(d.entry !== undefined ? { entry: d.entry } : {}),
    language: d.language,
    extraRuntimes: d.extraRuntimes,
    packageManager: d.packageManager,
    framework: d.framework,
    kind,
    port: kind === 'static' ? null : d.port,
    buildCommand: d.buildCommand,
    startCommand: d.startCommand,
    ...(d.startScript !== undefined ? { startScript: d.startScript } : {}),
    outputDir: d.outputDir,
    healthPath: d.healthPath,
    services: d.services,
    env: d.env,
    nativeDeps: d.nativeDeps,
    ml: d.ml,
    evidence: d.evidence,
    notes: d.notes,
  };
}

/** `nixpacks.toml` / `nixpacks.json` `[start] cmd`, `railpack.json` `deploy.startCommand`: what the user told another builder. */
function platformStartCommand(
  view: FsView,
  dir: string,
): { command: string; source: string; tool: string } | undefined {
  const toml = rel(dir, 'nixpacks.toml');
  const cmd = view.toml<{ start?: { cmd?: string } }>(toml)?.start?.cmd;
  if (typeof cmd === 'string' && cmd) return { command: cmd, source: toml, tool: 'Nixpacks' };
  const json = rel(dir, 'nixpacks.json');
  const jcmd = view.json<{ start?: { cmd?: string } }>(json)?.start?.cmd;
  if (typeof jcmd === 'string' && jcmd) return { command: jcmd, source: json, tool: 'Nixpacks' };
  const rp = rel(dir, 'railpack.json');
  const rcmd = view.json<{ deploy?: { startCommand?: string } }>(rp)?.deploy?.startCommand;
  if (typeof rcmd === 'string' && rcmd) return { command: rcmd, source: rp, tool: 'Railpack' };
  return undefined;
}
