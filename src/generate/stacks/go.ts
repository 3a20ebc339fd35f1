import type { ComposeWatchRule } from '../model/compose.js';
import type {
  CopyInstr,
  DockerfileModel,
  Instr,
  RunMount,
  ShellCommand,
  StageModel,
} from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type {
  BaseImageChoice,
  Decision,
  DevService,
  FinalImage,
  Stack,
  StackInput,
  StackPlan,
  TestStage,
} from '../types.js';
import {
  binaryRuntimeStage,
  foreignDependencyGroup,
  fromStage,
  header,
  type Metadata,
  NONROOT_UID,
  ociLabels,
  posixJoin,
  RELEASE_PLATFORMS,
  releaseReadme,
  requestedFinalImage,
  testStage,
} from './go-rust-common.js';
import { imageName } from './node.js';

/**
 * Go: one binary per image. Stages: `base` (the Go toolchain on the build machine's platform) → `deps`
 * (`go mod download` from go.mod/go.sum, or the vendor/ tree) → `build` (cross-compiled, static, stripped) →
 * `dev` (compose.override target: Delve on 2345) → `runtime` (distroless static or scratch; distroless base for
 * cgo). Multiple mains (`cmd/*`) are separate apps (`--app`); a go.work workspace builds from its root.
 */

const ALPINE_IMAGE = 'alpine:3.22';
const DEBUG_PORT = 2345;
const MOD_CACHE: RunMount = { type: 'cache', target: '/go/pkg/mod', sharing: 'locked' };
const BUILD_CACHE: RunMount = { type: 'cache', target: '/root/.cache/go-build' };

type Runtime = 'distroless' | 'scratch' | 'alpine';

/** Delve releases support the two Go releases before them. */
function delveVersion(goVersion: string): string {
  const minor = Number(/^1\.(\d+)/.exec(goVersion)?.[1] ?? '23');
  return minor >= 24 ? 'v1.25.1' : 'v1.23.1';
}

function readGoMod(input: StackInput, dir: string): { module?: string } {
  const text = input.files.readText(posixJoin(dir, 'go.mod'));
  const module = text ? /^module\s+(\S+)/m.exec(text)?.[1] : undefined;
  return module ? { module } : {};
}

function metadata(module: string | undefined): Metadata {
  if (!module) return {};
  const m = /^(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)\/([^/]+)\/([^/]+)/.exec(module);
  return m ? { repository: `https://${m[1]}/${m[2]}/${m[3]}` } : {};
}

function chooseRuntime(
  requested: FinalImage | undefined,
  cgo: boolean,
  decisions: Decision[],
): { runtime: Runtime; finalImage: FinalImage; image: string } {
  let runtime: Runtime = 'distroless';
  if (requested === 'scratch' || requested === 'alpine') runtime = requested;
  if (requested === 'official' || requested === 'slim') {
    decisions.push({
      topic: 'final image',
      choice: 'distroless instead of an OS image',
      reason: `a Go binary needs no OS userland; the official golang image is the ~800 MB toolchain, and ${requested === 'slim' ? 'a slim Debian' : 'it'} would only add a shell and a package manager`,
    });
  }
  if (cgo && runtime !== 'distroless') {
    decisions.push({
      topic: 'final image',
      choice: 'distroless base (glibc) instead of ' + runtime,
      reason: 'the binary links glibc through cgo; scratch has no libc and Alpine has musl',
    });
    runtime = 'distroless';
  }
  const image =
    runtime === 'scratch'
      ? 'scratch'
      : runtime === 'alpine'
        ? ALPINE_IMAGE
        : cgo
          ? 'gcr.io/distroless/base-debian12:nonroot'
          : 'gcr.io/distroless/static-debian12:nonroot';
  return { runtime, finalImage: runtime, image };
}

