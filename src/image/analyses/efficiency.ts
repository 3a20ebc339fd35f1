import type { ImageModel } from '../model.js';
import { type Finding, finding, formatBytes, listSome, plural, replayOf } from './common.js';

export interface WastedFile {
  readonly path: string;
  /** Copies of the path across all layers (including the visible one, if any). */
  readonly copies: number;
  /** Bytes of copies that are not visible in the final image. */
  readonly wastedBytes: number;
  /** Bytes of the visible copy (0 when the path was deleted). */
  readonly keptBytes: number;
  readonly how: 'overwritten' | 'deleted' | 'both';
  /** Layers holding the hidden copies. */
  readonly layers: readonly number[];
}

export interface WasteReport {
  /** Σ bytes of every file copy in every layer. */
  readonly totalBytes: number;
  /** Σ bytes of the files visible in the final filesystem. */
  readonly keptBytes: number;
  /** totalBytes − keptBytes: copies overwritten or deleted by a later layer. */
  readonly wastedBytes: number;
  /** keptBytes / totalBytes (1 when the image has no file bytes). */
  readonly efficiency: number;
  /** wastedBytes / bytes of layers above the first (dive's "user wasted percent", without its double count). */
  readonly wastedUserRatio: number;
  readonly files: readonly WastedFile[];
  /** dive's numbers on the same image, for comparison (see docs/image-efficiency.md). */
  readonly dive: { readonly efficiency: number; readonly wastedBytes: number };
}

export function wasteReport(model: ImageModel): WasteReport {
  const replay = replayOf(model);
  let totalBytes = 0;
  for (const l of model.layers) for (const e of l.entries) if (e.type !== 'dir') totalBytes += e.size;
  let keptBytes = 0;
  for (const f of model.files.values()) if (f.type !== 'dir') keptBytes += f.size;
  const byPath = new Map<
    string,
    { copies: number; wasted: number; min: number; cumulative: number; how: Set<string>; layers: Set<number> }
  >();
  for (const h of replay.hidden) {
    if (h.entry.type === 'dir') continue;
    let w = byPath.get(h.entry.path);
    if (!w) {
      w = {
        copies: 0,
        wasted: 0,
        min: Number.POSITIVE_INFINITY,
        cumulative: 0,
        how: new Set(),
        layers: new Set(),
      };
      byPath.set(h.entry.path, w);
    }
    w.copies++;
    w.wasted += h.entry.size;
    w.cumulative += h.entry.size;
    w.min = Math.min(w.min, h.entry.size);
    w.how.add(h.how);
    w.layers.add(h.entry.layer);
  }
  const files: WastedFile[] = [];
  let diveMin = 0;
  let diveCumulative = 0;
  let diveWasted = 0;
  for (const [path, w] of byPath) {
    const visible = model.files.get(path);
    const kept = visible && visible.type !== 'dir' ? visible.size : 0;
    const deleted = !visible || visible.type === 'dir';
    // dive: a whiteout counts as a 0-byte copy, so a deleted path has min 0.
    const cumulative = w.cumulative + kept;
    const min = deleted ? 0 : Math.min(w.min, kept);
    diveMin += min;
    diveCumulative += cumulative;
    diveWasted += cumulative;
    files.push({
      path,
      copies: w.copies + (deleted ? 0 : 1),
      wastedBytes: w.wasted,
      keptBytes: kept,
      how: w.how.size > 1 ? 'both' : (w.how.values().next().value as 'overwritten' | 'deleted'),
      layers: [...w.layers].sort((a, b) => a - b),
    });
  }
  files.sort((a, b) => b.wastedBytes - a.wastedBytes || a.path.localeCompare(b.path));
  const wastedBytes = totalBytes - keptBytes;
  const userBytes = model.layers.slice(1).reduce((n, l) => n + l.contentSize, 0);
  // Paths seen once count fully in dive's ratio: add the untouched visible bytes.
  const untouched = keptBytes - files.reduce((n, f) => n + f.keptBytes, 0);
  const diveTotal = diveCumulative + untouched;
  return {
    totalBytes,
    keptBytes,
    wastedBytes,
    efficiency: totalBytes === 0 ? 1 : keptBytes / totalBytes,
    wastedUserRatio: userBytes === 0 ? 0 : wastedBytes / userBytes,
    files,
    dive: { efficiency: diveTotal === 0 ? 1 : (diveMin + untouched) / diveTotal, wastedBytes: diveWasted },
  };
}

export interface EfficiencyOptions {
  /** Report wasted space below this efficiency (default 0.95)… */
  readonly minEfficiency?: number;
  /** …and only when at least this many bytes are wasted (default 1 MiB). */
  readonly minWastedBytes?: number;
}

