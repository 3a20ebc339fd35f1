import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, dirname, type FsView, rel } from '../fs-view.js';
import {
  addService,
  mlFromDeps,
  nativeFromDeps,
  serviceFromUrl,
  servicesFromDeps,
  servicesFromEnv,
} from '../knowledge.js';
import { applyScans, grep, sourceFiles } from '../scan.js';
import type { PackageManagerFacts } from '../types.js';
import {
  ancestors,
  DEFAULT_VERSIONS,
  pickVersion,
  satisfies,
  toolVersion,
  versionFile,
} from '../versions.js';

export interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  packageManager?: string;
  main?: string;
  module?: string;
  bin?: string | Record<string, string>;
  type?: string;
  workspaces?: string[] | { packages?: string[] };
  volta?: Record<string, string>;
  prisma?: { schema?: string };
}

const LOCKFILES: readonly [string, string][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Commands that start a development server; never a container's start command. */
const DEV_COMMAND =
  /^(?:\S+=\S+\s+)*(?:npx\s+)?(?:vite(?:\s+dev)?(?:\s|$)|next\s+dev|nuxt\s+dev|nuxi\s+dev|remix\s+dev|react-router\s+dev|astro\s+dev|ng\s+serve|nodemon|ts-node-dev|tsx\s+watch|node\s+--watch|webpack(?:-dev-server|\s+serve)|react-scripts\s+start|vue-cli-service\s+serve|gatsby\s+develop|nest\s+start\s+--watch)/;

function cleanVersion(spec: string | undefined): string | null {
  if (!spec) return null;
  const m = /(\d+(?:\.\d+){0,2}(?:-[\w.]+)?)/.exec(spec);
  return m ? m[1]! : null;
}

function depVersion(pkg: PackageJson, name: string): string | null {
  return cleanVersion(
    pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? pkg.optionalDependencies?.[name],
  );
}

interface PmResolution {
  facts: PackageManagerFacts;
  lockDir: string | null;
}

/** Which package manager installs this app, and why; disagreements become notes on the draft. */
export function resolveNodePm(
  view: FsView,
  dir: string,
  pkg: PackageJson,
  draft: AppDraft,
  stopAt: string | null,
): PmResolution {
  const pkgPath = rel(dir, 'package.json');
  // Nearest directory (app, then parents) holding a lockfile; in a workspace the lockfile lives at the root.
  let lockDir: string | null = null;
  let locks: [string, string][] = [];
  for (const d of ancestors(dir)) {
    const found = LOCKFILES.filter(([f]) => view.has(rel(d, f))).map(
      ([f, pm]) => [rel(d, f), pm] as [string, string],
    );
    if (found.length > 0) {
      lockDir = d;
      locks = found;
      break;
    }
    if (stopAt !== null && d === stopAt) break;
  }
  // packageManager: the app's own, else the one at the lockfile's (workspace) root.
  let declared = pkg.packageManager;
  let declaredSource = pkgPath;
  if (!declared) {
    for (const d of ancestors(dir).slice(1)) {
      const p = view.json<PackageJson>(rel(d, 'package.json'));
      if (p?.packageManager) {
        declared = p.packageManager;
        declaredSource = rel(d, 'package.json');
        break;
      }
      if (lockDir !== null && d === lockDir) break;
    }
  }
  const declaredMatch = declared ? /^(npm|pnpm|yarn|bun)@(\d[^+\s]*)/.exec(declared) : null;
  const declaredName = declaredMatch?.[1];
  const declaredVersion = declaredMatch?.[2] ?? null;

  let name: string;
  let lockfile: string | null = null;
  const lockNames = [...new Set(locks.map(([, pm]) => pm))];
  if (declaredName) {
    const own = locks.find(([, pm]) => pm === declaredName);
    if (own) {
      name = declaredName;
      lockfile = own[0];
      draft.because(
        'packageManager',
        `${name}@${declaredVersion}`,
        declaredSource,
        'high',
        '"packageManager" field, matching lockfile ' + basename(own[0]),
      );
      const strays = locks.filter(([, pm]) => pm !== declaredName);
      if (strays.length > 0) {
        draft.note(
          'warning',
          `"packageManager" says ${declaredName} and ${basename(own[0])} agrees; ignoring the stray ${strays.map(([f]) => basename(f)).join(', ')} (delete it so other tools do not pick it up)`,
          strays[0]![0],
        );
      }
    } else if (locks.length > 0) {
      // A frozen install needs the lockfile of the package manager that runs it: trust the lockfile.
      const [file, pm] = locks[0]!;
      name = pm;
      lockfile = file;
      draft.because('packageManager', pm, file, 'medium', 'lockfile present');
      draft.note(
        'warning',
        `"packageManager" in ${declaredSource} says ${declared} but the only lockfile is ${file}; using ${pm} so the install is reproducible from a lockfile. Commit a lockfile for ${declaredName} or remove the field.`,
        declaredSource,
      );
    } else {
      name = declaredName;
      draft.because(
        'packageManager',
        `${name}@${declaredVersion}`,
        declaredSource,
        'high',
        '"packageManager" field (no lockfile)',
      );
    }
  } else if (locks.length > 0) {
    const [file, pm] = locks[0]!;
    name = pm;
    lockfile = file;
    draft.because('packageManager', pm, file, 'high', 'lockfile');
    if (lockNames.length > 1) {
      draft.note(
        'warning',
        `several lockfiles (${locks.map(([f]) => basename(f)).join(', ')}) and no "packageManager" field; using ${pm}. Keep one lockfile, or add "packageManager" to package.json.`,
        file,
      );
    }
  } else {
    const engine = (['pnpm', 'yarn', 'bun'] as const).find((e) => pkg.engines?.[e]);
    name = engine ?? 'npm';
    draft.because(
      'packageManager',
      name,
      engine ? pkgPath : null,
      engine ? 'medium' : 'low',
      engine ? `"engines.${engine}"` : 'no lockfile: npm is the default',
    );
    draft.note(
      'warning',
      `no lockfile: installs are not reproducible. Run \`${name} install\` and commit the lockfile.`,
      pkgPath,
    );
  }

  let version: string | null = declaredName === name ? declaredVersion : null;
  let variant: string | undefined;
  let linker: string | undefined;
  if (!version && lockfile) version = versionFromLockfile(view, lockfile, name);
  if (!version && pkg.engines?.[name]) version = pickVersion(name, pkg.engines[name]!)?.version ?? null;
  if (name === 'yarn') {
    const yarnrcDir = lockDir ?? dir;
    const yarnrc = view.read(rel(yarnrcDir, '.yarnrc.yml')) ?? view.read(rel(dir, '.yarnrc.yml'));
    const berryLock = lockfile ? (view.head(lockfile, 2048) ?? '').includes('__metadata:') : false;
    const major = version ? Number(version.split('.')[0]) : undefined;
    const berry = (major !== undefined && major >= 2) || berryLock || yarnrc !== undefined;
    const yarnPath = yarnrc ? /yarnPath:\s*\S*yarn-(\d+\.\d+\.\d+)\.c?js/.exec(yarnrc)?.[1] : undefined;
    if (!declaredVersion && yarnPath) version = yarnPath;
    variant = berry ? 'berry' : 'classic';
    if (berry) {
      const nodeLinker = yarnrc ? /^\s*nodeLinker\s*:\s*["']?([\w-]+)/m.exec(yarnrc)?.[1] : undefined;
      linker = nodeLinker ?? 'pnp';
      draft.because(
        'packageManager.linker',
        linker,
        yarnrc ? rel(yarnrcDir, '.yarnrc.yml') : lockfile,
        nodeLinker ? 'high' : 'medium',
        nodeLinker ? 'nodeLinker in .yarnrc.yml' : 'Yarn berry defaults to Plug’n’Play',
      );
      if (linker === 'pnp')
        draft.note(
          'info',
          'Yarn Plug’n’Play: there is no node_modules; copy .pnp.cjs, .pnp.loader.mjs and .yarn/ into the image and start through yarn or `node -r ./.pnp.cjs`.',
        );
    }
  }
  const frozen = lockfile !== null;
  const installCommand =
    name === 'npm'
      ? frozen
        ? 'npm ci'
        : 'npm install'
      : name === 'pnpm'
        ? frozen
          ? 'pnpm install --frozen-lockfile'
          : 'pnpm install'
        : name === 'yarn'
          ? variant === 'berry'
            ? frozen
              ? 'yarn install --immutable'
              : 'yarn install'
            : frozen
              ? 'yarn install --frozen-lockfile'
              : 'yarn install'
          : frozen
            ? 'bun install --frozen-lockfile'
            : 'bun install';
  return {
    facts: {
      name,
      version,
      lockfile,
      ...(variant ? { variant } : {}),
      ...(linker ? { linker } : {}),
      installCommand,
    },
    lockDir,
  };
}

function versionFromLockfile(view: FsView, lockfile: string, pm: string): string | null {
  const head = view.head(lockfile, 1024) ?? '';
  if (pm === 'pnpm') {
    const v = /lockfileVersion:\s*['"]?(\d+(?:\.\d+)?)/.exec(head)?.[1];
    if (!v) return null;
    const n = Number(v);
    return n >= 9 ? '9' : n >= 6 ? '8' : n >= 5.4 ? '7' : n >= 5.3 ? '6' : '5';
  }
  if (pm === 'npm') {
    const v = /"lockfileVersion"\s*:\s*(\d+)/.exec(head)?.[1];
    return v === '3' ? '9' : v === '2' ? '8' : v === '1' ? '6' : null;
  }
  if (pm === 'yarn') {
    const meta = /__metadata:\s*\n\s*version:\s*(\d+)/.exec(head)?.[1];
    if (meta) {
      const n = Number(meta);
      return n >= 8 ? '4' : n >= 6 ? '3' : '2';
    }
    return /# yarn lockfile v1/.test(head) ? '1' : null;
  }
  return null;
}

/** `<pm> run <script>`, the form every package manager accepts. */
export function runScript(pm: string, script: string): string {
  return `${pm} run ${script}`;
}

function readTsOutDir(view: FsView, dir: string): { outDir: string; source: string } | undefined {
  let file = rel(dir, 'tsconfig.json');
  for (let depth = 0; depth < 3; depth++) {
    const ts = view.json<{ extends?: string; compilerOptions?: { outDir?: string } }>(file);
    if (!ts) return undefined;
    const outDir = ts.compilerOptions?.outDir;
    if (outDir) {
      return { outDir: outDir.replace(/^\.\//, '').replace(/\/$/, ''), source: file };
    }
    if (!ts.extends?.startsWith('.')) return undefined;
    const base = dirname(file);
    const target = ts.extends.endsWith('.json') ? ts.extends : `${ts.extends}.json`;
    file = normalizeJoin(base, target);
  }
  return undefined;
}

function normalizeJoin(base: string, relative: string): string {
  const parts = base === '.' ? [] : base.split('/');
  for (const p of relative.split('/')) {
    if (p === '.' || p === '') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

function firstExisting(view: FsView, dir: string, names: readonly string[]): string | undefined {
  return names.find((n) => view.has(rel(dir, n)));
}

function configFile(view: FsView, dir: string, base: string): string | undefined {
  const name = firstExisting(
    view,
    dir,
    ['js', 'mjs', 'ts', 'cjs', 'mts'].map((e) => `${base}.${e}`),
  );
  return name ? rel(dir, name) : undefined;
}

/** File-based routes that are health endpoints (Next, Nuxt, SvelteKit, Remix, Astro). */
function fileRouteHealth(
  view: FsView,
  dir: string,
  framework: string,
): { path: string; file: string } | undefined {
  const names = ['health', 'healthz', 'healthcheck', 'up', 'ready'];
  const tries: [string, string][] = [];
  for (const n of names) {
    if (framework === 'next') {
      for (const root of ['app', 'src/app'])
        for (const ext of ['ts', 'js'])
          tries.push([`${root}/api/${n}/route.${ext}`, `/api/${n}`], [`${root}/${n}/route.${ext}`, `/${n}`]);
      for (const root of ['pages', 'src/pages'])
        for (const ext of ['ts', 'js']) tries.push([`${root}/api/${n}.${ext}`, `/api/${n}`]);
    } else if (framework === 'nuxt') {
      for (const ext of ['ts', 'js'])
        tries.push([`server/api/${n}.${ext}`, `/api/${n}`], [`server/routes/${n}.${ext}`, `/${n}`]);
    } else if (framework === 'sveltekit') {
      for (const ext of ['ts', 'js'])
        tries.push(
          [`src/routes/${n}/+server.${ext}`, `/${n}`],
          [`src/routes/api/${n}/+server.${ext}`, `/api/${n}`],
        );
    } else if (framework === 'remix' || framework === 'react-router') {
      for (const ext of ['ts', 'tsx', 'js', 'jsx'])
        tries.push([`app/routes/${n}.${ext}`, `/${n}`], [`app/routes/api.${n}.${ext}`, `/api/${n}`]);
    } else if (framework === 'astro') {
      for (const ext of ['ts', 'js'])
        tries.push([`src/pages/${n}.${ext}`, `/${n}`], [`src/pages/api/${n}.${ext}`, `/api/${n}`]);
    }
  }
  for (const [file, path] of tries) if (view.has(rel(dir, file))) return { path, file: rel(dir, file) };
  return undefined;
}

const SERVER_LIBS: readonly [string, string][] = [
  ['hono', 'hono'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['express', 'express'],
  ['@hapi/hapi', 'hapi'],
  ['elysia', 'elysia'],
  ['restify', 'restify'],
  ['polka', 'polka'],
];

const SPA_LIBS = ['react', 'vue', 'svelte', 'preact', 'lit', 'solid-js', '@builder.io/qwik', 'react-dom'];

export const nodeDetector: Detector = {
  id: 'node',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const pkgPath = rel(dir, 'package.json');
    if (!view.has(pkgPath))
      return view.has(rel(dir, 'project.json')) && ctx.workspaceTools.includes('nx') ? nxProject(ctx) : [];
    const pkg = view.json<PackageJson>(pkgPath);
    const draft = new AppDraft(basename(dir === '.' ? view.root : dir), dir, 50);
    if (!pkg || typeof pkg !== 'object') {
      draft.score = 20;
      draft.note('warning', 'package.json is not valid JSON; facts from it are missing', pkgPath);
      draft.language = {
        name: 'node',
        version: DEFAULT_VERSIONS.node,
        versionSource: null,
        versionIsDefault: true,
      };
      draft.kind = 'server';
      return [draft];
    }
    if (typeof pkg.name === 'string' && pkg.name) draft.name = pkg.name;
    const scripts = pkg.scripts ?? {};
    const prod = pkg.dependencies ?? {};
    const all: Record<string, string> = { ...pkg.optionalDependencies, ...pkg.devDependencies, ...prod };
    const has = (n: string) => n in all;
    const hasProd = (n: string) => n in prod;

    // How sure are we this directory is a Node app (and not a Python repo with prettier in package.json)?
    const runnable = Boolean(scripts.start || pkg.main || pkg.bin || scripts.build || scripts.serve);
    draft.score = runnable ? 80 : Object.keys(prod).length > 0 ? 60 : 25;
    if (ctx.workspaceRoot === null && isWorkspaceRootOnly(pkg)) draft.score = 15;

    // Package manager first: it decides the runtime (Bun) and every command.
    const { facts: pm } = resolveNodePm(view, dir, pkg, draft, ctx.workspaceRoot);
    draft.packageManager = pm;
    const runtime = pm.name === 'bun' || /^bun\s/.test(scripts.start ?? '') ? 'bun' : 'node';

    // Runtime version.
    if (runtime === 'bun') {
      const fromPm = pm.name === 'bun' && pm.version ? pm.version : undefined;
      const file = ancestors(dir)
        .map((d) => rel(d, '.bun-version'))
        .find((f) => view.has(f));
      const tool = toolVersion(view, dir, ['bun']);
      const v = fromPm
        ? { version: fromPm, source: pkgPath }
        : pkg.engines?.bun
          ? { version: pickVersion('bun', pkg.engines.bun)?.version ?? DEFAULT_VERSIONS.bun, source: pkgPath }
          : file
            ? { version: versionFile(view, file) ?? DEFAULT_VERSIONS.bun, source: file }
            : tool
              ? { version: tool.version, source: tool.source }
              : undefined;
      draft.language = {
        name: 'bun',
        version: v?.version ?? DEFAULT_VERSIONS.bun,
        versionSource: v?.source ?? null,
        versionIsDefault: !v,
      };
      draft.because(
        'language',
        'bun',
        pm.lockfile ?? pkgPath,
        'high',
        pm.name === 'bun' ? 'Bun is the package manager' : 'start script runs bun',
      );
      if (!v)
        draft.note(
          'info',
          `no Bun version pinned; using ${DEFAULT_VERSIONS.bun} (pin it with "packageManager": "bun@x.y.z")`,
        );
    } else {
      draft.language = nodeVersion(view, dir, pkg, pkgPath, draft);
      draft.because('language', 'node', pkgPath, 'high', 'package.json');
    }

    // Framework and app shape.
    const framework = detectFramework(ctx, pkg, draft, pm.name);
    const fw = framework?.name;

    // A workspace library (no framework, start script or bin) is not an app: skip the scans.
    if (ctx.workspaceRoot !== null && !framework && !scripts.start && !pkg.bin) {
      draft.deployable = false;
      draft.kind = 'cli';
      return [draft];
    }

    // Build.
    const inWorkspace = ctx.workspaceRoot !== null;
    if (scripts.build) {
      const cmd = inWorkspace
        ? workspaceCommand(ctx, pm.name, draft.name, dir, 'build')
        : runScript(pm.name, 'build');
      draft.setBuild(cmd, pkgPath, 'high', `"build" script: ${scripts.build}`);
    } else if (view.has(rel(dir, 'tsconfig.json')) && has('typescript') && !framework) {
      draft.setBuild(
        'npx tsc',
        rel(dir, 'tsconfig.json'),
        'medium',
        'TypeScript project without a build script',
      );
    }
    const ts = view.has(rel(dir, 'tsconfig.json')) ? readTsOutDir(view, dir) : undefined;
    if (
      ts &&
      draft.outputDir === null &&
      (!framework || fw === 'nestjs' || SERVER_LIBS.some(([, n]) => n === fw))
    ) {
      draft.outputDir = ts.outDir;
      draft.because('outputDir', ts.outDir, ts.source, 'high', 'compilerOptions.outDir');
    }

    // Start.
    const pmRun = pm.name;
    if (draft.startCommand === null && draft.kind !== 'static') {
      const prodStart = scripts['start:prod'] ?? scripts['start:production'];
      const startKey = prodStart ? (scripts['start:prod'] ? 'start:prod' : 'start:production') : 'start';
      const start = prodStart ?? scripts.start;
      if (start && !DEV_COMMAND.test(start)) {
        draft.setStart(runScript(pmRun, startKey), pkgPath, 'high', `"${startKey}" script: ${start}`);
        draft.startScript = start;
      } else {
        if (start)
          draft.note(
            'warning',
            `the "start" script runs a development server (${start}); not used as the container's command`,
            pkgPath,
          );
        const entry = defaultEntry(view, dir, pkg, ts?.outDir, runtime);
        if (entry) draft.setStart(`${runtime} ${entry.file}`, entry.source, entry.confidence, entry.detail);
      }
    }
    if (pkg.bin && !framework && !scripts.start) {
      const binFile = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin)[0];
      if (binFile && draft.kind === undefined) {
        draft.setKind('cli', pkgPath, 'medium', '"bin" field: a command-line tool');
        if (draft.startCommand === null || draft.startCommand.startsWith(`${runtime} `))
          draft.setStart(`${runtime} ${binFile.replace(/^\.\//, '')}`, pkgPath, 'medium', '"bin" field');
      }
    }

    // Port from the start script (`-p 4000`, `--port 4000`, `PORT=4000`).
    const startText = draft.startScript ?? '';
    const scriptPort = /(?:^|\s)(?:-p|--port)[=\s]+(\d{2,5})\b|\bPORT=(\d{2,5})\b/.exec(startText);
    if (scriptPort)
      draft.setPort(Number(scriptPort[1] ?? scriptPort[2]), pkgPath, 'high', `start script: ${startText}`);

    // Code scans: env, port, health.
    const files = sourceFiles(ctx, ['js']);
    const { env } = applyScans(draft, ctx, ['js'], { files });
    if (draft.healthPath === null && fw) {
      const h = fileRouteHealth(view, dir, fw);
      if (h) {
        draft.healthPath = h.path;
        draft.because('healthPath', h.path, h.file, 'high', 'file-based route');
      }
    }

    if (fw === 'fastify' && grep(view, files, [/0\.0\.0\.0|host:\s*['"`]::['"`]/], 1).length === 0) {
      draft.note(
        'info',
        "Fastify listens on 127.0.0.1 by default: pass host: '0.0.0.0' to listen() so the container is reachable.",
      );
    }

    // Kind, when no framework decided it.
    if (draft.kind === undefined) {
      const listens = grep(
        view,
        files.slice(0, 300),
        [/(\.listen\(|createServer\(|Bun\.serve\(|Deno\.serve\(|\bserve\(\s*\{)/],
        1,
      );
      if (listens.length > 0 || draft.port !== null) {
        draft.setKind('server', listens[0]?.file ?? null, 'medium', 'the code listens on a port');
      } else if (draft.startCommand) {
        draft.setKind('worker', null, 'low', 'runs a process but no listening code was found');
      } else {
        draft.setKind('server', null, 'low', 'default for Node apps');
      }
    }
    if (draft.kind === 'server' && draft.port === null) {
      draft.setDefaultPort(3000, 'Node convention (set PORT to change it)');
    }
    if (draft.kind === 'static') {
      draft.port = null;
      draft.startCommand = null;
    }

    // Dependencies → services, native packages, ML.
    const prodNames = Object.keys(prod);
    servicesFromDeps(draft, prodNames, pkgPath);
    const prisma = prismaProvider(view, dir, pkg);
    if (prisma) {
      const svc = serviceFromUrl(`${prisma.provider}://`);
      if (svc) addService(draft, svc, `Prisma datasource provider "${prisma.provider}"`, prisma.file);
      if (
        scripts.build &&
        !/prisma\s+generate/.test(scripts.build) &&
        !/prisma\s+generate/.test(scripts.postinstall ?? '')
      ) {
        draft.note(
          'info',
          'Prisma: run `prisma generate` before the build (no build or postinstall script does it)',
          prisma.file,
        );
      }
    }
    servicesFromEnv(draft, env.exampleValues, env.exampleFile);
    const nativeNames =
      has('prisma') && !hasProd('@prisma/client') && !hasProd('prisma')
        ? [...prodNames, 'prisma']
        : prodNames;
    nativeFromDeps(draft, 'npm', nativeNames, pkgPath);
    mlFromDeps(draft, prodNames, pkgPath);

    // A workspace member is deployable when something would run it; libraries are not listed as apps.
    draft.deployable =
      Boolean(framework) ||
      Boolean(scripts.start) ||
      Boolean(pkg.bin) ||
      draft.evidence.some((e) => e.fact === 'kind' && e.value === 'server' && e.source !== null);
    return [draft];
  },
};

function isWorkspaceRootOnly(pkg: PackageJson): boolean {
  if (!pkg.workspaces) return false;
  const s = pkg.scripts ?? {};
  return !s.start && Object.keys(pkg.dependencies ?? {}).length === 0;
}

function workspaceCommand(
  ctx: DetectorContext,
  pm: string,
  name: string,
  dir: string,
  script: string,
): string {
  if (ctx.workspaceTools.includes('turborepo')) return `npx turbo run ${script} --filter=${name}`;
  if (ctx.workspaceTools.includes('nx')) return `npx nx run ${name}:${script}`;
  switch (pm) {
    case 'pnpm':
      return `pnpm --filter ${name}... run ${script}`;
    case 'yarn':
      return `yarn workspace ${name} run ${script}`;
    case 'bun':
      return `bun run --filter ${name} ${script}`;
    default:
      return `npm run ${script} --workspace=${dir}`;
  }
}

function nodeVersion(view: FsView, dir: string, pkg: PackageJson, pkgPath: string, draft: AppDraft) {
  // Exact pins users keep for their version manager, nearest first.
  let pin: { version: string; source: string; detail: string } | undefined;
  for (const d of ancestors(dir)) {
    for (const f of ['.nvmrc', '.node-version']) {
      const file = rel(d, f);
      const v = view.has(file) ? versionFile(view, file) : undefined;
      if (v && !pin) pin = { version: v, source: file, detail: f };
    }
    if (pin) break;
  }
  if (!pin) {
    const tool = toolVersion(view, dir, ['nodejs', 'node']);
    if (tool) pin = { version: tool.version, source: tool.source, detail: basename(tool.source) };
  }
  if (!pin && pkg.volta?.node) pin = { version: pkg.volta.node, source: pkgPath, detail: '"volta.node"' };
  let engines = pkg.engines?.node;
  let enginesSource = pkgPath;
  if (!engines) {
    for (const d of ancestors(dir).slice(1)) {
      const p = view.json<PackageJson>(rel(d, 'package.json'));
      if (p?.engines?.node) {
        engines = p.engines.node;
        enginesSource = rel(d, 'package.json');
        break;
      }
    }
  }
  if (pin) {
    const picked = pickVersion('node', pin.version);
    if (picked) {
      const version = picked.version;
      if (engines && !satisfies(version, engines)) {
        const fromEngines = pickVersion('node', engines);
        if (fromEngines) {
          draft.note(
            'warning',
            `${pin.detail} pins Node ${pin.version} but "engines.node" requires ${engines}; using ${fromEngines.version} from engines, which package managers enforce at install. Update ${pin.detail}.`,
            pin.source,
          );
          draft.because(
            'language.version',
            fromEngines.version,
            enginesSource,
            'medium',
            `"engines.node": ${engines}`,
          );
          return {
            name: 'node' as const,
            version: fromEngines.version,
            versionSource: enginesSource,
            versionConstraint: engines,
            versionIsDefault: false,
          };
        }
      }
      draft.because(
        'language.version',
        version,
        pin.source,
        'high',
        picked.fromRange ? `${pin.detail}: ${pin.version} (resolved to the current LTS)` : pin.detail,
      );
      if (engines)
        draft.because('language.version', engines, enginesSource, 'medium', `"engines.node" agrees`);
      return {
        name: 'node' as const,
        version,
        versionSource: pin.source,
        ...(picked.fromRange ? { versionConstraint: pin.version } : {}),
        versionIsDefault: false,
      };
    }
  }
  if (engines) {
    const picked = pickVersion('node', engines);
    if (picked) {
      draft.because('language.version', picked.version, enginesSource, 'high', `"engines.node": ${engines}`);
      return {
        name: 'node' as const,
        version: picked.version,
        versionSource: enginesSource,
        ...(picked.fromRange ? { versionConstraint: engines } : {}),
        versionIsDefault: false,
      };
    }
  }
  draft.because(
    'language.version',
    DEFAULT_VERSIONS.node,
    null,
    'low',
    'no .nvmrc, .node-version, .tool-versions or engines: current LTS',
  );
  draft.note(
    'info',
    `no Node version pinned; using the current LTS (${DEFAULT_VERSIONS.node}). Pin it in .nvmrc or "engines".`,
  );
  return {
    name: 'node' as const,
    version: DEFAULT_VERSIONS.node,
    versionSource: null,
    versionIsDefault: true,
  };
}

function defaultEntry(
  view: FsView,
  dir: string,
  pkg: PackageJson,
  outDir: string | undefined,
  runtime: string,
):
  | { file: string; source: string | null; confidence: 'high' | 'medium' | 'low'; detail: string }
  | undefined {
  const main = pkg.main ?? pkg.module;
  if (main) {
    const m = main.replace(/^\.\//, '');
    if (runtime === 'node' && /\.(?:ts|mts|cts)$/.test(m) && outDir) {
      const compiled = `${outDir}/${basename(m).replace(/\.[mc]?ts$/, '.js')}`;
      return {
        file: compiled,
        source: rel(dir, 'package.json'),
        confidence: 'medium',
        detail: `"main" (${m}) compiled to ${outDir}`,
      };
    }
    if (view.has(rel(dir, m)) || view.has(rel(dir, `${m}.js`)) || /^(?:dist|build|lib|out)\//.test(m)) {
      return { file: m, source: rel(dir, 'package.json'), confidence: 'high', detail: '"main" field' };
    }
  }
  const candidates =
    runtime === 'bun'
      ? ['index.ts', 'src/index.ts', 'server.ts', 'src/server.ts', 'index.js', 'main.ts']
      : [
          'index.js',
          'server.js',
          'app.js',
          'main.js',
          'index.mjs',
          'server.mjs',
          'src/index.js',
          'src/server.js',
          'src/app.js',
          'src/main.js',
        ];
  for (const c of candidates)
    if (view.has(rel(dir, c)))
      return { file: c, source: rel(dir, c), confidence: 'medium', detail: 'conventional entry file' };
  if (outDir) {
    for (const c of ['src/index.ts', 'src/main.ts', 'src/server.ts', 'index.ts']) {
      if (view.has(rel(dir, c))) {
        const compiled = `${outDir}/${basename(c).replace(/\.ts$/, '.js')}`;
        return {
          file: compiled,
          source: rel(dir, c),
          confidence: 'medium',
          detail: `${c} compiled to ${outDir}`,
        };
      }
    }
  }
  if (main)
    return {
      file: main.replace(/^\.\//, ''),
      source: rel(dir, 'package.json'),
      confidence: 'low',
      detail: '"main" field (file not found)',
    };
  return runtime === 'node'
    ? { file: 'index.js', source: null, confidence: 'low', detail: 'Node default entry' }
    : undefined;
}

function prismaProvider(
  view: FsView,
  dir: string,
  pkg: PackageJson,
): { provider: string; file: string } | undefined {
  if (
    !('@prisma/client' in (pkg.dependencies ?? {})) &&
    !('prisma' in (pkg.devDependencies ?? {})) &&
    !('prisma' in (pkg.dependencies ?? {}))
  )
    return undefined;
  const candidates = [pkg.prisma?.schema, 'prisma/schema.prisma', 'schema.prisma'].filter((x): x is string =>
    Boolean(x),
  );
  for (const c of candidates) {
    const file = rel(dir, c.replace(/^\.\//, ''));
    const text = view.read(file);
    if (!text) continue;
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
    const provider = /provider\s*=\s*"(\w+)"/.exec(block)?.[1];
    if (provider) return { provider: provider === 'postgresql' ? 'postgres' : provider, file };
  }
  return undefined;
}

function detectFramework(ctx: DetectorContext, pkg: PackageJson, draft: AppDraft, pm: string) {
  const { view, dir } = ctx;
  const pkgPath = rel(dir, 'package.json');
  const scripts = pkg.scripts ?? {};
  const prod = pkg.dependencies ?? {};
  const all: Record<string, string> = { ...pkg.devDependencies, ...prod };
  const has = (n: string) => n in all;
  const set = (name: string, dep: string, features: string[] = []) => {
    const f = { name, version: depVersion(pkg, dep), features };
    draft.setFramework(f, pkgPath, `dependency ${dep}${f.version ? ` ${f.version}` : ''}`);
    return f;
  };
  const staticSite = (outputDir: string, source: string, detail: string) => {
    draft.setKind('static', source, 'high', detail);
    draft.outputDir = outputDir;
    draft.because('outputDir', outputDir, source, 'medium', detail);
  };
  const server = (port: number, source: string, detail: string) => {
    draft.setKind('server', source, 'high', detail);
    draft.setDefaultPort(port, `${detail} default port`);
  };
  const start = (cmd: string, source: string | null, detail: string) => {
    const s = scripts.start;
    if (s && !DEV_COMMAND.test(s)) return; // the user's start script wins (handled by the caller)
    draft.setStart(cmd, source, 'medium', detail);
  };

  if (has('next')) {
    const cfg = configFile(view, dir, 'next.config');
    const text = cfg ? (view.read(cfg) ?? '') : '';
    const standalone = /output\s*:\s*['"]standalone['"]/.test(text);
    const exported = /output\s*:\s*['"]export['"]/.test(text) || /next\s+export/.test(scripts.build ?? '');
    const f = set('next', 'next', standalone ? ['standalone'] : exported ? ['static-export'] : []);
    if (exported) {
      staticSite('out', cfg ?? pkgPath, "Next.js static export (output: 'export')");
    } else {
      server(3000, cfg ?? pkgPath, 'Next.js');
      if (standalone) {
        const server =
          ctx.workspaceRoot !== null && dir !== '.'
            ? `.next/standalone/${dir}/server.js`
            : '.next/standalone/server.js';
        draft.setStart(
          `node ${server}`,
          cfg ?? pkgPath,
          'high',
          "output: 'standalone' — run the traced server directly, without node_modules",
        );
        draft.outputDir = '.next/standalone';
        draft.because(
          'outputDir',
          '.next/standalone',
          cfg ?? pkgPath,
          'high',
          "output: 'standalone' (copy .next/static and public next to it)",
        );
      } else {
        start(`npx next start`, pkgPath, 'next start');
        draft.outputDir = '.next';
        if (cfg || scripts.build)
          draft.note(
            'info',
            "Next.js without output: 'standalone': the image needs the full node_modules; standalone output makes it several times smaller.",
            cfg ?? pkgPath,
          );
      }
    }
    if (!scripts.build) draft.setBuild(runScriptOr(pm, 'next build'), pkgPath, 'medium', 'next build');
    return f;
  }
  if (has('nuxt') || has('nuxt3')) {
    const cfg = configFile(view, dir, 'nuxt.config');
    const text = cfg ? (view.read(cfg) ?? '') : '';
    const generated = /nuxi?\s+generate/.test(scripts.build ?? '') || /ssr\s*:\s*false/.test(text);
    const f = set('nuxt', has('nuxt') ? 'nuxt' : 'nuxt3', generated ? ['static'] : []);
    if (generated) staticSite('.output/public', cfg ?? pkgPath, 'Nuxt static generation');
    else {
      server(3000, cfg ?? pkgPath, 'Nuxt');
      draft.setStart('node .output/server/index.mjs', cfg ?? pkgPath, 'high', 'Nuxt Nitro server output');
      draft.outputDir = '.output';
    }
    return f;
  }
  const remixDep = [
    '@remix-run/node',
    '@remix-run/serve',
    '@remix-run/express',
    '@remix-run/react',
    'remix',
  ].find(has);
  if (remixDep) {
    const f = set('remix', remixDep);
    server(3000, pkgPath, 'Remix');
    start('npx remix-serve ./build/index.js', pkgPath, 'remix-serve');
    draft.outputDir = 'build';
    return f;
  }
  if (has('@react-router/dev')) {
    const cfg = configFile(view, dir, 'react-router.config');
    const text = cfg ? (view.read(cfg) ?? '') : '';
    const spa = /ssr\s*:\s*false/.test(text);
    const f = set('react-router', '@react-router/dev', spa ? ['spa'] : ['ssr']);
    if (spa) staticSite('build/client', cfg ?? pkgPath, 'React Router with ssr: false');
    else {
      server(3000, cfg ?? pkgPath, 'React Router');
      start('npx react-router-serve ./build/server/index.js', pkgPath, 'react-router-serve');
      draft.outputDir = 'build';
    }
    return f;
  }
  if (has('@sveltejs/kit')) {
    const adapter = [
      '@sveltejs/adapter-node',
      '@sveltejs/adapter-static',
      '@sveltejs/adapter-auto',
      '@sveltejs/adapter-vercel',
      '@sveltejs/adapter-netlify',
      '@sveltejs/adapter-cloudflare',
      'svelte-adapter-bun',
    ].find(has);
    const name = adapter?.replace(/^@sveltejs\//, '').replace(/^svelte-/, '');
    const f = set('sveltekit', '@sveltejs/kit', name ? [name] : []);
    if (adapter === '@sveltejs/adapter-static') staticSite('build', pkgPath, 'SvelteKit with adapter-static');
    else {
      server(3000, pkgPath, 'SvelteKit');
      start(
        adapter === 'svelte-adapter-bun' ? 'bun ./build/index.js' : 'node build',
        pkgPath,
        'adapter-node output in build/',
      );
      draft.outputDir = 'build';
      if (adapter !== '@sveltejs/adapter-node' && adapter !== 'svelte-adapter-bun') {
        draft.note(
          'warning',
          `SvelteKit uses ${adapter ?? 'no adapter'}, which does not produce a Node server; switch to @sveltejs/adapter-node to run it in a container.`,
          pkgPath,
        );
      }
    }
    return f;
  }
  if (has('astro')) {
    const cfg = configFile(view, dir, 'astro.config');
    const text = cfg ? (view.read(cfg) ?? '') : '';
    const ssr = /output\s*:\s*['"](?:server|hybrid)['"]/.test(text) || has('@astrojs/node');
    const f = set('astro', 'astro', ssr ? ['ssr'] : ['static']);
    if (ssr) {
      server(4321, cfg ?? pkgPath, 'Astro');
      draft.setStart(
        'node ./dist/server/entry.mjs',
        cfg ?? pkgPath,
        'high',
        '@astrojs/node standalone entry',
      );
      draft.outputDir = 'dist';
      draft.note('info', 'Astro SSR: set HOST=0.0.0.0 so the server listens outside the container.');
    } else staticSite('dist', cfg ?? pkgPath, 'Astro static output');
    return f;
  }
  if (has('@angular/core')) {
    const ssr = has('@angular/ssr') || has('@nguniversal/express-engine');
    const ng = view.json<{
      defaultProject?: string;
      projects?: Record<
        string,
        {
          projectType?: string;
          architect?: { build?: { builder?: string; options?: { outputPath?: string | { base?: string } } } };
        }
      >;
    }>(rel(dir, 'angular.json'));
    const projects = Object.entries(ng?.projects ?? {});
    const [projName, proj] = projects.find(([, p]) => p.projectType === 'application') ??
      projects[0] ?? [draft.name, undefined];
    const build = proj?.architect?.build;
    const op = build?.options?.outputPath;
    const base = (typeof op === 'string' ? op : op?.base) ?? `dist/${projName}`;
    const appBuilder = /:application$/.test(build?.builder ?? '') || typeof op === 'object';
    const f = set('angular', '@angular/core', ssr ? ['ssr'] : []);
    if (ssr) {
      server(4000, pkgPath, 'Angular SSR');
      start(`node ${base}/server/server.mjs`, rel(dir, 'angular.json'), 'Angular SSR server');
      draft.outputDir = base;
    } else
      staticSite(
        appBuilder ? `${base}/browser` : base,
        ng ? rel(dir, 'angular.json') : pkgPath,
        'Angular single-page app',
      );
    return f;
  }
  if (has('gatsby')) {
    const f = set('gatsby', 'gatsby');
    staticSite('public', pkgPath, 'Gatsby static site');
    return f;
  }
  if (has('@nestjs/core')) {
    const f = set('nestjs', '@nestjs/core');
    server(3000, pkgPath, 'NestJS');
    if (!scripts['start:prod']) start('node dist/main', pkgPath, 'nest build output');
    return f;
  }
  const serverLib = SERVER_LIBS.find(([dep]) => dep in prod) ?? SERVER_LIBS.find(([dep]) => has(dep));
  if (serverLib) {
    const [dep, name] = serverLib;
    const f = set(name, dep);
    server(3000, pkgPath, name === 'fastify' ? 'Fastify' : name);
    return f;
  }
  if (has('react-scripts')) {
    const f = set('cra', 'react-scripts');
    staticSite('build', pkgPath, 'Create React App');
    return f;
  }
  if (has('@vue/cli-service')) {
    const f = set('vue-cli', '@vue/cli-service');
    staticSite('dist', pkgPath, 'Vue CLI app');
    return f;
  }
  if (has('vite')) {
    const spaLib = SPA_LIBS.find(has);
    const cfg = configFile(view, dir, 'vite.config');
    const outDir = cfg ? /outDir\s*:\s*['"]([^'"]+)['"]/.exec(view.read(cfg) ?? '')?.[1] : undefined;
    const f = set(
      'vite',
      'vite',
      spaLib ? [spaLib.replace(/^@builder\.io\//, '').replace(/-js$|-dom$/, '')] : [],
    );
    staticSite(outDir ?? 'dist', cfg ?? pkgPath, `Vite single-page app${spaLib ? ` (${spaLib})` : ''}`);
    return f;
  }
  return null;
}

function runScriptOr(pm: string, command: string): string {
  return pm === 'npm' ? `npx ${command}` : `${pm} exec ${command}`;
}

interface NxProject {
  name?: string;
  projectType?: string;
  targets?: Record<
    string,
    {
      executor?: string;
      options?: { outputPath?: string; main?: string };
      configurations?: Record<string, unknown>;
    }
  >;
}

/** An Nx project without its own package.json: dependencies, lockfile and runtime live at the workspace root. */
function nxProject(ctx: DetectorContext): AppDraft[] {
  const { view, dir } = ctx;
  const projectFile = rel(dir, 'project.json');
  const project = view.json<NxProject>(projectFile) ?? {};
  const rootPkg = view.json<PackageJson>('package.json') ?? {};
  const name = project.name ?? basename(dir);
  const draft = new AppDraft(name, dir, 70);
  if (project.projectType === 'library' || (!project.projectType && /^(?:libs|packages)\//.test(dir)))
    draft.deployable = false;
  const { facts: pm } = resolveNodePm(view, '.', rootPkg, draft, null);
  draft.packageManager = pm;
  draft.language = nodeVersion(view, '.', rootPkg, 'package.json', draft);
  draft.because('language', 'node', projectFile, 'high', 'Nx project');
  const build = project.targets?.build;
  const outputPath = build?.options?.outputPath ?? `dist/${dir}`;
  const production = build?.configurations?.production !== undefined || build === undefined;
  draft.setBuild(
    `npx nx run ${name}:build${production ? ':production' : ''}`,
    projectFile,
    'high',
    'Nx build target',
  );
  draft.outputDir = outputPath;
  const executor = build?.executor ?? '';
  if (/next/.test(executor) || configFile(view, dir, 'next.config')) {
    draft.setFramework(
      { name: 'next', version: depVersion(rootPkg, 'next'), features: [] },
      configFile(view, dir, 'next.config') ?? projectFile,
      'Next.js project in Nx',
    );
    draft.setKind('server', projectFile, 'high', 'Next.js');
    draft.setDefaultPort(3000, 'Next.js default port');
    draft.setStart(`npx next start ${outputPath}`, projectFile, 'medium', 'Nx Next.js build output');
  } else if (configFile(view, dir, 'astro.config')) {
    draft.setFramework(
      { name: 'astro', version: depVersion(rootPkg, 'astro'), features: ['static'] },
      configFile(view, dir, 'astro.config')!,
      'Astro project in Nx',
    );
    draft.setKind('static', projectFile, 'high', 'Astro static output');
  } else if (configFile(view, dir, 'vite.config') && !/node|esbuild|webpack/.test(executor)) {
    draft.setFramework(
      { name: 'vite', version: depVersion(rootPkg, 'vite'), features: [] },
      configFile(view, dir, 'vite.config')!,
      'Vite project in Nx',
    );
    draft.setKind('static', projectFile, 'high', 'Vite single-page app');
  } else {
    const main = basename(build?.options?.main ?? 'main.ts').replace(/\.[mc]?[jt]s$/, '.js');
    draft.setStart(`node ${outputPath}/${main}`, projectFile, build ? 'high' : 'medium', 'Nx build output');
    draft.setKind('server', projectFile, 'medium', 'Nx application');
    const serverLib = SERVER_LIBS.find(([d]) => d in (rootPkg.dependencies ?? {}));
    draft.setDefaultPort(3000, serverLib ? `${serverLib[1]} convention` : 'Node convention');
  }
  applyScans(draft, ctx, ['js'], {});
  return [draft];
}
