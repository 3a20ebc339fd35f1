import type { ComposeWatchRule } from '../model/compose.js';
import type { DockerfileModel, Instr, RunMount, ShellCommand, StageModel } from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type {
  BaseImageChoice,
  Decision,
  DevService,
  ProjectFiles,
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
 * Rust: one binary per image. Stages: `base` (rustup image; musl on Alpine for a static binary, or glibc on
 * Debian when a crate links a system library such as OpenSSL) → `deps` (the manifests plus stub sources, built
 * once so every dependency is compiled into a cached layer) → `build` (the real source) → `dev` → `runtime`
 * (distroless static or scratch for musl, distroless cc for glibc). Workspaces build one member with `-p`.
 */

const ALPINE_IMAGE = 'alpine:3.22';
const REGISTRY: RunMount = { type: 'cache', target: '/usr/local/cargo/registry', sharing: 'locked' };
const GIT: RunMount = { type: 'cache', target: '/usr/local/cargo/git', sharing: 'locked' };
/** Run-time packages distroless cc already ships (glibc, libgcc, libssl, CA certificates). */
const IN_DISTROLESS_CC = new Set(['libssl3', 'ca-certificates', 'libgcc-s1', 'libc6', 'openssl']);

type Runtime = 'distroless' | 'scratch' | 'alpine' | 'slim';

function cargoPackage(text: string | undefined): Metadata {
  if (!text) return {};
  const section = /^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const field = (k: string) => new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, 'm').exec(section)?.[1];
  const version = field('version');
  const description = field('description');
  const license = field('license');
  const repository = field('repository');
  return {
    ...(version ? { version } : {}),
    ...(description ? { description } : {}),
    ...(license ? { license } : {}),
    ...(repository ? { repository } : {}),
  };
}

