import { InputError } from '../../core/errors.js';
import type { AppFacts, NativeDependency } from '../../detect/types.js';
import type { ComposeHealthcheck, ComposeWatchRule } from '../model/compose.js';
import type {
  CopyInstr,
  DockerfileModel,
  FromInstr,
  HealthcheckInstr,
  Instr,
  RunInstr,
  RunMount,
  ShellCommand,
  StageModel,
} from '../model/dockerfile.js';
import type { DockerignoreModel, NginxSiteModel } from '../model/files.js';
import { TIER_FEATURES } from '../tiers.js';
import type {
  BaseImageChoice,
  Decision,
  DevService,
  FinalImage,
  PlannedFile,
  Stack,
  StackInput,
  StackPlan,
  TestStage,
} from '../types.js';
import {
  ALL_PLATFORMS,
  AMD64,
  ARM64,
  BUN_PLATFORMS,
  intersectPlatforms,
  NGINX_UNPRIVILEGED_PLATFORMS,
  nodeImagePlatforms,
} from './image-platforms.js';
import { NGINX_IMAGE, NGINX_PORT, NGINX_UID } from './nginx.js';
import { nodeTestCommand } from './node-test.js';

/**
 * Node.js and Bun: npm, pnpm, yarn classic and berry (node-modules or PnP), bun; plain servers, TypeScript
 * builds, API frameworks, SSR frameworks (Next, Nuxt, Remix, SvelteKit, Astro) and SPAs/static exports served
 * by unprivileged nginx; Prisma, native modules and workspaces.
 *
 * Stages: `base` (toolchain, package manager, build-only system packages) → `deps` (all dependencies, manifests
 * first) → `build` (source + build) → `prod-deps` (production dependencies only) → `dev` (compose.override
 * target) → `runtime` (the shipped image, always last).
 */

const DISTROLESS_NODE = new Set([20, 22, 24]);
const DEBUG_PORT = 9229;
/** Bun's inspector (WebKit protocol, debug.bun.sh) listens on 6499. */
const BUN_DEBUG_PORT = 6499;

/** Packages that build native code; alpine has the same names, so they do not force Debian. */
const PORTABLE_BUILD = new Set(['python3', 'make', 'g++', 'openssl', 'ca-certificates']);
const PORTABLE_RUNTIME = new Set(['openssl', 'ca-certificates']);

type Runtime = 'node' | 'bun';
type Variant = 'slim' | 'alpine' | 'distroless';

interface PackageManager {
  readonly name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  readonly berry: boolean;
  readonly pnp: boolean;
  readonly lockfile: string | null;
  readonly version: string | null;
}

function packageManager(app: AppFacts): PackageManager {
  const pm = app.packageManager;
  const name = (['npm', 'pnpm', 'yarn', 'bun'] as const).find((n) => n === pm?.name) ?? 'npm';
  return {
    name,
    berry: name === 'yarn' && pm?.variant === 'berry',
    pnp: name === 'yarn' && pm?.variant === 'berry' && pm.linker === 'pnp',
    lockfile: pm?.lockfile ?? null,
    version: pm?.version ?? null,
  };
}

function major(version: string, fallback: number): number {
  const m = /^(\d+)/.exec(version);
  return m ? Number(m[1]) : fallback;
}