function planGo(input: StackInput): StackPlan {
  const { app, layout, tier, files, facts } = input;
  const decisions: Decision[] = [];
  const ctxRoot = layout.context === '.' ? '' : layout.context;
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const inCtx = (p: string) => posixJoin(ctxRoot, p);
  const version = app.language.version || '1.23';
  const cgo = app.nativeDeps.some((d) => d.ecosystem === 'go');
  const vendored = app.packageManager?.vendored === true;
  const workspace = files.exists(inCtx('go.work'));
  const bin = /(?:^|\/)bin\/([^/\s]+)$/.exec(app.startCommand ?? '')?.[1] ?? imageName(app.name);
  const targetRel = posixJoin(appPath, (app.entry ?? '.').replace(/^\.\/?/, '')).replace(/\/$/, '');
  const target = targetRel ? `./${targetRel}` : '.';
  const port = app.kind === 'server' ? (input.options.port ?? app.port ?? 8080) : null;
  const withDev = tier >= 2 || input.options.compose === true;
  const healthchecks = tier >= 2;
  const {
    runtime,
    finalImage,
    image: runtimeImage,
  } = chooseRuntime(requestedFinalImage(input), cgo, decisions);
  const builderImage = cgo ? `golang:${version}-bookworm` : `golang:${version}-alpine`;
  const crossCompile = !cgo;

  const images: BaseImageChoice[] = [
    {
      stage: 'base',
      image: builderImage,
      reason: `Go ${version} from ${app.language.versionSource ?? 'the current default'}; ${cgo ? 'Debian bookworm: gcc and glibc for cgo' : 'Alpine: the smallest toolchain image, runs on the build machine and cross-compiles'}`,
    },
    {
      stage: 'runtime',
      image: runtimeImage,
      reason:
        runtime === 'scratch'
          ? 'scratch: nothing but the binary, CA certificates, a passwd entry and the embedded time zone database'
          : runtime === 'alpine'
            ? 'Alpine, as requested: a shell and BusyBox next to the binary'
            : cgo
              ? 'distroless base: glibc for the cgo binary, CA certificates and tzdata, no shell, nonroot (65532)'
              : 'distroless static: CA certificates, tzdata and a nonroot user (65532), no shell or package manager',
    },
  ];
  if (cgo) {
    const why = app.nativeDeps.filter((d) => d.ecosystem === 'go').map((d) => d.package);
    decisions.push({
      topic: 'cgo',
      choice: 'CGO_ENABLED=1, built natively for each platform',
      reason: `${why.join(', ')} needs cgo; cross-compiling C needs a cross toolchain, so multi-platform builds run the build stage under emulation`,
    });
  } else {
    decisions.push({
      topic: 'build',
      choice: 'CGO_ENABLED=0, cross-compiled with GOOS/GOARCH from TARGETOS/TARGETARCH',
      reason:
        'a static binary runs on distroless static or scratch, and the build stage runs natively on the build machine even for other platforms',
    });
  }

  // base
  const stages: StageModel[] = [
    {
      from: fromStage(
        builderImage,
        'base',
        [
          crossCompile
            ? 'Toolchain on the build machine’s platform; the build stage cross-compiles for the target.'
            : 'Toolchain with gcc and glibc for cgo.',
        ],
        crossCompile ? '$BUILDPLATFORM' : undefined,
      ),
      instructions: [
        { kind: 'WORKDIR', path: '/src' },
        { kind: 'ENV', vars: [['CGO_ENABLED', cgo ? '1' : '0']] },
      ],
    },
  ];

  // deps
  const depInstrs: Instr[] = [];
  const rootFiles = ['go.mod', 'go.sum'].filter((f) => files.exists(inCtx(posixJoin(appPath, f))));
  if (workspace) {
    const ws = ['go.work', 'go.work.sum'].filter((f) => files.exists(inCtx(f)));
    depInstrs.push({
      kind: 'COPY',
      sources: ws,
      dest: './',
      comment: ['The workspace and every module’s manifests.'],
    });
    const members = facts.monorepo?.members ?? [appPath];
    for (const m of members) {
      const rel = ctxRoot && m.startsWith(`${ctxRoot}/`) ? m.slice(ctxRoot.length + 1) : m;
      const mf = ['go.mod', 'go.sum'].filter((f) => files.exists(inCtx(posixJoin(rel, f))));
      if (mf.length)
        depInstrs.push({ kind: 'COPY', sources: mf.map((f) => posixJoin(rel, f)), dest: `./${rel}/` });
    }
  } else {
    depInstrs.push({
      kind: 'COPY',
      sources: rootFiles.map((f) => posixJoin(appPath, f)),
      dest: appPath ? `./${appPath}/` : './',
    });
  }
  if (vendored) {
    depInstrs.push({
      kind: 'COPY',
      sources: [`${posixJoin(appPath, 'vendor')}/`],
      dest: `./${posixJoin(appPath, 'vendor')}/`,
      comment: ['Vendored modules (vendor/modules.txt): the build uses -mod=vendor and downloads nothing.'],
    });
    decisions.push({
      topic: 'modules',
      choice: 'vendor/ with -mod=vendor',
      reason: 'the project vendors its modules; the build reads them from the context and needs no network',
    });
  } else {
    depInstrs.push({
      kind: 'RUN',
      mounts: [MOD_CACHE],
      commands: [['go', 'mod', 'download']],
      ...(workspace
        ? { comment: ['Workspace mode: downloads the modules of every module in go.work.'] }
        : {}),
    });
  }
  stages.push({
    from: fromStage('base', 'deps', ['Modules from the manifests only, so source edits reuse this layer.']),
    instructions: depInstrs,
  });

  // build
  const buildFlags = [
    ...(vendored ? ['-mod=vendor'] : []),
    '-trimpath',
    ...(runtime === 'scratch' ? ['-tags', 'timetzdata'] : []),
    '-ldflags="-s -w"',
  ];
  const buildCmd: ShellCommand = [
    ...(crossCompile ? ['GOOS=$TARGETOS', 'GOARCH=$TARGETARCH'] : []),
    'go',
    'build',
    ...buildFlags,
    '-o',
    `/out/${bin}`,
    target,
  ];
  const buildCommands: ShellCommand[] = [buildCmd];
  const dataDir = app.services.some((s) => s.name === 'sqlite') ? '/app/data' : null;
  if (dataDir) buildCommands.push(['mkdir', '-p', '/out/data']);
  if (runtime === 'scratch') {
    buildCommands.push(
      [
        'echo',
        `'nonroot:x:${NONROOT_UID}:${NONROOT_UID}:nonroot:/nonexistent:/sbin/nologin'`,
        '>',
        '/out/passwd',
      ],
      ['echo', `'nonroot:x:${NONROOT_UID}:'`, '>', '/out/group'],
    );
  }
  const buildInstrs: Instr[] = [];
  if (crossCompile) {
    buildInstrs.push({ kind: 'ARG', name: 'TARGETOS' }, { kind: 'ARG', name: 'TARGETARCH' });
  }
  buildInstrs.push(
    { kind: 'COPY', sources: ['.'], dest: '.' },
    {
      kind: 'RUN',
      mounts: [MOD_CACHE, BUILD_CACHE],
      commands: buildCommands,
      comment: [
        `Static, stripped (-s -w), reproducible paths (-trimpath)${runtime === 'scratch' ? ', time zone database embedded (timetzdata)' : ''}.`,
      ],
    },
  );
  stages.push({
    from: fromStage('deps', 'build', ['Build: the source, then one binary for the target platform.']),
    instructions: buildInstrs,
  });

  const features = TIER_FEATURES[tier];
  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    // `./...` at a go.work root that is not a module fails ("directory prefix . does not contain modules listed
    // in go.work", checked with Go 1.19), so a workspace names every member's packages.
    const members = workspace
      ? (facts.monorepo?.members ?? [appPath])
          .map((m) => (ctxRoot && m.startsWith(`${ctxRoot}/`) ? m.slice(ctxRoot.length + 1) : m))
          .filter((m) => files.exists(inCtx(posixJoin(m, 'go.mod'))))
          .sort()
      : [];
    const planned = goTestStage({ appPath, members, vendored, cgo });
    stages.push(planned.stage);
    test = planned.test;
    decisions.push({ topic: 'test stage', choice: `\`${test.command}\``, reason: test.reason });
  }

  const environment: Record<string, string> = {};
  if (port !== null && app.env.some((e) => e.name === 'PORT')) environment.PORT = String(port);

  // dev
  let dev: DevService | null = null;
  if (withDev) {
    const dlv = delveVersion(version);
    const debug = app.kind !== 'cli';
    const devInstrs: Instr[] = [];
    if (Object.keys(environment).length) devInstrs.push({ kind: 'ENV', vars: Object.entries(environment) });
    if (debug) {
      devInstrs.push({
        kind: 'RUN',
        mounts: [MOD_CACHE, BUILD_CACHE],
        commands: [['go', 'install', `github.com/go-delve/delve/cmd/dlv@${dlv}`]],
        comment: [`Delve ${dlv}, the Go debugger.`],
      });
    }
    devInstrs.push(
      { kind: 'COPY', sources: ['.'], dest: '.' },
      {
        kind: 'RUN',
        mounts: [MOD_CACHE, BUILD_CACHE],
        commands: [
          [
            'go',
            'build',
            ...(vendored ? ['-mod=vendor'] : []),
            ...(debug ? ['-gcflags="all=-N -l"'] : []),
            '-o',
            '/out/dev-bin',
            target,
          ],
        ],
        comment: [
          debug
            ? 'Unoptimised, with symbols, for Delve; the cache mounts keep each rebuild incremental.'
            : 'The cache mounts keep each rebuild incremental.',
        ],
      },
    );
    if (port !== null || debug)
      devInstrs.push({
        kind: 'EXPOSE',
        ports: [...(port !== null ? [port] : []), ...(debug ? [DEBUG_PORT] : [])],
      });
    devInstrs.push({
      kind: debug ? 'CMD' : 'ENTRYPOINT',
      args: debug
        ? [
            'dlv',
            'exec',
            '--headless',
            `--listen=:${DEBUG_PORT}`,
            '--api-version=2',
            '--accept-multiclient',
            '--continue',
            '/out/dev-bin',
          ]
        : ['/out/dev-bin'],
    });
    stages.push({
      from: fromStage('deps', 'dev', [
        'Development (compose.override.yaml): a debug build under Delve; `docker compose watch` rebuilds it on each change.',
      ]),
      instructions: devInstrs,
    });
    const watch: ComposeWatchRule[] = [
      { action: 'rebuild', path: ctxRoot ? `./${ctxRoot}` : '.', ignore: ['bin/'] },
    ];
    dev = {
      target: 'dev',
      environment: { GOTRACEBACK: 'all' },
      ports: [
        ...(port !== null ? [`${port}:${port}`] : []),
        ...(debug ? [`127.0.0.1:${DEBUG_PORT}:${DEBUG_PORT}`] : []),
      ],
      watch,
      notes: [
        debug
          ? `runs a debug build under Delve, rebuilt on each change (Go has no in-place reload); attach to 127.0.0.1:${DEBUG_PORT} (VS Code "Go: Connect to server", GoLand "Go Remote")`
          : 'is rebuilt on each change (Go has no in-place reload)',
      ],
    };
    decisions.push({
      topic: 'development loop',
      choice: '`develop.watch` rebuild of the dev stage',
      reason:
        'a compiled binary cannot be hot-reloaded; rebuilding the dev stage with the module and build caches mounted recompiles only what changed',
    });
  }

  // runtime
  const rt: Instr[] = [
    ...ociLabels(
      app,
      metadata(readGoMod(input, appPath ? inCtx(appPath) : ctxRoot).module),
      features.enterprise,
    ),
  ];
  if (Object.keys(environment).length) rt.push({ kind: 'ENV', vars: Object.entries(environment) });
  if (runtime === 'alpine') {
    rt.push({
      kind: 'RUN',
      commands: [['apk', 'add', '--no-cache', 'ca-certificates', 'tzdata']],
      comment: ['CA certificates for TLS and the time zone database.'],
    });
  }
  if (runtime === 'scratch') {
    rt.push(
      {
        kind: 'COPY',
        from: 'build',
        sources: ['/etc/ssl/certs/ca-certificates.crt'],
        dest: '/etc/ssl/certs/',
        comment: ['scratch is empty: CA certificates for TLS and a passwd entry for the nonroot user.'],
      },
      { kind: 'COPY', from: 'build', sources: ['/out/passwd', '/out/group'], dest: '/etc/' },
    );
  }
  rt.push({ kind: 'WORKDIR', path: '/app' });
  const binCopy: CopyInstr = { kind: 'COPY', from: 'build', sources: [`/out/${bin}`], dest: `/app/${bin}` };
  rt.push(binCopy);
  if (dataDir) {
    rt.push({
      kind: 'COPY',
      from: 'build',
      chown: `${NONROOT_UID}:${NONROOT_UID}`,
      sources: ['/out/data/'],
      dest: `${dataDir}/`,
      comment: ['SQLite writes here, owned by the nonroot user; compose mounts a named volume on it.'],
    });
  }
  const finished = binaryRuntimeStage({
    instructions: rt,
    image: runtimeImage,
    runtime,
    bin,
    port,
    healthPath: app.healthPath,
    kind: app.kind,
    probe: healthchecks,
    decisions,
  });
  stages.push(finished.stage);
  const healthcheck = finished.healthcheck;

  const what = `${app.framework ? `${app.framework.name} ` : ''}${app.kind} in Go ${version}${cgo ? ' (cgo)' : ''}`;
  const dockerfile: DockerfileModel = {
    syntax: 'docker/dockerfile:1',
    header: header(
      input,
      what,
      imageName(app.name),
      port,
      crossCompile ? ['Multi-platform: docker buildx build --platform linux/amd64,linux/arm64 …'] : [],
    ),
    globalArgs: [],
    stages,
  };

  // Cross-compiled builds run natively for each target; a cgo build runs under emulation (decision above).
  const platforms = features.hardenedRuntime ? [...RELEASE_PLATFORMS] : undefined;
  if (features.enterprise) {
    decisions.push({
      topic: 'platforms',
      choice: RELEASE_PLATFORMS.join(', '),
      reason: crossCompile
        ? 'the toolchain stage runs on the build machine ($BUILDPLATFORM) and cross-compiles with GOOS/GOARCH, so no platform is emulated; every final base image publishes both'
        : 'cgo needs a C toolchain for the target, so each platform’s build stage runs under QEMU emulation (slower, same result); every base image publishes both',
    });
  }

  const mono = facts.monorepo !== null && layout.context === '.';
  const at = (p: string) => (mono ? `**/${p}` : p);
  return {
    dockerfile,
    ignore: [
      {
        title: 'Build output and test artefacts (the binary is built in the image)',
        patterns: [at('bin'), at('dist'), '**/*.test', '**/*.out', '**/coverage.*', at('__debug_bin*')],
      },
      foreignDependencyGroup(mono),
    ],
    finalImage,
    images,
    user: { name: 'nonroot', uid: NONROOT_UID },
    port,
    healthcheck,
    environment,
    dataDir,
    dev,
    extraFiles: [],
    decisions,
    readme: test ? releaseReadme(test, platforms) : [],
    ...(test ? { test, writablePaths: [], platforms } : {}),
  };
}

