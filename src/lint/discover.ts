import { opendir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { InputError } from '../core/errors.js';

export type LintFileKind = 'dockerfile' | 'dockerignore' | 'compose';

export interface LintTarget {
  /** Path as the user will want to read it: relative to cwd when inside it. */
  readonly path: string;
  readonly absolutePath: string;
  readonly kind: LintFileKind;
}

/** Folders that never hold a project's own Docker files and are expensive to walk. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  'dist',
  'target',
  '.next',
  '.nuxt',
  'vendor',
]);

const COMPOSE_NAMES = /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/;

/** What kind of file a name is, or undefined when it is not one we review. */
export function classifyFile(name: string): LintFileKind | undefined {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) {
    return lower.endsWith('.dockerignore') ? 'dockerignore' : 'dockerfile';
  }
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  if (lower === '.dockerignore' || lower === '.containerignore' || lower.endsWith('.dockerignore'))
    return 'dockerignore';
  if (COMPOSE_NAMES.test(lower)) return 'compose';
  return undefined;
}

function display(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') ? absolute : rel;
}

interface GitIgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

async function loadGitignore(dir: string): Promise<GitIgnoreLayer | undefined> {
  try {
    return { base: dir, rules: ignore().add(await readFile(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

/** Is `absolute` ignored by any .gitignore from the walk's root down to its folder? (git's rule: deeper files refine) */
function gitIgnored(layers: readonly GitIgnoreLayer[], absolute: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.base, absolute).split(sep).join('/');
    const verdict = layer.rules.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

async function walk(
  dir: string,
  cwd: string,
  kinds: ReadonlySet<LintFileKind>,
  found: LintTarget[],
  layers: readonly GitIgnoreLayer[],
): Promise<void> {
  const own = await loadGitignore(dir);
  const active = own ? [...layers, own] : layers;
  const handle = await opendir(dir);
  const subdirs: string[] = [];
  for await (const entry of handle) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !gitIgnored(active, absolute, true)) subdirs.push(absolute);
    } else if (entry.isFile()) {
      const kind = classifyFile(entry.name);
      if (kind && kinds.has(kind) && !gitIgnored(active, absolute, false)) {
        found.push({ path: display(cwd, absolute), absolutePath: absolute, kind });
      }
    }
  }
  for (const sub of subdirs.sort()) await walk(sub, cwd, kinds, found, active);
}

/**
 * The files a review covers: explicit files as given (even when git-ignored: the user named them) (any name, read as a Dockerfile unless the
 * name says otherwise), directories searched recursively, skipping what .gitignore files exclude. Sorted and de-duplicated.
 */
export async function discoverLintTargets(
  paths: readonly string[],
  cwd: string,
  kinds: ReadonlySet<LintFileKind> = new Set(['dockerfile', 'dockerignore', 'compose']),
): Promise<LintTarget[]> {
  const found: LintTarget[] = [];
  for (const path of paths.length ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch {
      throw new InputError(
        'no such file or directory',
        path,
        'Check the path, or run without arguments to review the current directory.',
      );
    }
    if (info.isDirectory()) {
      await walk(absolute, cwd, kinds, found, []);
    } else {
      found.push({
        path: display(cwd, absolute),
        absolutePath: absolute,
        kind: classifyFile(basename(absolute)) ?? 'dockerfile',
      });
    }
  }
  const unique = new Map(found.map((t) => [t.absolutePath, t]));
  return [...unique.values()].sort((a, b) => a.path.localeCompare(b.path));
}
