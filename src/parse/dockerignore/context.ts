import type { Dirent } from 'node:fs';
import { lstat, opendir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { InputError } from '../../core/errors.js';
import { createMatcher, type IgnoreMatcher, type MatchInfo, skipsExcludedDir } from './matcher.js';
import { parseDockerignore } from './parse.js';

export type ContextEntryType = 'file' | 'symlink' | 'dir' | 'other';

/** One entry BuildKit would send. Paths are context-relative and '/'-separated. */
export interface ContextEntry {
  readonly path: string;
  readonly type: ContextEntryType;
  /** Bytes of content: the file size; 0 for directories, symlinks and special files. */
  readonly size: number;
  /** Where a symlink points (never followed). */
  readonly linkTarget?: string;
}

export interface ContextWalkProblem {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
  /** True when the path is excluded anyway, so Docker ignores the error too. */
  readonly ignoredByDocker: boolean;
}

export interface BuildContextOptions {
  /**
   * Dockerfile path (absolute, or relative to the context directory). Its
   * `<Dockerfile>.dockerignore` sibling wins over the context's `.dockerignore`,
   * as BuildKit does. Default `Dockerfile`.
   */
  readonly dockerfile?: string;
  /** Use these patterns instead of reading any ignore file. */
  readonly patterns?: readonly string[];
  /**
   * Mimic the classic (non-BuildKit) builder, whose CLI adds `!.dockerignore` and
   * `!<Dockerfile>` so both are always sent. Default false: BuildKit reads them
   * separately and sends them in the context only if not ignored.
   */
  readonly legacyBuilder?: boolean;
  /** Also yield included directories (each before its contents). Default false. */
  readonly includeDirs?: boolean;
  /** Directories to keep in `largest` (top N by included bytes). Default 10. */
  readonly largestCount?: number;
  /** Only directories at most this deep count for `largest` (1 = top level). Default 3. */
  readonly largestMaxDepth?: number;
  /**
   * Called for unreadable paths. Without it, an error on a path that is not
   * excluded throws an InputError (Docker fails the build), and errors under
   * excluded paths are ignored (as fsutil does).
   */
  readonly onProblem?: (problem: ContextWalkProblem) => void;
  readonly signal?: AbortSignal;
}

export interface DirectoryTotal {
  readonly path: string;
  readonly bytes: number;
  readonly files: number;
}

export interface BuildContextSummary {
  /** Number of included non-directory entries (files, symlinks, special files). */
  readonly files: number;
  readonly totalBytes: number;
  /** Largest included directories by bytes beneath them, biggest first. */
  readonly largest: readonly DirectoryTotal[];
  /** Excluded directories BuildKit never opens (no exception can reach inside). */
  readonly skippedDirs: number;
  /** Excluded directories that had to be walked because an exception might reach inside. */
  readonly walkedExcludedDirs: number;
  /** The ignore file used, relative to the context (or undefined when none / explicit patterns). */
  readonly ignoreFile?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly problems: readonly ContextWalkProblem[];
}

interface IgnoreSetup {
  readonly matcher: IgnoreMatcher;
  readonly ignoreFile?: string;
  readonly diagnostics: readonly Diagnostic[];
}

const toSlash = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return undefined;
    }
    throw e;
  }
}

/** Find and parse the ignore file BuildKit would use, and add the legacy builder's forced inclusions. */
export async function loadContextIgnore(root: string, opts: BuildContextOptions = {}): Promise<IgnoreSetup> {
  const dockerfile = resolve(root, opts.dockerfile ?? 'Dockerfile');
  let patterns: string[] = [];
  let ignoreFile: string | undefined;
  let diagnostics: readonly Diagnostic[] = [];
  if (opts.patterns) patterns = [...opts.patterns];
  else {
    for (const candidate of [`${dockerfile}.dockerignore`, join(root, '.dockerignore')]) {
      const text = await readIfExists(candidate);
      if (text === undefined) continue;
      const rel = toSlash(relative(root, candidate));
      const parsed = parseDockerignore(text, rel);
      patterns = parsed.patterns.map((p) => p.normalized);
      diagnostics = parsed.diagnostics;
      ignoreFile = rel;
      break;
    }
  }
  if (opts.legacyBuilder) {
    // docker/cli build.TrimBuildFilesFromExcludes
    const probe = createMatcher(patterns);
    if (probe.matchesOrParentMatches('.dockerignore')) patterns.push('!.dockerignore');
    const relDockerfile = toSlash(relative(root, dockerfile));
    if (
      !relDockerfile.startsWith('../') &&
      !isAbsolute(relDockerfile) &&
      probe.matchesOrParentMatches(relDockerfile)
    ) {
      patterns.push(`!${relDockerfile}`);
    }
  }
  return { matcher: createMatcher(patterns), ...(ignoreFile ? { ignoreFile } : {}), diagnostics };
}

/** Go sorts directory entries by byte-wise name; code-point order is the same thing. */
function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

class Walk {
  files = 0;
  totalBytes = 0;
  skippedDirs = 0;
  walkedExcludedDirs = 0;
  readonly problems: ContextWalkProblem[] = [];
  readonly largest: DirectoryTotal[] = [];

  constructor(
    readonly root: string,
    readonly matcher: IgnoreMatcher,
    readonly opts: BuildContextOptions,
  ) {}

  problem(path: string, e: unknown, excluded: boolean): void {
    const err = e as NodeJS.ErrnoException;
    const p: ContextWalkProblem = {
      path,
      message: err.message ?? String(e),
      ...(err.code ? { code: err.code } : {}),
      ignoredByDocker: excluded,
    };
    this.problems.push(p);
    if (this.opts.onProblem) this.opts.onProblem(p);
    else if (!excluded) {
      throw new InputError(`cannot read ${path} in the build context: ${p.message}`, join(this.root, path));
    }
  }