/** Shell words of a command line, `undefined` when it uses shell syntax we should not split. */
function simpleWords(command: string): string[] | undefined {
  if (/[|&;<>$`\\"'()*?]/.test(command)) return undefined;
  const words = command.trim().split(/\s+/);
  return words[0] ? words : undefined;
}

const posix = (...parts: string[]) =>
  parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\.\//, '');

interface Ctx {
  readonly input: StackInput;
  readonly app: AppFacts;
  readonly pm: PackageManager;
  readonly runtime: Runtime;
  readonly nodeMajor: number;
  readonly bunVersion: string;
  readonly decisions: Decision[];
  /** App directory inside the image (`/app` or `/app/apps/api`). */
  readonly appDir: string;
  /** App directory from the context root, `''` for the root. */
  readonly appPath: string;
  readonly framework: string | null;
  readonly features: readonly string[];
}

// ---- package manager commands ------------------------------------------------------------------------

function cacheMount(ctx: Ctx): RunMount {
  const target = {
    npm: '/root/.npm',
    pnpm: '/root/.local/share/pnpm/store',
    yarn: ctx.pm.berry ? '/root/.yarn/berry/cache' : '/usr/local/share/.cache/yarn',
    bun: '/root/.bun/install/cache',
  }[ctx.pm.name];
  return { type: 'cache', target, sharing: 'locked' };
}

function installCommand(ctx: Ctx, production: boolean): ShellCommand {
  const { pm } = ctx;
  switch (pm.name) {
    case 'npm':
      return pm.lockfile
        ? ['npm', 'ci', ...(production ? ['--omit=dev'] : [])]
        : ['npm', 'install', ...(production ? ['--omit=dev'] : [])];
    case 'pnpm':
      return [
        'pnpm',
        'install',
        pm.lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile',
        ...(production ? ['--prod'] : []),
      ];
    case 'yarn':
      if (pm.berry)
        return production
          ? ['yarn', 'workspaces', 'focus', '--all', '--production']
          : ['yarn', 'install', '--immutable'];
      return ['yarn', 'install', '--frozen-lockfile', ...(production ? ['--production'] : [])];
    case 'bun':
      return [
        'bun',
        'install',
        ...(pm.lockfile ? ['--frozen-lockfile'] : []),
        ...(production ? ['--production'] : []),
      ];
  }
}

/** Remove devDependencies from an installed tree (used when the whole /app ships: workspaces, PnP, Prisma). */
function pruneCommand(ctx: Ctx): ShellCommand {
  switch (ctx.pm.name) {
    case 'npm':
      return ['npm', 'prune', '--omit=dev'];
    case 'pnpm':
      return ['pnpm', 'prune', '--prod'];
    case 'yarn':
      return installCommand(ctx, true);
    case 'bun':
      return ['bun', 'install', '--production'];
  }
}

/** Run a binary from node_modules/.bin through the package manager. */
function execBin(ctx: Ctx, bin: string, ...args: string[]): ShellCommand {
  switch (ctx.pm.name) {
    case 'npm':
      return ['npx', '--no-install', bin, ...args];
    case 'pnpm':
      return ['pnpm', 'exec', bin, ...args];
    case 'yarn':
      return ['yarn', bin, ...args];
    case 'bun':
      return ['bunx', bin, ...args];
  }
}

/** Toolchain setup in `base`: corepack for pnpm and yarn berry (Node 25+ no longer bundles corepack). */
function packageManagerSetup(ctx: Ctx): Instr[] {
  const { pm } = ctx;
  if (ctx.runtime === 'bun' || pm.name === 'npm' || (pm.name === 'yarn' && !pm.berry)) return [];
  const spec = `${pm.name}@${pm.version ?? (pm.name === 'pnpm' ? '9' : '4')}`;
  const commands: ShellCommand[] = [];
  if (ctx.nodeMajor >= 25) commands.push(['npm', 'install', '-g', 'corepack@0.34.0']);
  commands.push(['corepack', 'enable'], ['corepack', 'prepare', spec, '--activate']);
  ctx.decisions.push({
    topic: 'package manager',
    choice: spec,
    reason: pm.version
      ? `"packageManager" pins ${spec}; corepack installs exactly that version`
      : `no version pinned; ${spec} is the current major`,
  });
  return [
    {
      kind: 'ENV',
      vars: [['COREPACK_ENABLE_DOWNLOAD_PROMPT', '0']],
      comment: [`${spec} through corepack, as package.json declares it.`],
    },
    { kind: 'RUN', commands },
  ];
}

/** Files the install needs, context-relative, only those that exist. */
function manifests(ctx: Ctx): { root: string[]; members: string[]; ignoredNpmrc: boolean } {
  const { files } = ctx.input;
  const { pm } = ctx;
  const rootDir = ctx.input.layout.context === '.' ? '' : ctx.input.layout.context;
  const at = (p: string) => posix(rootDir, p);
  const root = ['package.json'];
  if (pm.lockfile) {
    // The lockfile path is from the project root; make it context-relative.
    const rel =
      rootDir && pm.lockfile.startsWith(`${rootDir}/`) ? pm.lockfile.slice(rootDir.length + 1) : pm.lockfile;
    root.push(rel);
  }
  const optional = ['.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml', 'bunfig.toml', '.pnpmfile.cjs'];
  for (const f of optional) if (files.exists(at(f))) root.push(f);
  let ignoredNpmrc = false;
  const npmrc = files.readText(at('.npmrc'));
  if (npmrc !== undefined) {
    if (/_auth|:_password|token/i.test(npmrc)) ignoredNpmrc = true;
    else root.push('.npmrc');
  }
  if (pm.berry)
    for (const d of ['.yarn/releases', '.yarn/plugins', '.yarn/patches'])
      if (files.exists(at(d))) root.push(d);
  const members: string[] = [];
  const mono = ctx.input.facts.monorepo;
  if (mono && ctx.input.layout.context === '.') {
    for (const m of mono.members)
      if (files.exists(posix(m, 'package.json'))) members.push(posix(m, 'package.json'));
  } else if (ctx.appPath && files.exists(posix(rootDir, ctx.appPath, 'package.json'))) {
    members.push(posix(ctx.appPath, 'package.json'));
  }
  return { root: [...new Set(root)], members, ignoredNpmrc };
}

function copyManifests(ctx: Ctx, comment: string[]): CopyInstr[] {
  const { root, members } = manifests(ctx);
  const files = root.filter((f) => !f.includes('/'));
  const dirs = root.filter((f) => f.includes('/'));
  const out: CopyInstr[] = [{ kind: 'COPY', sources: files, dest: './', comment }];
  for (const d of dirs) out.push({ kind: 'COPY', sources: [d], dest: `./${d}/` });
  for (const m of members)
    out.push({ kind: 'COPY', sources: [m], dest: `./${m.slice(0, -'package.json'.length)}` });
  return out;
}

// ---- system packages ---------------------------------------------------------------------------------

function systemInstall(variant: Variant, packages: readonly string[], cached = false): RunInstr | undefined {
  if (!packages.length) return undefined;
  const sorted = [...new Set(packages)].sort();
  if (variant === 'alpine') return { kind: 'RUN', commands: [['apk', 'add', '--no-cache', ...sorted]] };
  if (cached) {
    // Build stages: package lists and downloads live in cache mounts, not in a layer.
    return {
      kind: 'RUN',
      mounts: [
        { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
        { type: 'cache', target: '/var/lib/apt', sharing: 'locked' },
      ],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', ...sorted],
      ],
    };
  }
  return {
    kind: 'RUN',
    commands: [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', ...sorted],
      ['rm', '-rf', '/var/lib/apt/lists/*'],
    ],
  };
}

function nativePackages(deps: readonly NativeDependency[], key: 'build' | 'runtime'): string[] {
  return deps.flatMap((d) => d[key]);
}

// ---- image choice ------------------------------------------------------------------------------------

interface ImageChoice {
  readonly variant: Variant;
  readonly finalImage: FinalImage;
  readonly builder: string;
  readonly runtime: string;
}

function chooseImages(ctx: Ctx, requested: FinalImage, needsShim: boolean): ImageChoice {
  const { app, decisions } = ctx;
  const native = app.nativeDeps;
  const buildPkgs = nativePackages(native, 'build');
  const runtimePkgs = nativePackages(native, 'runtime');
  let final: FinalImage = requested;
  if (final === 'scratch') {
    throw new InputError(
      'a Node.js app cannot run on scratch',
      undefined,
      'scratch has no runtime; use --final-image distroless for the smallest Node image.',
    );
  }
  if (final === 'official') {
    decisions.push({
      topic: 'final image',
      choice: 'official image, -slim variant',
      reason:
        'the full node image ships compilers and ~1 GB of build tools; the official -slim variant is the same runtime without them',
    });
    final = 'slim';
  }
  if (final === 'alpine') {
    const blocking = [
      ...buildPkgs.filter((p) => !PORTABLE_BUILD.has(p)),
      ...runtimePkgs.filter((p) => !PORTABLE_RUNTIME.has(p)),
    ];
    if (blocking.length) {
      decisions.push({
        topic: 'final image',
        choice: 'Debian slim instead of Alpine',
        reason: `native dependencies need Debian packages (${[...new Set(blocking)].slice(0, 4).join(', ')}) and glibc; musl builds of them are not a drop-in`,
      });
      final = 'slim';
    }
  }
  if (final === 'distroless') {
    const reasons: string[] = [];
    if (runtimePkgs.some((p) => !PORTABLE_RUNTIME.has(p)))
      reasons.push('native modules need runtime system packages');
    if (needsShim) reasons.push('the start command is a package binary shim that needs /usr/bin/env');
    if (ctx.runtime === 'node' && !DISTROLESS_NODE.has(ctx.nodeMajor))
      reasons.push(`there is no distroless image for Node ${ctx.nodeMajor}`);
    if (reasons.length) {
      decisions.push({
        topic: 'final image',
        choice: 'Debian slim instead of distroless',
        reason: reasons.join('; '),
      });
      final = 'slim';
    }
  }
  const variant: Variant = final === 'alpine' ? 'alpine' : final === 'distroless' ? 'distroless' : 'slim';
  if (ctx.runtime === 'bun') {
    const v = ctx.bunVersion;
    const builder = variant === 'alpine' ? `oven/bun:${v}-alpine` : `oven/bun:${v}-slim`;
    const runtime = variant === 'distroless' ? `oven/bun:${v}-distroless` : builder;
    return { variant, finalImage: final, builder, runtime };
  }
  const n = ctx.nodeMajor;
  const builder = variant === 'alpine' ? `node:${n}-alpine` : `node:${n}-bookworm-slim`;
  const runtime = variant === 'distroless' ? `gcr.io/distroless/nodejs${n}-debian12:nonroot` : builder;
  return { variant, finalImage: final, builder, runtime };
}

// ---- what runs -------------------------------------------------------------------------------------

/** Known package binaries and the JS file behind them, so exec-form CMD runs `node <file>` (PID 1 gets signals). */
const BIN_FILES: Readonly<Record<string, string>> = {
  next: 'node_modules/next/dist/bin/next',
  'remix-serve': 'node_modules/@remix-run/serve/dist/cli.js',
  nuxt: 'node_modules/nuxi/bin/nuxi.mjs',
  nuxi: 'node_modules/nuxi/bin/nuxi.mjs',
};

interface StartCommand {
  readonly args: string[];
  /** Needs a node_modules/.bin shim (a shell script or `#!/usr/bin/env node`). */
  readonly shim: boolean;
}

function startCommand(ctx: Ctx, shape: Shape): StartCommand {
  const { app } = ctx;
  if (shape === 'next-standalone')
    return { args: [ctx.runtime, posix(ctx.appPath, 'server.js')], shim: false };
  if (shape === 'nuxt-output') return { args: [ctx.runtime, '.output/server/index.mjs'], shim: false };
  const raw =
    app.startScript ?? app.startCommand ?? (ctx.runtime === 'bun' ? 'bun index.ts' : 'node index.js');
  const words = simpleWords(raw);
  if (!words) return { args: ['sh', '-c', raw], shim: false };
  const [head, ...rest] = words as [string, ...string[]];
  if (head === 'node' && ctx.pm.pnp) {
    // Yarn PnP: no node_modules; resolution goes through .pnp.cjs (CommonJS) and .pnp.loader.mjs (ESM).
    return {
      args: ['node', '--require', './.pnp.cjs', '--loader', './.pnp.loader.mjs', ...rest],
      shim: false,
    };
  }
  if (head === 'node' || head === 'bun') return { args: [head, ...rest], shim: false };
  if (['npm', 'pnpm', 'yarn'].includes(head)) return { args: [...words], shim: true };
  if (ctx.runtime === 'bun') return { args: ['bun', 'run', head, ...rest], shim: false };
  const file = BIN_FILES[head];
  if (file) return { args: ['node', file, ...rest], shim: false };
  return { args: [`node_modules/.bin/${head}`, ...rest], shim: true };
}

function probeScript(port: number, path: string | null): string {
  const url = `http://127.0.0.1:${port}${path ?? '/'}`;
  const ok = path ? 'r.ok' : 'r.status < 500';
  return `fetch('${url}').then((r) => process.exit(${ok} ? 0 : 1), () => process.exit(1))`;
}

// ---- shapes ------------------------------------------------------------------------------------------

/**
 * What the runtime stage contains:
 * - `app-files`: production node_modules from `prod-deps` plus the source or the build output;
 * - `whole-app`: the built /app with devDependencies pruned (workspaces, Yarn PnP, Prisma: generated code lives
 *   inside node_modules or workspace packages link to each other);
 * - `next-standalone`, `nuxt-output`: the framework's self-contained server output;
 * - `static`: files served by unprivileged nginx.
 */
type Shape = 'app-files' | 'whole-app' | 'next-standalone' | 'nuxt-output' | 'static';

function shapeOf(ctx: Ctx): Shape {
  const { app, framework, features } = ctx;
  if (app.kind === 'static') return 'static';
  if (framework === 'next' && features.includes('standalone')) return 'next-standalone';
  if (framework === 'nuxt') return 'nuxt-output';
  const prisma = app.nativeDeps.some((d) => d.package.startsWith('@prisma/') || d.package === 'prisma');
  if (ctx.input.facts.monorepo && ctx.input.layout.context === '.' && ctx.appPath) return 'whole-app';
  if (ctx.pm.pnp || prisma) return 'whole-app';
  return 'app-files';
}

function devPort(ctx: Ctx, script: string | undefined, prodPort: number): number {
  const fw = ctx.framework;
  if (fw === 'angular') return 4200;
  if (fw === 'astro') return 4321;
  if (fw === 'cra') return 3000;
  if (fw === 'vite' || fw === 'sveltekit' || (fw === 'remix' && script?.includes('vite'))) return 5173;
  if (ctx.app.kind === 'static') return 3000;
  return prodPort;
}

function readScripts(ctx: Ctx): Record<string, string> {
  const text = ctx.input.files.readText(posix(ctx.app.path, 'package.json'));
  if (!text) return {};
  try {
    const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}

function readPackage(ctx: Ctx): {
  version?: string;
  description?: string;
  license?: string;
  repository?: string;
} {
  const text = ctx.input.files.readText(posix(ctx.app.path, 'package.json'));
  if (!text) return {};
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    const repo = pkg.repository;
    const repository =
      typeof repo === 'string'
        ? repo
        : typeof repo === 'object' && repo
          ? (repo as { url?: string }).url
          : undefined;
    return {
      ...(typeof pkg.version === 'string' ? { version: pkg.version } : {}),
      ...(typeof pkg.description === 'string' ? { description: pkg.description } : {}),
      ...(typeof pkg.license === 'string' ? { license: pkg.license } : {}),
      ...(repository ? { repository: repository.replace(/^git\+/, '').replace(/\.git$/, '') } : {}),
    };
  } catch {
    return {};
  }
}

interface DevCommand {
  readonly command?: string[];
  readonly script?: string;
  /** How develop.watch applies a source change: hot reload in place, or sync then restart (rebuild in the container). */
  readonly action: 'sync' | 'sync+restart';
}

function devCommand(ctx: Ctx, scripts: Record<string, string>, start: StartCommand): DevCommand {
  const name = scripts.dev
    ? 'dev'
    : scripts['start:dev']
      ? 'start:dev'
      : ctx.app.kind === 'static' && scripts.start
        ? 'start'
        : undefined;
  const dev = name ? scripts[name] : undefined;
  if (dev) {
    const words = simpleWords(dev);
    if (!words) return { command: ['sh', '-c', dev], script: dev, action: 'sync' };
    const head = words[0]!;
    if (['vite', 'astro'].includes(head) || (head === 'remix' && words[1] === 'vite:dev')) {
      if (!words.includes('--host')) words.push('--host', '0.0.0.0');
    }
    if (head === 'ng' && !words.includes('--host')) words.push('--host', '0.0.0.0');
    if (head === 'node' && !words.includes('--watch')) words.splice(1, 0, '--watch');
    return { command: words, script: dev, action: 'sync' };
  }
  const runtime = start.args[0];
  if (ctx.app.buildCommand && (runtime === 'node' || runtime === 'bun')) {
    // No dev script: rebuild and restart on each change.
    return {
      command: ['sh', '-c', `${ctx.app.buildCommand} && exec ${start.args.join(' ')}`],
      action: 'sync+restart',
    };
  }
  if (runtime === 'node' || runtime === 'bun') {
    const inspect = runtime === 'bun' ? [`--inspect=0.0.0.0:${BUN_DEBUG_PORT}`] : [];
    return { command: [runtime, '--watch', ...inspect, ...start.args.slice(1)], action: 'sync' };
  }
  return { action: 'sync+restart' };
}

// ---- tiers 3–4: test stage, cross-building, platforms --------------------------------------------------

/**
 * Tier 4 builds the toolchain stages on `$BUILDPLATFORM` when their output is portable: a static site (only
 * files reach nginx) or an app whose runtime gets a fresh production install per target (`app-files`). Native
 * addons are compiled for the machine that builds them, and the other shapes ship node_modules from the build
 * stage, where optional platform-specific packages (sharp, esbuild …) would be the build machine's: those keep
 * emulation.
 */
function crossBuild(ctx: Ctx, shape: Shape, enterprise: boolean): boolean {
  if (!enterprise) return false;
  if (shape === 'static') {
    ctx.decisions.push({
      topic: 'multi-platform build',
      choice: 'the build stages on $BUILDPLATFORM, nginx per target',
      reason:
        'the build writes HTML, CSS and JavaScript, which every platform serves as they are; only the nginx runtime differs per platform',
    });
    return true;
  }
  if (shape === 'app-files' && ctx.app.nativeDeps.length === 0) {
    ctx.decisions.push({
      topic: 'multi-platform build',
      choice:
        'dependencies, build and tests on $BUILDPLATFORM; the production install and the runtime per target',
      reason:
        'no native modules were found, so the build output is plain JavaScript; the production node_modules are installed per target so optional platform-specific packages match it',
    });
    return true;
  }
  ctx.decisions.push({
    topic: 'multi-platform build',
    choice: 'every stage per target platform (QEMU emulation)',
    reason:
      ctx.app.nativeDeps.length > 0
        ? `native modules (${ctx.app.nativeDeps.map((d) => d.package).join(', ')}) are compiled for the platform that builds them`
        : 'the image ships node_modules from the build stage, and platform-specific optional packages there would be the build machine’s',
  });
  return false;
}

/** Every base image of the Dockerfile publishes these (see image-platforms.ts for the sources). */
function nodePlatforms(ctx: Ctx, shape: Shape, cross: boolean): readonly string[] {
  const toolchain = ctx.runtime === 'bun' ? BUN_PLATFORMS : nodeImagePlatforms(ctx.nodeMajor);
  if (shape === 'static') {
    // On $BUILDPLATFORM the toolchain only has to exist for the build machine.
    return intersectPlatforms(NGINX_UNPRIVILEGED_PLATFORMS, cross ? ALL_PLATFORMS : toolchain);
  }
  const prisma = ctx.app.nativeDeps.some((d) => d.package.startsWith('@prisma/') || d.package === 'prisma');
  // Prisma's query engines are built for linux x64 and arm64 only (no 32-bit ARM binary target).
  return intersectPlatforms(toolchain, prisma ? [AMD64, ARM64] : ALL_PLATFORMS);
}

function testStage(
  ctx: Ctx,
  options: {
    readonly shape: Shape;
    readonly scripts: Record<string, string>;
    readonly startArgs: readonly string[];
    readonly hasBuild: boolean;
    readonly after: 'build' | 'deps';
  },
): { stage: StageModel; test: TestStage } {
  const planned = nodeTestCommand({
    pm: ctx.pm.name,
    runtime: ctx.runtime,
    scripts: options.scripts,
    shape: options.shape,
    startArgs: options.startArgs,
    outputDir: ctx.app.outputDir,
    framework: ctx.framework,
    hasBuild: options.hasBuild,
    appPath: ctx.appPath,
  });
  const instructions: Instr[] = [
    {
      kind: 'ENV',
      vars: [['CI', 'true']],
      comment: ['Test runners run once instead of watching (CRA, Jest, Vitest read CI).'],
    },
  ];
  if (options.after === 'deps') instructions.push({ kind: 'COPY', sources: ['.'], dest: '.' });
  if (ctx.appPath && !runsFromRoot(ctx)) instructions.push({ kind: 'WORKDIR', path: ctx.appDir });
  instructions.push({ kind: 'RUN', commands: [planned.command] });
  ctx.decisions.push({
    topic: 'test stage',
    choice: `\`${planned.display}\` (docker build --target test)`,
    reason: planned.reason,
  });
  return {
    stage: {
      from: from(options.after, 'test', [
        `Tests: \`docker build --target test .\` runs ${planned.runsTests ? 'the project’s tests' : 'a build check (the project has no tests yet)'}; a failure fails the build.`,
        'Nothing depends on this stage, so building the runtime skips it.',
      ]),
      instructions,
    },
    test: { stage: 'test', command: planned.display, reason: planned.reason },
  };
}

/** What the app writes at run time besides /tmp, for the read-only root filesystem (tier 3+). */
function nodeWritablePaths(ctx: Ctx, shape: Shape): string[] {
  if (ctx.framework !== 'next' || shape === 'static') return [];
  // Next.js writes its image-optimization and fetch caches under .next/cache next to the server.
  const base = shape === 'app-files' ? '/app' : posix('/app', ctx.appPath);
  return [`${base}/.next/cache`];
}

// ---- the plan ------------------------------------------------------------------------------------------

function from(image: string, as: string, comment?: string[]): FromInstr {
  return { kind: 'FROM', image, as, ...(comment ? { comment } : {}) };
}

function planNode(input: StackInput): StackPlan {
  const { app, layout, tier } = input;
  const decisions: Decision[] = [];
  const pm = packageManager(app);
  const runtime: Runtime = app.language.name === 'bun' || pm.name === 'bun' ? 'bun' : 'node';
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const ctx: Ctx = {
    input,
    app,
    pm,
    runtime,
    nodeMajor: runtime === 'node' ? major(app.language.version, 22) : 22,
    bunVersion: runtime === 'bun' ? app.language.version || '1' : '1',
    decisions,
    appDir: posix('/app', appPath),
    appPath,
    framework: app.framework?.name ?? null,
    features: app.framework?.features ?? [],
  };
  const shape = shapeOf(ctx);
  const scripts = readScripts(ctx);
  const pkg = readPackage(ctx);
  const start = startCommand(ctx, shape);
  const requested: FinalImage = input.options.finalImage ?? TIER_FEATURES[tier].finalImage;
  const images = chooseImages(ctx, requested, start.shim);
  const { variant } = images;
  const hasBuild = app.buildCommand !== null || shape === 'static';
  const nonRoot = true;
  const healthchecks = tier >= 2;
  const withDev = tier >= 2 || input.options.compose === true;
  const port =
    shape === 'static' ? NGINX_PORT : app.kind === 'server' ? (input.options.port ?? app.port ?? 3000) : null;
  const prisma = app.nativeDeps.some((d) => d.package.startsWith('@prisma/') || d.package === 'prisma');
  const { ignoredNpmrc } = manifests(ctx);

  const imageChoices: BaseImageChoice[] = [
    {
      stage: 'base',
      image: images.builder,
      reason:
        runtime === 'bun'
          ? `Bun ${ctx.bunVersion} (${app.language.versionSource ?? 'default'})`
          : `Node ${ctx.nodeMajor} from ${app.language.versionSource ?? 'the current LTS default'}; ${variant === 'alpine' ? 'Alpine (musl) like the runtime so native modules match' : 'Debian bookworm-slim (glibc)'}`,
    },
  ];

  // base
  const buildPkgs = nativePackages(app.nativeDeps, 'build');
  const baseInstrs: Instr[] = [{ kind: 'WORKDIR', path: '/app' }, ...packageManagerSetup(ctx)];
  const buildDeps = systemInstall(variant === 'alpine' ? 'alpine' : 'slim', buildPkgs, true);
  if (buildDeps) {
    baseInstrs.push({
      ...buildDeps,
      comment: [
        `Build-only system packages for ${app.nativeDeps
          .filter((d) => d.build.length)
          .map((d) => d.package)
          .join(', ')}; they stay out of the runtime image.`,
      ],
    });
  }
  const tierFeatures = TIER_FEATURES[tier];
  const cross = crossBuild(ctx, shape, tierFeatures.enterprise);
  const toolchainComment =
    runtime === 'bun'
      ? 'Toolchain: Bun and the project’s package manager.'
      : 'Toolchain: Node.js and the project’s package manager.';
  const stages: StageModel[] = [
    {
      from: cross
        ? {
            ...from(images.builder, 'base', [
              toolchainComment,
              'It runs on the build machine’s platform ($BUILDPLATFORM): installs and builds produce JavaScript,',
              'which runs on every target platform, so multi-platform builds need no emulation here.',
            ]),
            platform: '$BUILDPLATFORM',
          }
        : from(images.builder, 'base', [toolchainComment]),
      instructions: baseInstrs,
    },
  ];
  if (cross && shape === 'app-files') {
    // The production install lands in the image: it runs per target platform (pure JavaScript, so it is quick
    // even under emulation), and optional platform-specific packages match the target.
    stages.push({
      from: from(images.builder, 'target-base', [
        'The same toolchain per target platform, for the production install that ships in the image.',
      ]),
      instructions: baseInstrs,
    });
  }

  // deps
  const install: RunInstr = {
    kind: 'RUN',
    mounts: [cacheMount(ctx)],
    commands: [installCommand(ctx, false)],
  };
  const needDeps = hasBuild || withDev || shape === 'whole-app';
  if (needDeps) {
    stages.push({
      from: from('base', 'deps', [
        'All dependencies, from the manifests only, so source edits reuse this layer.',
      ]),
      instructions: [...copyManifests(ctx, []), install],
    });
  }

  // build
  const buildInstrs: Instr[] = [{ kind: 'COPY', sources: ['.'], dest: '.' }];
  const buildCommands: ShellCommand[] = [];
  if (prisma) {
    buildCommands.push(
      execBin(
        ctx,
        'prisma',
        'generate',
        ...(appPath ? ['--schema', posix(appPath, 'prisma/schema.prisma')] : []),
      ),
    );
  }
  if (app.buildCommand)
    buildCommands.push(simpleWords(app.buildCommand) ?? ['sh', '-c', JSON.stringify(app.buildCommand)]);
  if (buildCommands.length) {
    buildInstrs.push({
      kind: 'RUN',
      commands: buildCommands,
      ...(prisma
        ? {
            comment: [
              'Prisma Client is generated at build time; the runtime only needs the engine and openssl.',
            ],
          }
        : {}),
    });
  }
  if (shape === 'next-standalone' || ctx.framework === 'next') {
    buildInstrs.unshift({ kind: 'ENV', vars: [['NEXT_TELEMETRY_DISABLED', '1']] });
  }
  const needBuildStage = hasBuild || shape === 'whole-app';
  if (needBuildStage) {
    stages.push({
      from: from('deps', 'build', [
        hasBuild
          ? 'Build: the source, then the project’s build command.'
          : 'The source on top of the dependencies.',
      ]),
      instructions: buildInstrs,
    });
  }

  // test (tiers 3–4): `docker build --target test`; nothing later depends on it, so BuildKit skips it otherwise
  let test: TestStage | null = null;
  if (tierFeatures.hardenedRuntime) {
    const planned = testStage(ctx, {
      shape,
      scripts,
      startArgs: start.args,
      hasBuild,
      after: needBuildStage ? 'build' : 'deps',
    });
    stages.push(planned.stage);
    test = planned.test;
  }

  // prod-deps
  if (shape === 'app-files') {
    stages.push({
      from: from(cross ? 'target-base' : 'base', 'prod-deps', [
        'Production dependencies only: no devDependencies, no build tools in the image.',
      ]),
      instructions: [
        ...copyManifests(ctx, []),
        { kind: 'RUN', mounts: [cacheMount(ctx)], commands: [installCommand(ctx, true)] },
      ],
    });
  } else if (shape === 'whole-app') {
    const why = ctx.pm.pnp
      ? 'Yarn PnP resolves packages through .pnp.cjs and .yarn/'
      : prisma
        ? 'the generated Prisma Client lives in node_modules'
        : 'workspace packages link to each other inside /app';
    decisions.push({
      topic: 'runtime contents',
      choice: 'the built /app with devDependencies pruned',
      reason: `${why}, so the runtime takes the pruned tree instead of a fresh production install`,
    });
    stages.push({
      from: from('build', 'prod-deps', ['The built tree with devDependencies removed.']),
      instructions: [{ kind: 'RUN', mounts: [cacheMount(ctx)], commands: [pruneCommand(ctx)] }],
    });
  }

  // dev (compose.override.yaml target)
  let dev: DevService | null = null;
  if (withDev) {
    const { command, script, action } = devCommand(ctx, scripts, start);
    const dport = devPort(ctx, script, port ?? 3000);
    const devEnv: [string, string][] = [
      ['NODE_ENV', 'development'],
      ['PATH', `${appPath ? `${ctx.appDir}/node_modules/.bin:` : ''}/app/node_modules/.bin:$PATH`],
    ];
    const debugPort = runtime === 'bun' ? BUN_DEBUG_PORT : DEBUG_PORT;
    const debug =
      app.kind === 'server' &&
      command !== undefined &&
      (runtime === 'node' || command.some((w) => w.startsWith('--inspect')));
    const devInstrs: Instr[] = [
      { kind: 'ENV', vars: devEnv },
      { kind: 'COPY', sources: ['.'], dest: '.' },
    ];
    if (appPath && !runsFromRoot(ctx)) devInstrs.push({ kind: 'WORKDIR', path: ctx.appDir });
    devInstrs.push({ kind: 'EXPOSE', ports: debug ? [dport, debugPort] : [dport] });
    devInstrs.push({ kind: 'CMD', args: command ?? start.args });
    stages.push({
      from: from('deps', 'dev', [
        'Development (compose.override.yaml): all dependencies, source synced by `docker compose watch`.',
      ]),
      instructions: devInstrs,
    });
    const watchRoot = appPath
      ? `./${posix(input.layout.context === '.' ? '' : input.layout.context, appPath)}`
      : input.layout.context === '.'
        ? '.'
        : `./${input.layout.context}`;
    const watch: ComposeWatchRule[] = [
      { action, path: watchRoot, target: ctx.appDir, ignore: ['node_modules/'] },
      {
        action: 'rebuild',
        path: `./${posix(input.layout.context === '.' ? '' : input.layout.context, 'package.json')}`,
      },
    ];
    if (pm.lockfile) watch.push({ action: 'rebuild', path: `./${pm.lockfile}` });
    const environment: Record<string, string> = { NODE_ENV: 'development' };
    if (debug && runtime === 'node') environment.NODE_OPTIONS = `--inspect=0.0.0.0:${DEBUG_PORT}`;
    if (ctx.framework === 'nuxt') environment.HOST = '0.0.0.0';
    const ports = [`${dport}:${dport}`];
    if (debug) ports.push(`127.0.0.1:${debugPort}:${debugPort}`);
    dev = {
      target: 'dev',
      ...(command ? { command } : {}),
      environment,
      ports,
      watch,
      notes: [
        script
          ? `runs \`${script}\` (the dev script) with hot reload`
          : action === 'sync'
            ? 'runs the entry point with `--watch`'
            : 'rebuilds and restarts on each change',
        ...(debug
          ? [
              runtime === 'bun'
                ? `exposes the Bun inspector on 127.0.0.1:${BUN_DEBUG_PORT} (debug.bun.sh)`
                : `exposes the Node inspector on 127.0.0.1:${DEBUG_PORT} (VS Code or chrome://inspect)`,
            ]
          : []),
      ],
    };
  }

  // runtime
  const runtimeInstrs: Instr[] = [];
  const license = licenseLabel(pkg.license, tierFeatures.enterprise, decisions);
  const labels: [string, string][] = [
    ['org.opencontainers.image.title', app.name],
    ...(pkg.description
      ? ([['org.opencontainers.image.description', pkg.description]] as [string, string][])
      : []),
    ['org.opencontainers.image.version', '$VERSION'],
    ['org.opencontainers.image.revision', '$REVISION'],
    ['org.opencontainers.image.source', '$SOURCE_URL'],
    ...(license ? ([['org.opencontainers.image.licenses', license]] as [string, string][]) : []),
  ];
  runtimeInstrs.push(
    {
      kind: 'ARG',
      name: 'VERSION',
      default: pkg.version ?? '0.0.0',
      comment: ['OCI metadata; CI passes --build-arg VERSION=… REVISION=$(git rev-parse HEAD) SOURCE_URL=…'],
    },
    { kind: 'ARG', name: 'REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: pkg.repository ?? '' },
    { kind: 'LABEL', labels },
  );
  if (shape !== 'static') runtimeInstrs.push({ kind: 'WORKDIR', path: '/app' });

  let user: StackPlan['user'] = null;
  let healthcheck: ComposeHealthcheck | null = null;
  const environment: Record<string, string> = {};
  let dataDir: string | null = null;

  if (shape === 'static') {
    const out = app.outputDir ?? 'dist';
    imageChoices.push({
      stage: 'runtime',
      image: NGINX_IMAGE,
      reason: 'static files need no Node at run time; nginx-unprivileged runs as uid 101 and listens on 8080',
    });
    decisions.push({
      topic: 'static runtime',
      choice: 'nginx-unprivileged',
      reason: `the build output (${out}) is static; SPA fallback to index.html${ctx.features.includes('static-export') ? ' is off for a static export' : ''}`,
    });
    runtimeInstrs.push(
      {
        kind: 'COPY',
        sources: [posix(appPath, 'docker/nginx.conf')],
        dest: '/etc/nginx/conf.d/default.conf',
      },
      {
        kind: 'COPY',
        from: 'build',
        sources: [posix('/app', appPath, out) + '/'],
        dest: '/usr/share/nginx/html/',
      },
      {
        kind: 'USER',
        user: NGINX_UID,
        comment: ['nginx-unprivileged’s own user (uid 101) owns its cache and pid paths.'],
      },
      { kind: 'EXPOSE', ports: [NGINX_PORT] },
    );
    user = { name: 'nginx', uid: 101 };
    const test = ['wget', '-q', '--spider', `http://127.0.0.1:${NGINX_PORT}/healthz`];
    if (healthchecks) {
      runtimeInstrs.push(healthcheckInstr(test));
      healthcheck = composeHealthcheck(test);
    }
    runtimeInstrs.push({ kind: 'CMD', args: ['nginx', '-g', 'daemon off;'] });
  } else {
    imageChoices.push({
      stage: 'runtime',
      image: images.runtime,
      reason:
        variant === 'distroless'
          ? 'distroless: the runtime and nothing else (no shell, no package manager), runs as nonroot (65532)'
          : variant === 'alpine'
            ? 'Alpine: the smallest official variant, musl libc (spec default at tier 2)'
            : 'Debian bookworm-slim: glibc for native modules, no compilers',
    });
    environment.NODE_ENV = 'production';
    if (port !== null) environment.PORT = String(port);
    if (ctx.framework === 'next') {
      environment.NEXT_TELEMETRY_DISABLED = '1';
      if (shape === 'next-standalone') environment.HOSTNAME = '0.0.0.0';
    }
    if (['nuxt', 'astro', 'sveltekit'].includes(ctx.framework ?? '')) environment.HOST = '0.0.0.0';
    runtimeInstrs.push({ kind: 'ENV', vars: Object.entries(environment) });
    const runtimePkgs = nativePackages(app.nativeDeps, 'runtime');
    if (variant !== 'distroless') {
      const sys = systemInstall(variant, runtimePkgs);
      if (sys) {
        runtimeInstrs.push({
          ...sys,
          comment: [
            `Run-time libraries for ${app.nativeDeps
              .filter((d) => d.runtime.length)
              .map((d) => d.package)
              .join(', ')}.`,
          ],
        });
      }
    }
    const ownerDir = appPath ? `/app/${appPath}` : '/app';
    const uid = variant === 'distroless' ? '65532' : '1000';
    switch (shape) {
      case 'next-standalone': {
        const base = posix('/app', appPath);
        runtimeInstrs.push(
          {
            kind: 'COPY',
            from: 'build',
            sources: [`${base}/.next/standalone/`],
            dest: './',
            comment: ['Next.js standalone output: server.js plus the traced node_modules it needs.'],
          },
          {
            kind: 'COPY',
            from: 'build',
            sources: [`${base}/.next/static/`],
            dest: `./${posix(appPath, '.next/static')}/`,
          },
        );
        if (input.files.exists(posix(layoutRoot(input), appPath, 'public'))) {
          runtimeInstrs.push({
            kind: 'COPY',
            from: 'build',
            sources: [`${base}/public/`],
            dest: `./${posix(appPath, 'public')}/`,
          });
        }
        break;
      }
      case 'nuxt-output':
        runtimeInstrs.push({
          kind: 'COPY',
          from: 'build',
          sources: [`${posix('/app', appPath)}/.output/`],
          dest: './.output/',
          comment: ['Nuxt’s .output is self-contained (server and its dependencies).'],
        });
        break;
      case 'whole-app':
        runtimeInstrs.push({ kind: 'COPY', from: 'prod-deps', sources: ['/app/'], dest: './' });
        if (appPath && !runsFromRoot(ctx)) runtimeInstrs.push({ kind: 'WORKDIR', path: ownerDir });
        break;
      case 'app-files': {
        runtimeInstrs.push({
          kind: 'COPY',
          from: 'prod-deps',
          sources: ['/app/node_modules/'],
          dest: './node_modules/',
        });
        if (hasBuild) {
          const outputs = buildOutputs(ctx);
          runtimeInstrs.push(
            { kind: 'COPY', sources: [posix(appPath, 'package.json')], dest: './' },
            ...outputs.map(
              (o): CopyInstr => ({
                kind: 'COPY',
                from: 'build',
                sources: [`${posix('/app', appPath, o)}/`],
                dest: `./${o}/`,
              }),
            ),
          );
        } else {
          runtimeInstrs.push({ kind: 'COPY', sources: [appPath ? `${appPath}/` : '.'], dest: '.' });
        }
        break;
      }
    }
    if (app.services.some((s) => s.name === 'sqlite')) {
      dataDir = '/app/data';
      if (variant !== 'distroless') {
        runtimeInstrs.push({
          kind: 'RUN',
          commands: [
            ['mkdir', '-p', dataDir],
            ['chown', `${uid}:${uid}`, dataDir],
          ],
          comment: ['SQLite writes here; compose mounts a named volume on it.'],
        });
      }
    }
    if (nonRoot) {
      runtimeInstrs.push({
        kind: 'USER',
        user: `${uid}:${uid}`,
        comment: [
          variant === 'distroless'
            ? 'distroless nonroot (uid 65532); numeric so Kubernetes runAsNonRoot can verify it.'
            : runtime === 'bun'
              ? 'The image’s unprivileged `bun` user (uid 1000); numeric so runAsNonRoot can verify it.'
              : 'The image’s unprivileged `node` user (uid 1000); numeric so runAsNonRoot can verify it.',
        ],
      });
      user = {
        name: variant === 'distroless' ? 'nonroot' : runtime === 'bun' ? 'bun' : 'node',
        uid: Number(uid),
      };
    }
    if (port !== null) runtimeInstrs.push({ kind: 'EXPOSE', ports: [port] });
    let cmd = start.args;
    const runtimeBinary =
      variant === 'distroless' ? (runtime === 'bun' ? '/usr/local/bin/bun' : '/nodejs/bin/node') : runtime;
    if (healthchecks && port !== null) {
      const test = [runtimeBinary, '-e', probeScript(port, app.healthPath)];
      runtimeInstrs.push(healthcheckInstr(test));
      healthcheck = composeHealthcheck(test);
      if (!app.healthPath) {
        decisions.push({
          topic: 'health check',
          choice: `GET / on port ${port}, healthy below HTTP 500`,
          reason:
            'no health endpoint was found in the code; add one (e.g. /healthz) and pass it to the probe',
        });
      }
    }
    if (variant === 'distroless' && cmd[0] === runtime) cmd = cmd.slice(1);
    // A CLI is run from wherever the user mounts their files (`docker run -w /src …`): absolute script paths.
    if (app.kind === 'cli') cmd = cmd.map((a) => (isScriptPath(a) ? posix(ownerDir, a) : a));
    runtimeInstrs.push({ kind: app.kind === 'cli' ? 'ENTRYPOINT' : 'CMD', args: cmd });
  }

  const runtimeComment = [
    shape === 'static'
      ? 'Runtime: the built files behind unprivileged nginx.'
      : 'Runtime: the image that ships.',
  ];
  stages.push({
    from: from(shape === 'static' ? NGINX_IMAGE : images.runtime, 'runtime', runtimeComment),
    instructions: runtimeInstrs,
  });

  if (ignoredNpmrc) {
    decisions.push({
      topic: '.npmrc',
      choice: 'left out of the build context',
      reason:
        'it holds a registry credential; pass it as a build secret (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc)',
    });
  }
  if (pm.lockfile === null) {
    decisions.push({
      topic: 'lockfile',
      choice: `${pm.name} install without a lockfile`,
      reason: 'no lockfile was found, so installs are not reproducible; commit one and re-run init',
    });
  }

  const platforms = nodePlatforms(ctx, shape, cross);
  const name = app.name;
  const dockerfile: DockerfileModel = {
    syntax: 'docker/dockerfile:1',
    header: [
      `${name}: ${describe(ctx, shape)} (generated by dockwright init, tier ${tier}).`,
      `Build:  docker build${layout.dockerfile === posix(layout.context, 'Dockerfile') || layout.dockerfile === 'Dockerfile' ? '' : ` -f ${layout.dockerfile}`} -t ${imageName(name)} ${layout.context}`,
      port !== null
        ? `Run:    docker run --rm --init -p ${port}:${port} ${imageName(name)}`
        : `Run:    docker run --rm --init ${imageName(name)}`,
      'Needs BuildKit (default since Docker 23) for RUN --mount caches.',
    ],
    globalArgs: [],
    stages,
  };

  const extraFiles: PlannedFile[] = [];
  if (shape === 'static') {
    const site: NginxSiteModel = {
      port: NGINX_PORT,
      root: '/usr/share/nginx/html',
      spaFallback: !ctx.features.includes('static-export') && ctx.framework !== 'astro',
      healthPath: '/healthz',
    };
    extraFiles.push({
      kind: 'nginx',
      path: posix(layoutRoot(input), appPath, 'docker/nginx.conf') || 'docker/nginx.conf',
      model: site,
    });
  }

  return {
    dockerfile,
    ignore: ignoreGroups(ctx, shape),
    finalImage: images.finalImage,
    images: imageChoices,
    user,
    port,
    healthcheck,
    environment,
    dataDir,
    // A distroless probe names its runtime by absolute path (/nodejs/bin/node), which the dev stage lacks.
    dev:
      dev && healthcheck?.test?.[1]?.startsWith('/')
        ? { ...dev, healthcheck: devProbe(dev, healthcheck, runtime, app.healthPath ?? null) }
        : dev,
    extraFiles,
    decisions,
    readme: tierFeatures.hardenedRuntime ? nodeReadme(test, platforms, cross) : [],
    ...(test ? { test } : {}),
    ...(tierFeatures.hardenedRuntime ? { writablePaths: nodeWritablePaths(ctx, shape) } : {}),
    platforms,
  };
}

/**
 * The SPDX license for the OCI label: the package.json `license` when it is a plain identifier. The hardened
 * profile (tier 4) requires the label, so without one it says NOASSERTION (SPDX for "not stated") and a decision
 * asks for the real one.
 */
function licenseLabel(
  license: string | undefined,
  enterprise: boolean,
  decisions: Decision[],
): string | null {
  if (license && /^[A-Za-z0-9.+-]+$/.test(license) && license !== 'UNLICENSED') return license;
  if (!enterprise) return null;
  decisions.push({
    topic: 'license label',
    choice: 'org.opencontainers.image.licenses=NOASSERTION',
    reason: `package.json ${license ? `says "${license}", which is not an SPDX identifier` : 'has no "license"'}; set it (e.g. "MIT", or "LicenseRef-Proprietary") and re-run init so scanners and SBOMs report it`,
  });
  return 'NOASSERTION';
}

function nodeReadme(test: TestStage | null, platforms: readonly string[], cross: boolean): string[] {
  return [
    ...(test
      ? [
          `\`docker build --target test .\` runs \`${test.command}\` in the \`test\` stage (${test.reason}). The runtime image does not depend on it; CI builds it before pushing.`,
        ]
      : []),
    `Platforms the base images publish: ${platforms.join(', ')}.${cross ? ' Multi-platform builds run the install and build stages on the build machine ($BUILDPLATFORM) and only the runtime per target.' : ''}`,
  ];
}

function layoutRoot(input: StackInput): string {
  return input.layout.context === '.' ? '' : input.layout.context;
}

/** Nx builds into the workspace's dist/ and runs from the root. */
function runsFromRoot(ctx: Ctx): boolean {
  return ctx.input.facts.monorepo?.tools.includes('nx') === true && ctx.framework === null;
}

/** `bin/cli.js`, `server/index.mjs`: a relative script path in a start command. */
function isScriptPath(arg: string): boolean {
  return /^[\w@][\w.@-]*\/[\w./@-]+\.[cm]?[jt]s$/.test(arg) && !arg.startsWith('node_modules/');
}

function buildOutputs(ctx: Ctx): string[] {
  const { app } = ctx;
  const out = app.outputDir ?? 'dist';
  const outputs = [out];
  // Entry scripts outside the build output (a CLI's `bin/cli.js` importing `dist/`) must ship too.
  for (const arg of (app.startCommand ?? '').split(/\s+/)) {
    const top = arg.split('/')[0]!;
    if (isScriptPath(arg) && !outputs.includes(top)) outputs.push(top);
  }
  if (ctx.framework === 'next') {
    outputs.splice(0, 1, '.next');
    const root = layoutRoot(ctx.input);
    if (ctx.input.files.exists(posix(root, ctx.appPath, 'public'))) outputs.push('public');
  }
  return outputs;
}

function describe(ctx: Ctx, shape: Shape): string {
  const fw = ctx.app.framework?.name;
  const what =
    shape === 'static'
      ? `${fw ?? 'static'} site`
      : `${fw ? `${fw} ` : ''}${ctx.app.kind === 'server' ? 'server' : ctx.app.kind}`;
  return `${what} on ${ctx.runtime === 'bun' ? 'Bun' : 'Node.js'} with ${ctx.pm.name}${ctx.pm.berry ? ' (berry)' : ''}`;
}

export function imageName(name: string): string {
  return (
    name
      .replace(/^@/, '')
      .replace(/[^a-z0-9._/-]+/gi, '-')
      .replace(/\//g, '-')
      .toLowerCase()
      .replace(/^[-._]+|[-._]+$/g, '') || 'app'
  );
}

/**
 * The dev container's probe when the runtime image is distroless: the dev stage has `node`/`bun` on PATH but not
 * `/nodejs/bin/node`, and serves on the dev port.
 */
function devProbe(
  dev: DevService,
  prod: ComposeHealthcheck,
  runtime: string,
  healthPath: string | null,
): ComposeHealthcheck {
  const devPort = Number(/^(?:[\d.]+:)?(\d+):/.exec(dev.ports[0] ?? '')?.[1]);
  const test = ['CMD', runtime, '-e', probeScript(Number.isInteger(devPort) ? devPort : 3000, healthPath)];
  return { ...prod, test };
}

function healthcheckInstr(test: readonly string[]): HealthcheckInstr {
  return {
    kind: 'HEALTHCHECK',
    interval: '30s',
    timeout: '5s',
    startPeriod: '20s',
    retries: 3,
    cmd: test,
    comment: ['The probe uses a binary the image ships; no curl or wget needed.'],
  };
}

function composeHealthcheck(test: readonly string[]): ComposeHealthcheck {
  return { test: ['CMD', ...test], interval: '30s', timeout: '5s', retries: 3, start_period: '20s' };
}

function ignoreGroups(ctx: Ctx, shape: Shape): DockerignoreModel['groups'] {
  const at = (p: string) => (ctx.input.facts.monorepo && ctx.input.layout.context === '.' ? `**/${p}` : p);
  const outputs = new Set<string>([
    '.next',
    '.nuxt',
    '.output',
    '.svelte-kit',
    '.astro',
    '.turbo',
    '.cache',
    '.parcel-cache',
    '.vercel',
    '.netlify',
  ]);
  if (ctx.app.buildCommand || shape === 'static') outputs.add(ctx.app.outputDir?.split('/')[0] ?? 'dist');
  outputs.delete('.');
  const patterns = [
    at('node_modules'),
    'npm-debug.log*',
    'yarn-debug.log*',
    'yarn-error.log*',
    '.pnpm-store',
    '.npm',
    'coverage',
    '.nyc_output',
  ];
  if (ctx.pm.berry) patterns.push('.yarn/cache', '.yarn/install-state.gz', '.pnp.*');
  const out: DockerignoreModel['groups'][number][] = [
    { title: 'Dependencies are installed in the image, never copied from the host', patterns },
    {
      title: 'Build output and framework caches (rebuilt in the image)',
      patterns: [...outputs].sort().map(at),
    },
  ];
  if (manifests(ctx).ignoredNpmrc)
    out.push({ title: 'Registry credentials (use a build secret)', patterns: ['.npmrc'] });
  return out;
}

export const nodeStack: Stack = {
  id: 'node',
  languages: ['node', 'bun'],
  plan: planNode,
};
