import {
  closeSync,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/**
 * A read-only, bounded view of a project tree, built by one walk.
 *
 * - Paths are relative to the root and `/`-separated (`apps/web/package.json`); the root is `.`.
 * - `.gitignore` files are honoured (nested ones too); `.git`, `node_modules`, virtualenvs and build
 *   outputs are never entered.
 * - Symbolic links are never followed as directories; a symlinked file is indexed only when its target
 *   lies inside the root, so nothing outside the project is ever read.
 * - Reads are bounded (`maxFileBytes`), binary files read as `undefined`, and every read is cached.
 */
export interface FsViewOptions {
  readonly maxFiles?: number;
  readonly maxFileBytes?: number;
}

/** Directories that never hold the project's own sources and are expensive to walk. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  'target',
  '.gradle',
  '.idea',
  '.vs',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.astro',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.yarn',
  '.pnpm-store',
  '.terraform',
  'coverage',
  '.dart_tool',
  '_build',
  'deps',
  'zig-cache',
  '.zig-cache',
  'zig-out',
  '.stack-work',
  'dist-newstyle',
  'elm-stuff',
]);

/**
 * Skipped only when they look like build output, not sources: `vendor` (Go's vendor dir is kept as a fact
 * but not walked), `dist`, `build`, `out`, `bin`, `obj`.
 */
const OUTPUT_DIRS: ReadonlySet<string> = new Set(['vendor', 'dist', 'build', 'out', 'obj', 'bin']);

interface DirNode {
  readonly files: string[];
  readonly dirs: string[];
}

const DEFAULT_MAX_FILES = 400_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

export class FsView {
  readonly root: string;
  readonly maxFileBytes: number;
  /** rel path → size in bytes. */
  readonly #files = new Map<string, number>();
  readonly #dirs = new Map<string, DirNode>();
  /** Directories seen but not walked (e.g. `vendor`, `node_modules`), so facts can mention them. */
  readonly #opaqueDirs = new Set<string>();
  readonly #text = new Map<string, string | undefined>();
  readonly #parsed = new Map<string, unknown>();
  #skipped = 0;
  #truncated = false;

  private constructor(root: string, maxFileBytes: number) {
    this.root = root;
    this.maxFileBytes = maxFileBytes;
  }

  /** Walk `root` once. `root` must be an existing directory (the caller checks and reports). */
  static open(root: string, options: FsViewOptions = {}): FsView {
    const real = realpathSync(root);
    const view = new FsView(real, options.maxFileBytes ?? DEFAULT_MAX_BYTES);
    view.#walk(options.maxFiles ?? DEFAULT_MAX_FILES);
    return view;
  }

  /** Build a view from an in-memory map of files (tests, tools); content is served from the map. */
  static fromFiles(files: Readonly<Record<string, string>>): FsView {
    const view = new FsView('/virtual', DEFAULT_MAX_BYTES);
    view.#dirs.set('.', { files: [], dirs: [] });
    for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
      const parts = path.split('/');
      let dir = '.';
      for (const part of parts.slice(0, -1)) {
        const child = dir === '.' ? part : `${dir}/${part}`;
        if (!view.#dirs.has(child)) {
          view.#dirs.set(child, { files: [], dirs: [] });
          view.#dirs.get(dir)!.dirs.push(part);
        }
        dir = child;
      }
      view.#dirs.get(dir)!.files.push(parts.at(-1)!);
      view.#files.set(path, text.length);
      view.#text.set(path, text);
    }
    return view;
  }

  get fileCount(): number {
    return this.#files.size;
  }
  get skippedCount(): number {
    return this.#skipped;
  }
  /** True when the walk stopped at `maxFiles`. */
  get truncated(): boolean {
    return this.#truncated;
  }

  #walk(maxFiles: number): void {
    interface Frame {
      readonly rel: string;
      readonly abs: string;
      readonly ignores: readonly { readonly base: string; readonly ig: Ignore }[];
    }
    const stack: Frame[] = [{ rel: '.', abs: this.root, ignores: [] }];
    const rootPrefix = this.root.endsWith(sep) ? this.root : this.root + sep;
    while (stack.length > 0) {
      const frame = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(frame.abs, { withFileTypes: true });
      } catch {
        this.#skipped++;
        continue;
      }
      const node: DirNode = { files: [], dirs: [] };
      this.#dirs.set(frame.rel, node);
      let ignores = frame.ignores;
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const text = this.#readRaw(frame.abs + sep + '.gitignore', 256 * 1024);
        if (text !== undefined) {
          ignores = [...ignores, { base: frame.rel, ig: ignore({ allowRelativePaths: true }).add(text) }];
        }
      }
      // Git semantics: rules are read from the root down and the last matching rule wins (so a nested
      // `!keep.log` re-includes what the root ignored).
      const isIgnored = (name: string, dir: boolean): boolean => {
        let ignored = false;
        for (const { base, ig } of ignores) {
          const relToBase = base === '.' ? rel(frame.rel, name) : rel(frame.rel, name).slice(base.length + 1);
          const r = ig.test(dir ? `${relToBase}/` : relToBase);
          if (r.ignored) ignored = true;
          else if (r.unignored) ignored = false;
        }
        return ignored;
      };
      for (const entry of entries) {
        const name = entry.name;
        const childRel = rel(frame.rel, name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRS.has(name)) {
            this.#opaqueDirs.add(childRel);
            node.dirs.push(name);
            continue;
          }
          if (OUTPUT_DIRS.has(name) && this.#looksLikeOutput(frame.abs, name)) {
            this.#opaqueDirs.add(childRel);
            node.dirs.push(name);
            continue;
          }
          if (ignores.length > 0 && isIgnored(name, true)) {
            this.#skipped++;
            continue;
          }
          node.dirs.push(name);
          stack.push({ rel: childRel, abs: frame.abs + sep + name, ignores });
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          if (ignores.length > 0 && isIgnored(name, false)) {
            this.#skipped++;
            continue;
          }
          const abs = frame.abs + sep + name;
          let size = -1;
          if (entry.isSymbolicLink()) {
            try {
              const target = realpathSync(abs);
              if (!target.startsWith(rootPrefix)) {
                this.#skipped++;
                continue;
              }
              const st = statSync(target);
              if (!st.isFile()) {
                this.#skipped++;
                continue;
              }
              size = st.size;
            } catch {
              this.#skipped++;
              continue;
            }
          }
          if (this.#files.size >= maxFiles) {
            this.#truncated = true;
            return;
          }
          node.files.push(name);
          this.#files.set(childRel, size);
        }
      }
    }
  }

  /**
   * `vendor`, `dist`, `build`, `out`, `bin`, `obj` are build outputs or third-party code in most ecosystems,
   * but `bin/` holds Rails binstubs and `build/` holds some sources. Skip them unless they hold a manifest
   * that marks them as a project of their own (a workspace member named `build`).
   */
  #looksLikeOutput(parentAbs: string, name: string): boolean {
    if (name === 'bin') return false; // small, and holds scripts (bin/rails, bin/www) facts need
    try {
      const inner = readdirSync(parentAbs + sep + name);
      return !inner.some(
        (n) => n === 'package.json' || n === 'go.mod' || n === 'Cargo.toml' || n === 'pyproject.toml',
      );
    } catch {
      return true;
    }
  }

  #readRaw(abs: string, limit: number): string | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(abs, 'r');
      const size = fstatSync(fd).size;
      if (size > limit) return undefined;
      // Allocate what the file needs, not the limit: a walk reads thousands of small files.
      const buffer = Buffer.allocUnsafe(size);
      let total = 0;
      while (total < size) {
        const n = readSync(fd, buffer, total, size - total, null);
        if (n === 0) break;
        total += n;
      }
      const bytes = buffer.subarray(0, total);
      if (bytes.subarray(0, 8000).includes(0)) return undefined; // binary
      let text = bytes.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return text;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Every walked file, root-relative. */
  allFiles(): IterableIterator<string> {
    return this.#files.keys();
  }

  /** Is there a (walked) file at `path`? */
  has(path: string): boolean {
    return this.#files.has(norm(path));
  }

  /** Is there a directory at `path` (walked or opaque, like `vendor` or `node_modules`)? */
  isDir(path: string): boolean {
    const p = norm(path);
    return this.#dirs.has(p) || this.#opaqueDirs.has(p);
  }

  /** Names of the walked files directly in `dir`. */
  files(dir: string): readonly string[] {
    return this.#dirs.get(norm(dir))?.files ?? [];
  }

  dirs(dir: string): readonly string[] {
    return this.#dirs.get(norm(dir))?.dirs ?? [];
  }

  /** Every walked file under `dir` (recursive), as root-relative paths, in walk order. */
  *walkFiles(dir: string, maxDepth = Number.POSITIVE_INFINITY): Generator<string> {
    const start = norm(dir);
    const queue: [string, number][] = [[start, 0]];
    while (queue.length > 0) {
      const [d, depth] = queue.shift()!;
      const node = this.#dirs.get(d);
      if (!node) continue;
      for (const f of node.files) yield rel(d, f);
      if (depth < maxDepth) for (const sub of node.dirs) queue.push([rel(d, sub), depth + 1]);
    }
  }

  /** Text of a file, or `undefined` when missing, too large, binary or unreadable. */
  read(path: string): string | undefined {
    const p = norm(path);
    if (this.#text.has(p)) return this.#text.get(p);
    if (!this.#files.has(p)) return undefined;
    const text = this.#readRaw(join(this.root, ...p.split('/')), this.maxFileBytes);
    this.#text.set(p, text);
    return text;
  }

  /** The first `bytes` of a file (for lockfile headers), even when the whole file is larger than the read limit. */
  head(path: string, bytes = 4096): string | undefined {
    const p = norm(path);
    const cached = this.#text.get(p);
    if (cached !== undefined) return cached.slice(0, bytes);
    if (!this.#files.has(p)) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(join(this.root, ...p.split('/')), 'r');
      const buffer = Buffer.alloc(bytes);
      const n = readSync(fd, buffer, 0, bytes, 0);
      return buffer.subarray(0, n).toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  json<T = Record<string, unknown>>(path: string): T | undefined {
    return this.#parse(path, (text) => JSON.parse(stripJsonComments(text)) as T);
  }

  toml<T = Record<string, unknown>>(path: string): T | undefined {
    return this.#parse(path, (text) => parseToml(text) as T);
  }

  yaml<T = Record<string, unknown>>(path: string): T | undefined {
    return this.#parse(path, (text) => parseYaml(text) as T);
  }

  #parse<T>(path: string, parse: (text: string) => T): T | undefined {
    const p = norm(path);
    if (this.#parsed.has(p)) return this.#parsed.get(p) as T | undefined;
    const text = this.read(p);
    let value: T | undefined;
    if (text !== undefined) {
      try {
        value = parse(text);
      } catch {
        value = undefined;
      }
    }
    this.#parsed.set(p, value);
    return value;
  }

  /** Did a manifest exist but fail to parse? (So facts can say "package.json is not valid JSON".) */
  unparsable(path: string): boolean {
    const p = norm(path);
    return (
      this.has(p) && this.#parsed.has(p) && this.#parsed.get(p) === undefined && this.read(p) !== undefined
    );
  }
}

export function rel(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

export function norm(path: string): string {
  if (path === '' || path === '.' || path === './') return '.';
  let p = path.replaceAll('\\', '/');
  while (p.startsWith('./')) p = p.slice(2);
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** JSONC (tsconfig.json, deno.jsonc, devcontainer.json): drop comments and trailing commas, keep strings intact. */
export function stripJsonComments(text: string): string {
  if (!text.includes('/') && !/,\s*[}\]]/.test(text)) return text;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