  recordDir(path: string, depth: number, bytes: number, files: number): void {
    if (depth > (this.opts.largestMaxDepth ?? 3) || files === 0) return;
    const keep = this.opts.largestCount ?? 10;
    const list = this.largest;
    if (list.length >= keep && bytes <= list[list.length - 1]!.bytes) return;
    let i = list.length;
    while (i > 0 && list[i - 1]!.bytes < bytes) i--;
    list.splice(i, 0, { path, bytes, files });
    if (list.length > keep) list.pop();
  }

  /**
   * Walk one directory. `pending` holds excluded ancestors not yet emitted: like
   * fsutil, they are sent only once something beneath them is included.
   */
  async *dir(
    rel: string,
    depth: number,
    info: MatchInfo | undefined,
    pending: string[],
  ): AsyncGenerator<ContextEntry, { bytes: number; files: number }> {
    const abs = rel === '' ? this.root : join(this.root, rel);
    const entries: Dirent[] = [];
    try {
      const handle = await opendir(abs);
      for await (const d of handle) entries.push(d);
    } catch (e) {
      this.problem(rel || '.', e, pending.length > 0);
      return { bytes: 0, files: 0 };
    }
    entries.sort((a, b) => compareNames(a.name, b.name));

    let bytes = 0;
    let files = 0;
    for (const d of entries) {
      this.opts.signal?.throwIfAborted();
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      const absPath = join(abs, d.name);
      let isDir = d.isDirectory();
      let isLink = d.isSymbolicLink();
      let isFile = d.isFile();
      const known =
        isDir || isLink || isFile || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice();
      if (!known) {
        // DT_UNKNOWN on some filesystems: ask lstat what it is.
        try {
          const st = await lstat(absPath);
          isDir = st.isDirectory();
          isLink = st.isSymbolicLink();
          isFile = st.isFile();
        } catch (e) {
          this.problem(path, e, this.matcher.matchWithParent(path, info).excluded);
          continue;
        }
      }
      const { excluded, info: childInfo } = this.matcher.matchWithParent(path, info);

      if (isDir) {
        if (excluded) {
          if (skipsExcludedDir(this.matcher, path)) {
            this.skippedDirs++;
            continue;
          }
          this.walkedExcludedDirs++;
          const sub = yield* this.dir(path, depth + 1, childInfo, [...pending, path]);
          bytes += sub.bytes;
          files += sub.files;
          continue;
        }
        if (this.opts.includeDirs) {
          yield* this.flush(pending);
          yield { path, type: 'dir', size: 0 };
        }
        const sub = yield* this.dir(path, depth + 1, childInfo, []);
        bytes += sub.bytes;
        files += sub.files;
        continue;
      }
      if (excluded) continue;

      let entry: ContextEntry;
      if (isLink) {
        let linkTarget: string | undefined;
        try {
          linkTarget = await readlink(absPath);
        } catch (e) {
          this.problem(path, e, false);
        }
        entry =
          linkTarget === undefined
            ? { path, type: 'symlink', size: 0 }
            : { path, type: 'symlink', size: 0, linkTarget };
      } else if (isFile) {
        let size: number;
        try {
          size = (await lstat(absPath)).size;
        } catch (e) {
          this.problem(path, e, false);
          continue;
        }
        entry = { path, type: 'file', size };
      } else {
        entry = { path, type: 'other', size: 0 };
      }
      if (this.opts.includeDirs) yield* this.flush(pending);
      files++;
      bytes += entry.size;
      this.files++;
      this.totalBytes += entry.size;
      yield entry;
    }
    if (rel !== '') this.recordDir(rel, depth, bytes, files);
    return { bytes, files };
  }

  *flush(pending: string[]): Generator<ContextEntry> {
    for (const p of pending) yield { path: p, type: 'dir', size: 0 };
    pending.length = 0;
  }
}

/**
 * Stream what `docker build` (BuildKit) would send as the build context of
 * `dir`: files, symlinks (reported, never followed) and special files that
 * survive the `.dockerignore`, in the walk order BuildKit uses (entries
 * sorted by name, depth first).
 *
 * Memory stays bounded by tree depth × largest directory: one directory's
 * entry names are read (with `fs.opendir`), sorted, and the handle closed
 * before descending. Excluded directories are skipped without being opened
 * when no `!` exception could reach inside them, exactly when BuildKit's
 * fsutil skips them; otherwise they are walked and only re-included entries
 * are yielded.
 *
 * The generator's return value is the summary (use `summarizeBuildContext`
 * when you only want that).
 */
export async function* listBuildContext(
  dir: string,
  opts: BuildContextOptions = {},
): AsyncGenerator<ContextEntry, BuildContextSummary> {
  const root = resolve(dir);
  const setup = await loadContextIgnore(root, opts);
  const walk = new Walk(root, setup.matcher, opts);
  yield* walk.dir('', 0, undefined, []);
  return {
    files: walk.files,
    totalBytes: walk.totalBytes,
    largest: walk.largest,
    skippedDirs: walk.skippedDirs,
    walkedExcludedDirs: walk.walkedExcludedDirs,
    ...(setup.ignoreFile ? { ignoreFile: setup.ignoreFile } : {}),
    diagnostics: setup.diagnostics,
    problems: walk.problems,
  };
}

/** Size up a build context without keeping the file list: counts, bytes and the largest directories. */
export async function summarizeBuildContext(
  dir: string,
  opts: BuildContextOptions = {},
): Promise<BuildContextSummary> {
  // Problems are collected in the summary rather than thrown.
  const it = listBuildContext(dir, { onProblem: () => {}, ...opts });
  for (;;) {
    const r = await it.next();
    if (r.done) return r.value;
  }
}