export function efficiency(model: ImageModel, options: EfficiencyOptions = {}): Finding[] {
  const r = wasteReport(model);
  const min = options.minEfficiency ?? 0.95;
  const minBytes = options.minWastedBytes ?? 1024 * 1024;
  if (r.efficiency >= min || r.wastedBytes < minBytes) return [];
  const top = r.files.slice(0, 3).map((f) => `${f.path} (${formatBytes(f.wastedBytes)})`);
  return [
    finding(
      model,
      'image/wasted-space',
      'warning',
      `${formatBytes(r.wastedBytes)} of files are overwritten or deleted by later layers (efficiency ${(r.efficiency * 100).toFixed(1)} %): ${listSome(top, 3)}`,
      'Delete files in the same RUN step that creates them, or copy only the results into a final stage.',
      ['dive:lowestEfficiency'],
    ),
  ];
}

const HOME = '(?:/root|/home/[^/]+)';
const CACHES: { label: string; re: RegExp; hint: string }[] = [
  {
    label: 'apt lists',
    re: /^\/var\/lib\/apt\/lists\/(?!lock$|partial$|auxfiles$)/,
    hint: 'End the apt-get RUN with `rm -rf /var/lib/apt/lists/*`.',
  },
  {
    label: 'apt cache',
    re: /^\/var\/cache\/apt\/(?:archives\/.+\.deb$|[^/]+\.bin$)/,
    hint: 'Run `apt-get clean` in the same RUN step.',
  },
  { label: 'apk cache', re: /^\/var\/cache\/apk\/./, hint: 'Use `apk add --no-cache`.' },
  {
    label: 'yum/dnf cache',
    re: /^\/var\/cache\/(?:yum|dnf)\/./,
    hint: 'Run `dnf clean all` in the same RUN step.',
  },
  {
    label: 'npm cache',
    re: new RegExp(`^${HOME}/\\.npm/`),
    hint: 'Use `npm ci --omit=dev && npm cache clean --force`, or a cache mount.',
  },
  {
    label: 'yarn cache',
    re: new RegExp(`^(?:${HOME}/\\.cache/yarn|/usr/local/share/\\.cache/yarn)/`),
    hint: 'Run `yarn cache clean` or use a cache mount.',
  },
  { label: 'pip cache', re: new RegExp(`^${HOME}/\\.cache/pip/`), hint: 'Use `pip install --no-cache-dir`.' },
  {
    label: 'cache directory',
    re: new RegExp(`^${HOME}/\\.cache/(?!pip/|yarn/)`),
    hint: 'Use a BuildKit cache mount (`RUN --mount=type=cache,target=…`).',
  },
  {
    label: 'Maven/Gradle cache',
    re: new RegExp(`^${HOME}/\\.(?:m2|gradle)/`),
    hint: 'Build in a separate stage and copy only the artifact.',
  },
  {
    label: 'Go build cache',
    re: new RegExp(`^(?:${HOME}/\\.cache/go-build|/go/pkg/mod)/`),
    hint: 'Build in a separate stage and copy only the binary.',
  },
];

const BIN_DIRS =
  /^\/(?:usr\/(?:local\/)?)?s?bin\/|^\/usr\/local\/go\/bin\/|^\/usr\/local\/cargo\/bin\/|^\/opt\/java\/[^/]+\/bin\/|^\/usr\/lib\/jvm\/[^/]+\/bin\//;
const TOOLS: { tool: string; re: RegExp }[] = [
  { tool: 'gcc', re: /^(?:[a-z0-9_]+-linux-gnu-)?gcc(?:-\d+)?$/ },
  { tool: 'g++', re: /^(?:[a-z0-9_]+-linux-gnu-)?g\+\+(?:-\d+)?$/ },
  { tool: 'clang', re: /^clang(?:-\d+)?$/ },
  { tool: 'make', re: /^make$/ },
  { tool: 'cmake', re: /^cmake$/ },
  { tool: 'go', re: /^go$/ },
  { tool: 'rustc', re: /^rustc$/ },
  { tool: 'cargo', re: /^cargo$/ },
  { tool: 'javac', re: /^javac$/ },
  { tool: 'node-gyp', re: /^node-gyp$/ },
];

const TEST_DOC_DIR = /^(?:test|tests|__tests__|spec|docs?|examples?)$/;

