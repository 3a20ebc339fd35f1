import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, type FsView, rel } from '../fs-view.js';
import { nativeFromDeps, servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, grep, sourceFiles } from '../scan.js';
import { DEFAULT_VERSIONS, toolVersion } from '../versions.js';

export interface GoMod {
  module: string | null;
  go: string | null;
  toolchain: string | null;
  requires: Map<string, string>;
}

export function parseGoMod(text: string): GoMod {
  const requires = new Map<string, string>();
  let inBlock = false;
  let module: string | null = null;
  let go: string | null = null;
  let toolchain: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.replace(/\/\/.*$/, '').trim();
    if (!l) continue;
    if (inBlock) {
      if (l === ')') inBlock = false;
      else {
        const [p, v] = l.split(/\s+/);
        if (p && v) requires.set(p.toLowerCase(), v);
      }
      continue;
    }
    const mod = /^module\s+"?([^\s"]+)"?/.exec(l);
    const goLine = /^go\s+(\d+\.\d+(?:\.\d+)?)/.exec(l);
    const tc = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)/.exec(l);
    const req = /^require\s+(\S+)\s+(\S+)/.exec(l);
    if (mod) module = mod[1]!;
    else if (goLine) go = goLine[1]!;
    else if (tc) toolchain = tc[1]!;
    else if (/^require\s*\($/.test(l)) inBlock = true;
    else if (req) requires.set(req[1]!.toLowerCase(), req[2]!);
  }
  return { module, go, toolchain, requires };
}

const FRAMEWORKS: readonly [string, string, number | null][] = [
  ['github.com/gin-gonic/gin', 'gin', 8080],
  ['github.com/labstack/echo/v4', 'echo', null],
  ['github.com/labstack/echo', 'echo', null],
  ['github.com/gofiber/fiber/v2', 'fiber', 3000],
  ['github.com/gofiber/fiber/v3', 'fiber', 3000],
  ['github.com/go-chi/chi/v5', 'chi', null],
  ['github.com/go-chi/chi', 'chi', null],
  ['github.com/gorilla/mux', 'gorilla/mux', null],
  ['github.com/beego/beego/v2', 'beego', 8080],
];

/** Directories holding `package main` with a `func main()`, relative to the module dir (`.`, `cmd/api`). */
function mainPackages(ctx: DetectorContext, files: readonly string[]): { pkg: string; file: string }[] {
  const byDir = new Map<string, string>();
  for (const file of files) {
    if (!file.endsWith('.go')) continue;
    const text = ctx.view.read(file);
    if (!text || !/^package\s+main\b/m.test(text) || !/^func\s+main\s*\(\s*\)/m.test(text)) continue;
    const d = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
    const relDir = ctx.dir === '.' ? d : d === ctx.dir ? '.' : d.slice(ctx.dir.length + 1);
    if (!byDir.has(relDir)) byDir.set(relDir, file);
  }
  return [...byDir.entries()]
    .map(([pkg, file]) => ({ pkg, file }))
    .sort((a, b) => (a.pkg === '.' ? -1 : b.pkg === '.' ? 1 : a.pkg.localeCompare(b.pkg)));
}