/**
 * `go vet` then `go test` over every package of the module (the whole workspace with go.work), natively on the
 * build machine. Packages without _test.go files are still compiled and vetted, so a project without tests gets
 * the cheapest meaningful check from the same command (ProjectFiles cannot list directories to tell them apart).
 * `-race` needs cgo, so it is only added when the build already links C.
 */
function goTestStage(o: { appPath: string; members: readonly string[]; vendored: boolean; cgo: boolean }): {
  stage: StageModel;
  test: TestStage;
} {
  const mod = o.vendored ? ['-mod=vendor'] : [];
  const workspace = o.members.length > 0;
  const patterns = workspace ? o.members.map((m) => `./${m}/...`) : ['./...'];
  const vet: ShellCommand = ['go', 'vet', ...mod, ...patterns];
  const run: ShellCommand = ['go', 'test', ...mod, ...(o.cgo ? ['-race'] : []), ...patterns];
  const instructions: Instr[] = [];
  // A module below the context root (no go.work) is tested from its own directory, where go.mod is.
  if (o.appPath && !workspace) instructions.push({ kind: 'WORKDIR', path: `/src/${o.appPath}` });
  instructions.push({ kind: 'RUN', mounts: [MOD_CACHE, BUILD_CACHE], commands: [vet, run] });
  const command = `${vet.join(' ')} && ${run.join(' ')}`;
  return {
    stage: testStage('build', instructions, 'go vet and the Go tests'),
    test: {
      stage: 'test',
      command,
      reason: `go vet, then go test over ${workspace ? 'every module of the go.work workspace' : 'every package of the module'}${o.cgo ? ' with the race detector (cgo is on)' : ''}; packages without _test.go files are compiled and vetted, the cheapest check that still fails on broken code`,
    },
  };
}

export const goStack: Stack = {
  id: 'go',
  languages: ['go'],
  plan: planGo,
};