/** Package-manager caches, build toolchains, test/docs folders and `.git` left in the final image. */
export function leftovers(model: ImageModel): Finding[] {
  const out: Finding[] = [];
  const caches = new Map<string, { bytes: number; count: number; hint: string; roots: Set<string> }>();
  const tools = new Map<string, string[]>();
  const gitDirs = new Map<string, number>();
  const testDocs = new Map<string, { bytes: number; dirs: Set<string> }>();
  for (const f of model.files.values()) {
    const p = f.path;
    if (f.type !== 'dir') {
      for (const c of CACHES) {
        if (!c.re.test(p)) continue;
        let s = caches.get(c.label);
        if (!s) {
          s = { bytes: 0, count: 0, hint: c.hint, roots: new Set() };
          caches.set(c.label, s);
        }
        s.bytes += f.size;
        s.count++;
        s.roots.add(p.split('/').slice(0, 5).join('/'));
        break;
      }
      if ((f.type === 'file' && (f.mode & 0o111) !== 0) || f.type === 'symlink' || f.type === 'hardlink') {
        if (BIN_DIRS.test(p)) {
          const base = p.slice(p.lastIndexOf('/') + 1);
          for (const t of TOOLS) if (t.re.test(base)) tools.set(t.tool, [...(tools.get(t.tool) ?? []), p]);
        }
      }
      if (p.endsWith('/node-gyp/bin/node-gyp.js') && !p.includes('/npm/node_modules/')) {
        tools.set('node-gyp', [...(tools.get('node-gyp') ?? []), p]);
      }
    }
    const git = p.indexOf('/.git/');
    if (git >= 0 || p.endsWith('/.git')) {
      const root = git >= 0 ? p.slice(0, git + 5) : p;
      gitDirs.set(root, (gitDirs.get(root) ?? 0) + (f.type === 'dir' ? 0 : f.size));
    }
    // Test and docs folders: of applications and their dependencies (not /usr/share/doc, see below).
    if (f.type !== 'dir') {
      const segs = p.split('/');
      for (let i = 2; i < segs.length - 1; i++) {
        if (!TEST_DOC_DIR.test(segs[i]!)) continue;
        const parent = segs.slice(0, i).join('/');
        if (
          /^\/usr\/(?:share|include|lib\/(?:x86_64|aarch64)[^/]*)$/.test(parent) ||
          parent.startsWith('/proc')
        )
          break;
        const inDeps = /\/(?:node_modules|site-packages|dist-packages|vendor)\//.test(`${parent}/`);
        const inRuntime = /^\/usr\/(?:local\/)?lib\/python[\d.]+$/.test(parent);
        const key = inDeps ? 'dependencies' : inRuntime ? 'language runtime' : 'application';
        let s = testDocs.get(key);
        if (!s) {
          s = { bytes: 0, dirs: new Set() };
          testDocs.set(key, s);
        }
        s.bytes += f.size;
        s.dirs.add(segs.slice(0, i + 1).join('/'));
        break;
      }
    }
  }
  for (const [label, s] of caches) {
    if (s.bytes === 0 && s.count < 2) continue;
    out.push(
      finding(
        model,
        'image/package-cache',
        'warning',
        `${label} left in the image: ${plural(s.count, 'file')}, ${formatBytes(s.bytes)} (${listSome([...s.roots], 3)})`,
        s.hint,
        label === 'apt lists' ? ['hadolint:DL3009'] : label === 'apk cache' ? ['hadolint:DL3019'] : undefined,
      ),
    );
  }
  for (const [tool, paths] of tools) {
    out.push(
      finding(
        model,
        'image/build-toolchain',
        'warning',
        `build toolchain in the final image: ${tool} (${listSome(paths, 2)})`,
        'Build in a separate stage and copy only the result into a runtime image.',
      ),
    );
  }
  for (const [root, size] of gitDirs) {
    if ([...gitDirs.keys()].some((other) => other !== root && root.startsWith(`${other}/`))) continue;
    out.push(
      finding(
        model,
        'image/git-directory',
        'warning',
        `git repository in the image: ${root} (${formatBytes(size)})`,
        'Add .git to .dockerignore.',
      ),
    );
  }
  for (const [key, s] of testDocs) {
    if (key !== 'application' && s.bytes < 1024 * 1024) continue;
    out.push(
      finding(
        model,
        'image/test-or-docs',
        'info',
        `test/docs folders in ${key === 'application' ? 'the application' : `the ${key}`}: ${plural(s.dirs.size, 'folder')}, ${formatBytes(s.bytes)} (${listSome([...s.dirs].sort(), 3)})`,
        key === 'application'
          ? 'Exclude them with .dockerignore.'
          : 'Prune them in the build stage if the size matters.',
      ),
    );
  }
  return out;
}