export const goDetector: Detector = {
  id: 'go',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const modPath = rel(dir, 'go.mod');
    const hasMod = view.has(modPath);
    if (!hasMod && !view.has(rel(dir, 'main.go'))) return [];
    const mod = hasMod
      ? parseGoMod(view.read(modPath) ?? '')
      : { module: null, go: null, toolchain: null, requires: new Map<string, string>() };
    const files = sourceFiles(ctx, ['go']).filter((f) => !f.includes('/vendor/'));
    let mains = mainPackages(ctx, files);
    // Placeholder or unreadable sources: fall back to layout conventions.
    if (mains.length === 0) {
      if (view.has(rel(dir, 'main.go'))) mains = [{ pkg: '.', file: rel(dir, 'main.go') }];
      else {
        const cmds = view
          .dirs(rel(dir, 'cmd'))
          .filter((c) => view.files(rel(dir, `cmd/${c}`)).some((f) => f.endsWith('.go')));
        mains = cmds.map((c) => ({ pkg: `cmd/${c}`, file: rel(dir, `cmd/${c}/main.go`) }));
      }
    }
    const moduleName = mod.module ? basename(mod.module) : basename(dir === '.' ? view.root : dir);
    const drafts: AppDraft[] = [];
    const targets = mains.length > 0 ? mains : [{ pkg: '.', file: modPath }];
    for (const main of targets) {
      const name = main.pkg === '.' ? moduleName : basename(main.pkg);
      const draft = new AppDraft(name, dir, hasMod ? 90 : 60);
      if (targets.length > 1) draft.entry = `./${main.pkg}`;
      // Version: toolchain line > go line > mise/asdf > default.
      const tool = toolVersion(view, dir, ['golang', 'go']);
      const version = mod.toolchain ?? mod.go;
      if (version) {
        draft.language = { name: 'go', version, versionSource: modPath, versionIsDefault: false };
        draft.because(
          'language.version',
          version,
          modPath,
          'high',
          mod.toolchain ? 'toolchain directive' : 'go directive',
        );
      } else if (tool) {
        draft.language = {
          name: 'go',
          version: tool.version,
          versionSource: tool.source,
          versionIsDefault: false,
        };
        draft.because('language.version', tool.version, tool.source, 'high', basename(tool.source));
      } else {
        draft.language = {
          name: 'go',
          version: DEFAULT_VERSIONS.go,
          versionSource: null,
          versionIsDefault: true,
        };
        draft.because('language.version', DEFAULT_VERSIONS.go, null, 'low', 'no go directive');
      }
      draft.because(
        'language',
        'go',
        hasMod ? modPath : rel(dir, 'main.go'),
        'high',
        hasMod ? 'go.mod' : 'main.go',
      );
      const vendored = view.isDir(rel(dir, 'vendor'));
      const sum = rel(dir, 'go.sum');
      draft.packageManager = {
        name: 'go',
        version: null,
        lockfile: view.has(sum) ? sum : null,
        vendored,
        installCommand: vendored ? null : hasMod ? 'go mod download' : null,
      };
      draft.because(
        'packageManager',
        'go modules',
        hasMod ? modPath : null,
        'high',
        vendored ? 'vendor/ directory: build with -mod=vendor' : 'go.mod',
      );
      const pkgArg = main.pkg === '.' ? '.' : `./${main.pkg}`;
      draft.setBuild(
        `go build${vendored ? ' -mod=vendor' : ''} -trimpath -ldflags="-s -w" -o bin/${name} ${pkgArg}`,
        main.file,
        mains.length > 0 ? 'high' : 'low',
        mains.length > 0 ? `main package ${pkgArg}` : 'module root',
      );
      draft.setStart(`./bin/${name}`, main.file, mains.length > 0 ? 'high' : 'low', 'the built binary');
      draft.outputDir = 'bin';

      // Framework and port.
      const fw = FRAMEWORKS.find(([p]) => mod.requires.has(p));
      const mainFiles =
        main.pkg === '.'
          ? files
          : files.filter(
              (f) =>
                f.startsWith(`${rel(dir, main.pkg)}/`) ||
                !/(?:^|\/)cmd\//.test(f.slice(dir === '.' ? 0 : dir.length + 1)),
            );
      const usesHttp =
        grep(
          view,
          mainFiles.slice(0, 300),
          [/(http\.ListenAndServe|http\.Server\{|\.Run\(|\.Listen\(|\.Start\()/],
          1,
        ).length > 0;
      if (fw) {
        draft.setFramework(
          { name: fw[1], version: mod.requires.get(fw[0])?.replace(/^v/, '') ?? null, features: [] },
          modPath,
          `requires ${fw[0]}`,
        );
        draft.setKind('server', modPath, 'high', `${fw[1]} web framework`);
      } else if (usesHttp) {
        draft.setFramework(
          { name: 'net/http', version: null, features: [] },
          mainFiles[0] ?? modPath,
          'standard library HTTP server',
        );
        draft.setKind('server', mainFiles[0] ?? modPath, 'medium', 'the code starts an HTTP server');
      } else if (mod.requires.has('github.com/spf13/cobra') || mod.requires.has('github.com/urfave/cli/v2')) {
        draft.setKind('cli', modPath, 'medium', 'command-line framework');
      }
      const scan = applyScans(draft, { ...ctx }, ['go'], { files: mainFiles });
      if (draft.kind === undefined) {
        if (draft.port !== null) draft.setKind('server', null, 'medium', 'listens on a port');
        else draft.setKind('worker', null, 'low', 'no HTTP server or port found: a long-running process');
      }
      if (draft.kind === 'server' && draft.port === null)
        draft.setDefaultPort(fw?.[2] ?? 8080, fw?.[2] ? `${fw[1]} default port` : 'Go service convention');
      const deps = [...mod.requires.keys()];
      servicesFromDeps(draft, deps, modPath);
      servicesFromEnv(draft, scan.env.exampleValues, scan.env.exampleFile);
      nativeFromDeps(draft, 'go', deps, modPath);
      const cgo =
        draft.nativeDeps.length > 0 || grep(view, mainFiles.slice(0, 300), [/^import\s+"C"/m], 1).length > 0;
      if (cgo) draft.note('info', 'cgo is needed: build with CGO_ENABLED=1 and run on a glibc base image.');
      draft.deployable = mains.length > 0;
      drafts.push(draft);
    }
    return drafts;
  },
};

/** Go workspace members from go.work `use` directives. */
export function goWorkMembers(view: FsView): string[] {
  const text = view.read('go.work');
  if (!text) return [];
  const out: string[] = [];
  const block = /use\s*\(([^)]*)\)/s.exec(text)?.[1];
  const lines = block ? block.split(/\r?\n/) : [...text.matchAll(/^use\s+(\S+)/gm)].map((m) => m[1]!);
  for (const l of lines) {
    const p = l
      .replace(/\/\/.*$/, '')
      .trim()
      .replace(/^\.\//, '');
    if (p) out.push(p === '.' ? '.' : p);
  }
  return out;
}