function planRust(input: StackInput): StackPlan {
  const { app, layout, tier, files, facts } = input;
  const decisions: Decision[] = [];
  const ctxRoot = layout.context === '.' ? '' : layout.context;
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const inCtx = (p: string) => posixJoin(ctxRoot, p);
  const version = app.language.version || '1.89';
  const native = app.nativeDeps.filter((d) => d.ecosystem === 'cargo');
  const glibc = native.length > 0;
  const locked = app.packageManager?.lockfile != null;
  const pkg = /(?:^|\s)-p\s+(\S+)/.exec(app.buildCommand ?? '')?.[1];
  const bin = /target\/release\/([^/\s]+)$/.exec(app.startCommand ?? '')?.[1] ?? imageName(app.name);
  const port = app.kind === 'server' ? (input.options.port ?? app.port ?? 8080) : null;
  const withDev = tier >= 2 || input.options.compose === true;
  const cargoFlags = ['--release', ...(locked ? ['--locked'] : []), ...(pkg ? ['-p', pkg] : [])];

  // final image
  const requested = requestedFinalImage(input);
  let runtime: Runtime = requested === 'scratch' || requested === 'alpine' ? requested : 'distroless';
  if (requested === 'official' || requested === 'slim') {
    decisions.push({
      topic: 'final image',
      choice: 'distroless instead of an OS image',
      reason: 'a Rust binary needs no OS userland; the official rust image is the toolchain (~1.5 GB)',
    });
  }
  const runtimePkgs = [...new Set(native.flatMap((d) => d.runtime))].sort();
  if (glibc && runtime !== 'distroless') {
    decisions.push({
      topic: 'final image',
      choice: `distroless cc (glibc) instead of ${runtime}`,
      reason: `${native.map((d) => d.package).join(', ')} links a system library dynamically against glibc`,
    });
    runtime = 'distroless';
  }
  const missing = runtimePkgs.filter((p) => !IN_DISTROLESS_CC.has(p));
  if (glibc && missing.length) {
    decisions.push({
      topic: 'final image',
      choice: 'Debian bookworm-slim instead of distroless',
      reason: `run-time libraries ${missing.join(', ')} are not in distroless cc`,
    });
    runtime = 'slim';
  }
  const runtimeImage =
    runtime === 'scratch'
      ? 'scratch'
      : runtime === 'alpine'
        ? ALPINE_IMAGE
        : runtime === 'slim'
          ? 'debian:bookworm-slim'
          : glibc
            ? 'gcr.io/distroless/cc-debian12:nonroot'
            : 'gcr.io/distroless/static-debian12:nonroot';
  const builderImage = glibc ? `rust:${version}-slim-bookworm` : `rust:${version}-alpine`;
  if (glibc) {
    decisions.push({
      topic: 'libc',
      choice: 'glibc (Debian) build',
      reason: `${native.map((d) => `${d.package} (${d.reason})`).join(', ')}: a musl static build would need the library built for musl too`,
    });
  } else {
    decisions.push({
      topic: 'libc',
      choice: 'musl, statically linked',
      reason:
        'no crate links a system library, so the Alpine (musl) toolchain gives a static binary for distroless static or scratch',
    });
  }
  decisions.push({
    topic: 'dependency caching',
    choice: 'stub build of the manifests in `deps`',
    reason:
      'cargo-chef is a separate install; building the manifests with stub sources compiles every dependency into a cached layer the same way',
  });
  const features = TIER_FEATURES[tier];
  decisions.push({
    topic: 'multi-platform',
    choice: features.enterprise
      ? `built natively per platform (${RELEASE_PLATFORMS.join(', ')}) under QEMU emulation`
      : 'built natively per platform',
    reason: features.enterprise
      ? 'cross-compiling would need, per target, the rustup target’s standard library and a C cross toolchain with a sysroot for the crates that compile C (ring, openssl-sys …), e.g. tonistiigi/xx; that cannot be verified offline, so each platform builds the same Dockerfile under emulation: slower, but the result is the native build. rust:*-alpine publishes only amd64 and arm64'
      : 'cross-linking Rust needs a per-target linker and C toolchain; buildx runs the build under emulation instead',
  });
  const images: BaseImageChoice[] = [
    {
      stage: 'base',
      image: builderImage,
      reason: `Rust ${version} from ${app.language.versionSource ?? 'the current stable default'}; ${glibc ? 'Debian slim with the -dev packages the crates link' : 'Alpine: musl, so the binary links statically'}`,
    },
    {
      stage: 'runtime',
      image: runtimeImage,
      reason:
        runtime === 'scratch'
          ? 'scratch: nothing but the binary, CA certificates, tzdata and a passwd entry'
          : runtime === 'alpine'
            ? 'Alpine, as requested: a shell and BusyBox next to the binary'
            : runtime === 'slim'
              ? 'Debian slim with the run-time libraries the crates link'
              : glibc
                ? 'distroless cc: glibc, libgcc and libssl for the dynamically linked binary, no shell, nonroot (65532)'
                : 'distroless static: CA certificates, tzdata and a nonroot user (65532), no shell or package manager',
    },
  ];

  // base
  const baseInstrs: Instr[] = [];
  if (glibc) {
    const build = [...new Set(native.flatMap((d) => d.build))].sort();
    baseInstrs.push({
      kind: 'RUN',
      mounts: [
        { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
        { type: 'cache', target: '/var/lib/apt', sharing: 'locked' },
      ],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', ...build],
      ],
      comment: [`Build-only packages for ${native.map((d) => d.package).join(', ')}.`],
    });
  } else {
    baseInstrs.push({
      kind: 'RUN',
      commands: [
        [
          'apk',
          'add',
          '--no-cache',
          'musl-dev',
          ...(runtime === 'scratch' ? ['ca-certificates', 'tzdata'] : []),
        ],
      ],
    });
  }
  baseInstrs.push(
    { kind: 'WORKDIR', path: '/app' },
    {
      kind: 'ENV',
      vars: [['CARGO_PROFILE_RELEASE_STRIP', 'symbols']],
      comment: ['Stripped release binaries.'],
    },
  );
  const stages: StageModel[] = [
    { from: fromStage(builderImage, 'base', ['Toolchain: rustup’s Rust image.']), instructions: baseInstrs },
  ];

  // deps: manifests + stub sources
  const lock = files.exists(inCtx('Cargo.lock')) ? ['Cargo.lock'] : [];
  const depInstrs: Instr[] = [{ kind: 'COPY', sources: ['Cargo.toml', ...lock], dest: './' }];
  const crates: string[] = [];
  const workspace = facts.monorepo?.tools.includes('cargo-workspace') === true && layout.context === '.';
  if (workspace) {
    for (const m of facts.monorepo?.members ?? []) {
      if (!files.exists(inCtx(posixJoin(m, 'Cargo.toml')))) continue;
      depInstrs.push({ kind: 'COPY', sources: [posixJoin(m, 'Cargo.toml')], dest: `./${m}/` });
      crates.push(m);
    }
  } else {
    crates.push(appPath);
    if (appPath)
      depInstrs.push({ kind: 'COPY', sources: [posixJoin(appPath, 'Cargo.toml')], dest: `./${appPath}/` });
  }
  const buildScripts = crates.map((c) => posixJoin(c, 'build.rs')).filter((f) => files.exists(inCtx(f)));
  for (const f of buildScripts) {
    depInstrs.push({
      kind: 'COPY',
      sources: [f],
      dest: `./${f}`,
      comment: ['The build script runs with the dependencies (it is real source, not a stub).'],
    });
  }
  const mains: string[] = [];
  const libs: string[] = [];
  for (const c of crates) {
    const main = posixJoin(c, 'src/main.rs');
    const lib = posixJoin(c, 'src/lib.rs');
    if (files.exists(inCtx(lib))) libs.push(lib);
    if (files.exists(inCtx(main)) || !files.exists(inCtx(lib))) mains.push(main);
  }
  const stubs = [...mains, ...libs];
  const stubCommands: ShellCommand[] = [
    ['mkdir', '-p', ...[...new Set(stubs.map((s) => s.slice(0, s.lastIndexOf('/'))))]],
    ...mains.map((m): ShellCommand => ['echo', "'fn main() {}'", '>', m]),
    ...(libs.length ? [['touch', ...libs]] : []),
    ['cargo', 'build', ...cargoFlags],
  ];
  depInstrs.push({
    kind: 'RUN',
    mounts: [REGISTRY, GIT],
    commands: stubCommands,
    comment: [
      'Stub sources so cargo compiles only the dependencies; this layer is reused until a manifest changes.',
    ],
  });
  stages.push({
    from: fromStage('base', 'deps', ['Dependencies, compiled from the manifests alone.']),
    instructions: depInstrs,
  });

  // build
  const dataDir = app.services.some((s) => s.name === 'sqlite') ? '/app/data' : null;
  const buildCommands: ShellCommand[] = [
    ['touch', ...stubs],
    ['cargo', 'build', ...cargoFlags],
  ];
  if (runtime === 'scratch') {
    buildCommands.push(
      ['mkdir', '-p', '/out'],
      [
        'echo',
        `'nonroot:x:${NONROOT_UID}:${NONROOT_UID}:nonroot:/nonexistent:/sbin/nologin'`,
        '>',
        '/out/passwd',
      ],
      ['echo', `'nonroot:x:${NONROOT_UID}:'`, '>', '/out/group'],
    );
  }
  if (dataDir) buildCommands.push(['mkdir', '-p', '/out/data']);
  stages.push({
    from: fromStage('deps', 'build', ['Build: the real source over the stubs.']),
    instructions: [
      { kind: 'COPY', sources: ['.'], dest: '.' },
      {
        kind: 'RUN',
        mounts: [REGISTRY, GIT],
        commands: buildCommands,
        comment: ['touch: the copied sources can be older than the stubs, and cargo compares timestamps.'],
      },
    ],
  });

  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    test = rustTest(files, ctxRoot, crates, locked, workspace, pkg);
    stages.push(
      testStage(
        'build',
        [
          {
            kind: 'RUN',
            mounts: [REGISTRY, GIT],
            commands: [test.command.split(' ')],
            comment: [
              '--release reuses the dependencies the build compiled in target/ (a debug test build would compile them all again).',
            ],
          },
        ],
        'the Rust tests',
      ),
    );
    decisions.push({ topic: 'test stage', choice: `\`${test.command}\``, reason: test.reason });
  }

  const environment: Record<string, string> = {};
  if (app.framework?.name === 'rocket') {
    environment.ROCKET_ADDRESS = '0.0.0.0';
    if (port !== null) environment.ROCKET_PORT = String(port);
  }
  if (port !== null && app.env.some((e) => e.name === 'PORT')) environment.PORT = String(port);

  // dev
  let dev: DevService | null = null;
  if (withDev) {
    stages.push({
      from: fromStage('build', 'dev', [
        'Development (compose.override.yaml): the build with the toolchain kept; `docker compose watch` rebuilds it on each change.',
      ]),
      instructions: [
        { kind: 'ENV', vars: [...Object.entries(environment), ['RUST_BACKTRACE', '1']] },
        ...(port !== null ? [{ kind: 'EXPOSE' as const, ports: [port] }] : []),
        { kind: app.kind === 'cli' ? 'ENTRYPOINT' : 'CMD', args: [`/app/target/release/${bin}`] },
      ],
    });
    const watch: ComposeWatchRule[] = [
      { action: 'rebuild', path: ctxRoot ? `./${ctxRoot}` : '.', ignore: ['target/'] },
    ];
    decisions.push({
      topic: 'development loop',
      choice: '`develop.watch` rebuild of the dev stage',
      reason:
        'a compiled binary cannot be hot-reloaded; the dependencies stay compiled in the `deps` layer, so a rebuild compiles only the crate',
    });
    decisions.push({
      topic: 'debugger',
      choice: 'none exposed',
      reason:
        'Rust has no standard remote-debug port; use rust-gdb/rust-lldb in the dev container (`docker compose exec`) or debug natively',
    });
    dev = {
      target: 'dev',
      environment: { RUST_BACKTRACE: '1' },
      ports: port !== null ? [`${port}:${port}`] : [],
      watch,
      notes: [
        'is rebuilt on each change; only the crate recompiles, the dependencies stay compiled in the image',
      ],
    };
  }

  // runtime
  const meta = cargoPackage(files.readText(inCtx(posixJoin(appPath, 'Cargo.toml'))));
  const rt: Instr[] = [...ociLabels(app, meta, features.enterprise)];
  if (Object.keys(environment).length) rt.push({ kind: 'ENV', vars: Object.entries(environment) });
  if (runtime === 'alpine') {
    rt.push({ kind: 'RUN', commands: [['apk', 'add', '--no-cache', 'ca-certificates', 'tzdata']] });
  }
  if (runtime === 'slim') {
    rt.push({
      kind: 'RUN',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', ...runtimePkgs],
        ['rm', '-rf', '/var/lib/apt/lists/*'],
      ],
      comment: ['Run-time libraries the crates link.'],
    });
  }
  if (runtime === 'scratch') {
    rt.push(
      {
        kind: 'COPY',
        from: 'build',
        sources: ['/etc/ssl/certs/ca-certificates.crt'],
        dest: '/etc/ssl/certs/',
        comment: ['scratch is empty: CA certificates, time zones and a passwd entry for the nonroot user.'],
      },
      { kind: 'COPY', from: 'build', sources: ['/usr/share/zoneinfo/'], dest: '/usr/share/zoneinfo/' },
      { kind: 'COPY', from: 'build', sources: ['/out/passwd', '/out/group'], dest: '/etc/' },
    );
  }
  rt.push(
    { kind: 'WORKDIR', path: '/app' },
    { kind: 'COPY', from: 'build', sources: [`/app/target/release/${bin}`], dest: `/app/${bin}` },
  );
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
    probe: tier >= 2,
    decisions,
  });
  stages.push(finished.stage);
  const healthcheck = finished.healthcheck;

  if (!locked) {
    decisions.push({
      topic: 'lockfile',
      choice: 'cargo build without --locked',
      reason:
        'no Cargo.lock was found, so dependency versions are resolved at build time; commit Cargo.lock and re-run init',
    });
  }

  const what = `${app.framework ? `${app.framework.name} ` : ''}${app.kind} in Rust ${version} (${glibc ? 'glibc' : 'musl, static'})`;
  const dockerfile: DockerfileModel = {
    syntax: 'docker/dockerfile:1',
    header: header(input, what, imageName(app.name), port, []),
    globalArgs: [],
    stages,
  };
  const platforms = features.hardenedRuntime ? [...RELEASE_PLATFORMS] : undefined;
  const mono = facts.monorepo !== null && layout.context === '.';
  return {
    dockerfile,
    ignore: [
      {
        title: 'Build output (compiled in the image)',
        patterns: [mono ? '**/target' : 'target', '**/*.rs.bk', '**/*.profraw'],
      },
      foreignDependencyGroup(mono),
    ],
    finalImage: runtime === 'slim' ? 'slim' : runtime,
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

/** Unit tests (`#[test]`, `#[cfg(test)]`) in a crate root, or integration tests under tests/. */
function hasTests(files: ProjectFiles, ctxRoot: string, crates: readonly string[]): boolean {
  const at = (p: string) => posixJoin(ctxRoot, p);
  return crates.some(
    (c) =>
      files.exists(at(posixJoin(c, 'tests'))) ||
      ['src/main.rs', 'src/lib.rs'].some((f) =>
        /#\[(?:cfg\()?test\b/.test(files.readText(at(posixJoin(c, f))) ?? ''),
      ),
  );
}

/**
 * `cargo test` in release mode (the build's compiled dependencies are reused), the whole workspace when there is
 * one. It is also the check for a project without tests: it compiles the test targets and runs the doc tests,
 * and tests in other modules than the crate root (which cannot be seen without listing src/) still run.
 */
function rustTest(
  files: ProjectFiles,
  ctxRoot: string,
  crates: readonly string[],
  locked: boolean,
  workspace: boolean,
  pkg: string | undefined,
): TestStage {
  const scope = workspace ? ['--workspace'] : pkg ? ['-p', pkg] : [];
  const command = ['cargo', 'test', '--release', ...(locked ? ['--locked'] : []), ...scope].join(' ');
  const found = hasTests(files, ctxRoot, crates);
  return {
    stage: 'test',
    command,
    reason: `${workspace ? 'every crate of the Cargo workspace' : 'the crate'}'s tests in release mode, reusing the build's target/; ${found ? 'tests found in the crate sources or tests/' : 'no #[test] in the crate roots and no tests/: the stage still compiles the test targets and runs the doc tests (the cheapest check that catches broken test code)'}`,
  };
}

export const rustStack: Stack = {
  id: 'rust',
  languages: ['rust'],
  plan: planRust,
};
