import { InputError } from '../../core/errors.js';
import type { ComposeHealthcheck, ComposeWatchRule } from '../model/compose.js';
import type { CopyInstr, FromInstr, Instr, RunMount, ShellCommand, StageModel } from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type {
  BaseImageChoice,
  Decision,
  FinalImage,
  Stack,
  StackInput,
  StackPlan,
  TestStage,
} from '../types.js';
import { BUSYBOX_IMAGE, licensesArg, RELEASE_PLATFORMS, releaseReadme } from './go-rust-common.js';
import { imageName } from './node.js';

/**
 * Java (and Kotlin on the JVM): Maven or Gradle (the wrapper when it is complete, else the official build-tool
 * image), a dependency pre-fetch layer, and the runtime shape of the framework:
 * - Spring Boot: the jar's layers extracted (`-Djarmode=tools … extract --layers` from Boot 3.3, `layertools`
 *   before), one COPY per layer so a code change ships only the `application` layer;
 * - Quarkus: the fast-jar `target/quarkus-app/` (lib/, *.jar, app/, quarkus/);
 * - Gradle `application` plugin apps (Micronaut): `installDist` (lib/ + the start script);
 * - anything else: the runnable jar as `app.jar`.
 * The runtime is a JRE only (Temurin JRE, Alpine at tier 2 so BusyBox wget can probe; distroless java on
 * request at tier 1), with container-aware JVM flags.
 *
 * Stages: `deps` (JDK + build tool, manifests, dependencies) → `build` (source, package, extract) → `dev`
 * (compose.override target, JDWP 5005) → `runtime` (always last).
 */

const DEBUG_PORT = 5005;
const UID = 1001;
const JVM_FLAGS = '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError';
const JDWP = `-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:${DEBUG_PORT}`;
const DISTROLESS_JAVA = new Set([17, 21]);
const MAVEN_IMAGE_TAG = '3.9';
const GRADLE_IMAGE_TAG = '8.10';

const posix = (...parts: string[]) =>
  parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/+/g, '/');

type Tool = 'maven' | 'gradle';
type Shape = 'boot-layers' | 'quarkus' | 'install-dist' | 'jar';

interface Build {
  readonly tool: Tool;
  /** `./mvnw`, `./gradlew`, `mvn` or `gradle`. */
  readonly bin: string;
  readonly wrapper: boolean;
  readonly builder: string;
  readonly cache: RunMount;
}

function javaMajor(version: string): number {
  const m = /^(?:1\.)?(\d+)/.exec(version);
  return m ? Number(m[1]) : 21;
}

function versionAtLeast(v: string | null | undefined, major: number, minor: number): boolean | undefined {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  if (!m) return undefined;
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

function words(command: string): string[] {
  return command.trim().split(/\s+/);
}

function planJava(input: StackInput): StackPlan {
  const { app, layout, tier, files } = input;
  const decisions: Decision[] = [];
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const ctxRoot = layout.context === '.' ? '' : layout.context;
  const at = (p: string) => posix(ctxRoot, p);
  const major = javaMajor(app.language.version);
  const framework = app.framework?.name ?? null;
  const withDev = tier >= 2 || input.options.compose === true;
  const healthchecks = tier >= 2;
  const features = TIER_FEATURES[tier];
  const port = app.kind === 'server' ? (input.options.port ?? app.port ?? 8080) : null;

  // ---- build tool ----
  const tool: Tool = app.packageManager?.name === 'gradle' ? 'gradle' : 'maven';
  const wrapperFiles =
    tool === 'maven'
      ? ['mvnw', '.mvn/wrapper/maven-wrapper.properties']
      : // gradlew runs gradle-wrapper.jar; without it the script cannot start.
        ['gradlew', 'gradle/wrapper/gradle-wrapper.properties', 'gradle/wrapper/gradle-wrapper.jar'];
  const wrapper = wrapperFiles.every((f) => files.exists(at(f)));
  const jdk = `eclipse-temurin:${major}-jdk-noble`;
  const build: Build = {
    tool,
    wrapper,
    bin: wrapper ? (tool === 'maven' ? './mvnw' : './gradlew') : tool === 'maven' ? 'mvn' : 'gradle',
    builder: wrapper
      ? jdk
      : tool === 'maven'
        ? `maven:${MAVEN_IMAGE_TAG}-eclipse-temurin-${major}`
        : `gradle:${/^\d+\.\d+/.exec(app.packageManager?.version ?? '')?.[0] ?? GRADLE_IMAGE_TAG}-jdk${major}`,
    cache: { type: 'cache', target: tool === 'maven' ? '/root/.m2' : '/root/.gradle', sharing: 'locked' },
  };
  if (!wrapper && files.exists(at(wrapperFiles[0]!))) {
    decisions.push({
      topic: 'build tool',
      choice: `the official ${tool === 'maven' ? 'Maven' : 'Gradle'} image instead of ${wrapperFiles[0]}`,
      reason: `${wrapperFiles
        .slice(1)
        .filter((f) => !files.exists(at(f)))
        .join(
          ' and ',
        )} missing, so the wrapper cannot run; commit the wrapper files and re-run init to build with ${wrapperFiles[0]}`,
    });
  }
  const withBin = (cmd: string): string[] => {
    const w = words(cmd);
    if (/^(\.\/)?(mvnw|gradlew|mvn|gradle)$/.test(w[0] ?? '')) w[0] = build.bin;
    return w;
  };

  // ---- shape ----
  const multiModule = input.facts.monorepo !== null && layout.context === '.' && appPath !== '';
  let shape: Shape = 'jar';
  if (framework === 'spring-boot') shape = 'boot-layers';
  else if (framework === 'quarkus') shape = 'quarkus';
  else if (tool === 'gradle') shape = 'install-dist';
  const bootVersion = app.framework?.version ?? null;
  const bootTools = shape === 'boot-layers' ? (versionAtLeast(bootVersion, 3, 3) ?? true) : false;
  if (shape === 'boot-layers') {
    decisions.push({
      topic: 'Spring Boot layers',
      choice: bootTools ? '`-Djarmode=tools extract --layers`' : '`-Djarmode=layertools extract`',
      reason: bootVersion
        ? `Spring Boot ${bootVersion}: ${bootTools ? 'the tools jar mode (3.3+)' : 'layertools (before 3.3)'}; one COPY per layer, so a code change rebuilds only the application layer`
        : 'the Spring Boot version is not declared here (a parent or BOM sets it); assumed 3.3 or later for the tools jar mode',
    });
  }

  // ---- commands ----
  const goOffline: ShellCommand =
    tool === 'maven'
      ? multiModule
        ? [build.bin, '-B', 'org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline']
        : [build.bin, '-B', 'dependency:go-offline']
      : [build.bin, '--no-daemon', 'dependencies'];
  let packageCmd: string[];
  if (shape === 'install-dist') {
    packageCmd = [
      build.bin,
      '--no-daemon',
      ...(appPath ? [`:${appPath.replace(/\//g, ':')}:installDist`] : ['installDist']),
      '-x',
      'test',
    ];
  } else if (app.buildCommand) {
    packageCmd = withBin(app.buildCommand);
  } else {
    packageCmd =
      tool === 'maven'
        ? [build.bin, '-B', '-DskipTests', ...(multiModule ? ['-pl', appPath, '-am'] : []), 'package']
        : [build.bin, '--no-daemon', 'bootJar', '-x', 'test'];
  }
  const outDir = posix(appPath, tool === 'maven' ? 'target' : 'build/libs');
  const startJar = /-jar\s+(\S+\.jar)/.exec(app.startCommand ?? '')?.[1];
  const jarGlob = startJar ? posix(appPath, startJar) : `${outDir}/*.jar`;
  const projectName = (() => {
    const settings = files.readText(at('settings.gradle.kts')) ?? files.readText(at('settings.gradle')) ?? '';
    return /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? app.name;
  })();
  const distDir = posix(appPath, `build/install/${appPath ? appPath.split('/').pop()! : projectName}`);

  // ---- images ----
  const requested: FinalImage = input.options.finalImage ?? TIER_FEATURES[tier].finalImage;
  let final: FinalImage = requested;
  if (final === 'scratch')
    throw new InputError(
      'a Java app cannot run on scratch',
      undefined,
      'scratch has no JVM; use --final-image distroless for the smallest Java image.',
    );
  const probed = healthchecks && port !== null;
  // Tier 3+: distroless keeps its probe as a copied static BusyBox applet (as the Go and Rust stacks do).
  const busyboxProbe = features.hardenedRuntime;
  if (
    final === 'distroless' &&
    ((probed && !busyboxProbe) || !DISTROLESS_JAVA.has(major) || shape === 'install-dist')
  ) {
    decisions.push({
      topic: 'final image',
      choice: 'Temurin JRE on Alpine instead of distroless',
      reason: probed
        ? 'distroless java has no probe binary (no shell, no wget) for the tier 2 HEALTHCHECK; Alpine’s BusyBox wget is one'
        : shape === 'install-dist'
          ? 'the Gradle start script needs a shell'
          : `there is no distroless image for Java ${major}`,
    });
    final = 'alpine';
  }
  if ((final === 'official' || final === 'slim') && probed && !app.healthPath) {
    decisions.push({
      topic: 'final image',
      choice: 'Temurin JRE on Alpine instead of Ubuntu',
      reason:
        'without a health endpoint the probe is a TCP connect, and only Alpine’s BusyBox has `nc`; add an endpoint to run on the Ubuntu JRE (its wget can probe it)',
    });
    final = 'alpine';
  }
  const runtimeImage =
    final === 'distroless'
      ? `gcr.io/distroless/java${major}-debian12:nonroot`
      : final === 'alpine'
        ? `eclipse-temurin:${major}-jre-alpine`
        : `eclipse-temurin:${major}-jre-noble`;
  const variant: 'alpine' | 'noble' | 'distroless' =
    final === 'distroless' ? 'distroless' : final === 'alpine' ? 'alpine' : 'noble';

  // The dev container runs the compose.yaml health check too: on Alpine it has the same BusyBox probes.
  const devImage =
    variant === 'noble' || (variant === 'distroless' && !healthchecks)
      ? build.builder
      : wrapper
        ? `eclipse-temurin:${major}-jdk-alpine`
        : `${build.builder}-alpine`;
  const images: BaseImageChoice[] = [
    {
      stage: 'deps',
      image: build.builder,
      reason: `JDK ${major} from ${app.language.versionSource ?? 'the current LTS default'}${wrapper ? `; ${build.bin} pins the ${tool === 'maven' ? 'Maven' : 'Gradle'} version` : ''}`,
    },
    {
      stage: 'runtime',
      image: runtimeImage,
      reason:
        variant === 'distroless'
          ? 'distroless: a JRE and nothing else, runs as nonroot (65532)'
          : variant === 'alpine'
            ? 'a JRE only (no compiler, no build tool) on Alpine; BusyBox wget probes the health check'
            : 'a JRE only (no compiler, no build tool) on Ubuntu noble',
    },
  ];

  // ---- manifests ----
  const manifestFiles: string[] = [];
  const manifestDirs: string[] = [];
  if (tool === 'maven') {
    if (wrapper) manifestFiles.push('mvnw');
    manifestFiles.push('pom.xml');
    if (wrapper) manifestDirs.push('.mvn');
    else if (files.exists(at('.mvn'))) manifestDirs.push('.mvn');
  } else {
    if (wrapper) {
      manifestFiles.push('gradlew');
      manifestDirs.push('gradle');
    } else if (files.exists(at('gradle/libs.versions.toml'))) manifestDirs.push('gradle');
    for (const f of [
      'settings.gradle.kts',
      'settings.gradle',
      'build.gradle.kts',
      'build.gradle',
      'gradle.properties',
    ])
      if (files.exists(at(f))) manifestFiles.push(f);
  }
  const memberManifests: string[] = [];
  if (multiModule) {
    for (const m of input.facts.monorepo?.members ?? []) {
      for (const f of tool === 'maven' ? ['pom.xml'] : ['build.gradle.kts', 'build.gradle'])
        if (files.exists(at(posix(m, f)))) memberManifests.push(posix(m, f));
    }
  }
  const manifestCopies: CopyInstr[] = [
    { kind: 'COPY', sources: manifestFiles, dest: './' },
    ...manifestDirs.map((d): CopyInstr => ({ kind: 'COPY', sources: [`${d}/`], dest: `./${d}/` })),
    ...memberManifests.map(
      (m): CopyInstr => ({ kind: 'COPY', sources: [m], dest: `./${m.slice(0, m.lastIndexOf('/') + 1)}` }),
    ),
  ];

  const from = (image: string, as: string, comment: string[], platform?: string): FromInstr => ({
    kind: 'FROM',
    image,
    as,
    ...(platform ? { platform } : {}),
    comment,
  });
  const stages: StageModel[] = [];

  // deps
  stages.push({
    from: from(
      build.builder,
      'deps',
      [
        `Dependencies: the ${tool === 'maven' ? 'Maven' : 'Gradle'} files only, so source edits reuse this layer.`,
        ...(features.enterprise
          ? [
              'Runs on the build machine’s platform: bytecode is the same for every target, so nothing is emulated.',
            ]
          : []),
      ],
      features.enterprise ? '$BUILDPLATFORM' : undefined,
    ),
    instructions: [
      { kind: 'WORKDIR', path: '/build' },
      ...(tool === 'gradle'
        ? [
            {
              kind: 'ENV',
              vars: [['GRADLE_USER_HOME', build.cache.target!]],
              comment: ['Gradle’s caches (and the wrapper’s distribution) live in the cache mount.'],
            } as Instr,
          ]
        : []),
      ...manifestCopies,
      { kind: 'RUN', mounts: [build.cache], commands: [goOffline] },
    ],
  });

  // build
  const buildRun: ShellCommand[] = [packageCmd];
  if (shape === 'boot-layers' || shape === 'jar') buildRun.push(['cp', jarGlob, 'app.jar']);
  const buildInstrs: Instr[] = [
    { kind: 'COPY', sources: ['.'], dest: '.' },
    {
      kind: 'RUN',
      mounts: [build.cache],
      commands: buildRun,
      ...(shape === 'boot-layers' || shape === 'jar'
        ? { comment: ['Tests run in CI (or the tier 3 test stage); the build only packages.'] }
        : {}),
    },
  ];
  if (shape === 'boot-layers') {
    buildInstrs.push({
      kind: 'RUN',
      commands: [
        bootTools
          ? [
              'java',
              '-Djarmode=tools',
              '-jar',
              'app.jar',
              'extract',
              '--layers',
              '--destination',
              'extracted',
            ]
          : ['java', '-Djarmode=layertools', '-jar', 'app.jar', 'extract', '--destination', 'extracted'],
      ],
      comment: [
        'Split the fat jar into layers: dependencies change rarely, the application on every commit.',
      ],
    });
  }
  stages.push({
    from: from('deps', 'build', ['Build: the source, then the package.']),
    instructions: buildInstrs,
  });

  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    const modules = multiModule ? (input.facts.monorepo?.members ?? [appPath]) : [appPath];
    const found = modules.some((m) => files.exists(at(posix(m, 'src/test'))));
    const run: ShellCommand =
      tool === 'maven'
        ? [build.bin, '-B', ...(multiModule ? ['-pl', appPath, '-am'] : []), 'test']
        : [build.bin, '--no-daemon', appPath ? `:${appPath.replace(/\//g, ':')}:test` : 'test'];
    test = {
      stage: 'test',
      command: run.join(' '),
      reason: `${tool === 'maven' ? 'Maven’s test phase (surefire; integration tests in `verify` usually need the Compose services, so CI runs them)' : 'Gradle’s test task'} on the sources the build stage packaged with tests skipped; ${found ? 'tests found under src/test' : 'no src/test yet: the stage compiles the test sources and runs none, the cheapest check until tests exist'}`,
    };
    stages.push({
      from: from('build', 'test', [
        'Tests: `docker build --target test .` runs them and fails when they fail. The runtime stage does not depend on it.',
      ]),
      instructions: [{ kind: 'RUN', mounts: [build.cache], commands: [run] }],
    });
    decisions.push({ topic: 'test stage', choice: `\`${test.command}\``, reason: test.reason });
  }

  // dev
  let dev: StackPlan['dev'] = null;
  if (withDev) {
    // The dev container builds at run time, so its dependencies must be in the image, not only in a cache
    // mount: download through a project-scoped cache (fast rebuilds), then copy them into the layer.
    const home = tool === 'maven' ? '/opt/m2' : '/opt/gradle-user-home';
    const devInstrs: Instr[] = [
      ...manifestCopies,
      {
        kind: 'RUN',
        mounts: [{ ...build.cache, id: `${imageName(app.name)}-dev-${tool}` }],
        commands: [goOffline, ['mkdir', '-p', home], ['cp', '-a', `${build.cache.target}/.`, `${home}/`]],
        comment: ['Dependencies inside the dev image: the container compiles at run time.'],
      },
      {
        kind: 'ENV',
        vars:
          tool === 'maven'
            ? [
                ['MAVEN_OPTS', `-Dmaven.repo.local=${home}/repository`],
                ['MAVEN_USER_HOME', home],
              ]
            : [['GRADLE_USER_HOME', home]],
      },
      { kind: 'COPY', sources: ['.'], dest: '.' },
    ];
    let command: string[];
    let action: ComposeWatchRule['action'] = 'sync+restart';
    let note: string;
    if (shape === 'quarkus') {
      command = [
        build.bin,
        ...(tool === 'maven' ? ['-B', 'quarkus:dev'] : ['--no-daemon', 'quarkusDev']),
        '-Dquarkus.http.host=0.0.0.0',
        '-DdebugHost=0.0.0.0',
        `-Ddebug=${DEBUG_PORT}`,
      ];
      action = 'sync';
      note = 'runs Quarkus dev mode (live reload on the next request)';
    } else {
      const run =
        shape === 'install-dist'
          ? `export JAVA_OPTS=${JDWP} && exec ${posix(distDir, 'bin', projectName)}`
          : `exec java ${JDWP} -jar app.jar`;
      command = ['sh', '-c', `${buildRun.map((c) => c.join(' ')).join(' && ')} && ${run}`];
      note = 'rebuilds and restarts on each source change';
    }
    devInstrs.unshift({ kind: 'WORKDIR', path: '/build' });
    devInstrs.push({ kind: 'EXPOSE', ports: port !== null ? [port, DEBUG_PORT] : [DEBUG_PORT] });
    devInstrs.push({ kind: 'CMD', args: command });
    stages.push({
      from: from(devImage, 'dev', [
        'Development (compose.override.yaml): JDK, build tool and dependencies; source synced by `docker compose watch`.',
      ]),
      instructions: devInstrs,
    });
    // A multi-module build recompiles the modules the app depends on: watch every module's sources.
    const modules = multiModule ? (input.facts.monorepo?.members ?? [appPath]) : [appPath];
    const watch: ComposeWatchRule[] = [
      ...modules
        .filter((m) => m === appPath || files.exists(at(posix(m, 'src'))))
        .map(
          (m): ComposeWatchRule => ({
            action,
            path: `./${posix(ctxRoot, m, 'src')}`,
            target: `/build/${posix(m, 'src')}`,
          }),
        ),
      ...[...manifestFiles.filter((f) => !['mvnw', 'gradlew'].includes(f)), ...memberManifests].map(
        (f): ComposeWatchRule => ({ action: 'rebuild', path: `./${posix(ctxRoot, f)}` }),
      ),
    ];
    dev = {
      target: 'dev',
      command,
      environment: {},
      ports: [...(port !== null ? [`${port}:${port}`] : []), `127.0.0.1:${DEBUG_PORT}:${DEBUG_PORT}`],
      watch,
      notes: [note, `exposes JDWP on 127.0.0.1:${DEBUG_PORT} (IntelliJ/VS Code “attach to remote JVM”)`],
    };
  }

  // runtime
  const appOut = `/build/${posix(appPath)}`.replace(/\/$/, '');
  const runtime: Instr[] = [
    {
      kind: 'ARG',
      name: 'VERSION',
      default: '0.0.0',
      comment: ['OCI metadata; CI passes --build-arg VERSION=… REVISION=$(git rev-parse HEAD) SOURCE_URL=…'],
    },
    { kind: 'ARG', name: 'REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: '' },
    // Tier 4 (hardened review): a licenses label; the pom/Gradle license names are not SPDX ids.
    ...(features.enterprise ? [licensesArg()] : []),
    {
      kind: 'LABEL',
      labels: [
        ['org.opencontainers.image.title', app.name],
        ['org.opencontainers.image.version', '$VERSION'],
        ['org.opencontainers.image.revision', '$REVISION'],
        ['org.opencontainers.image.source', '$SOURCE_URL'],
        ...(features.enterprise
          ? ([['org.opencontainers.image.licenses', '$LICENSES']] as [string, string][])
          : []),
      ],
    },
  ];
  let user: StackPlan['user'];
  if (variant === 'alpine') {
    runtime.push({
      kind: 'RUN',
      commands: [
        ['addgroup', '-S', '-g', String(UID), 'app'],
        ['adduser', '-S', '-D', '-H', '-u', String(UID), '-G', 'app', 'app'],
      ],
      comment: [`An unprivileged account (uid ${UID}); the Temurin image has none.`],
    });
    user = { name: 'app', uid: UID };
  } else if (variant === 'noble') {
    runtime.push({
      kind: 'RUN',
      commands: [
        ['groupadd', '--system', '--gid', String(UID), 'app'],
        [
          'useradd',
          '--system',
          '--uid',
          String(UID),
          '--gid',
          'app',
          '--no-create-home',
          '--shell',
          '/usr/sbin/nologin',
          'app',
        ],
      ],
      comment: [`An unprivileged account (uid ${UID}) for the app.`],
    });
    user = { name: 'app', uid: UID };
  } else {
    user = { name: 'nonroot', uid: 65532 };
  }
  runtime.push(
    { kind: 'WORKDIR', path: '/app' },
    {
      kind: 'ENV',
      vars: [['JAVA_TOOL_OPTIONS', JVM_FLAGS]],
      comment: [
        'Heap sized from the container memory limit; exit (and let the orchestrator restart) on OutOfMemoryError.',
      ],
    },
  );
  let cmd: string[];
  switch (shape) {
    case 'boot-layers':
      runtime.push(
        ...['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'].map(
          (layer, i): CopyInstr => ({
            kind: 'COPY',
            from: 'build',
            sources: [`/build/extracted/${layer}/`],
            dest: './',
            ...(i === 0 ? { comment: ['One COPY per Spring Boot layer, least often changed first.'] } : {}),
          }),
        ),
      );
      cmd = bootTools
        ? ['java', '-jar', 'app.jar']
        : [
            'java',
            versionAtLeast(bootVersion, 3, 2) === false
              ? 'org.springframework.boot.loader.JarLauncher'
              : 'org.springframework.boot.loader.launch.JarLauncher',
          ];
      break;
    case 'quarkus': {
      const q = `${appOut}/target/quarkus-app`;
      runtime.push(
        {
          kind: 'COPY',
          from: 'build',
          sources: [`${q}/lib/`],
          dest: './lib/',
          comment: ['The Quarkus fast-jar, dependencies first.'],
        },
        { kind: 'COPY', from: 'build', sources: [`${q}/quarkus-run.jar`], dest: './' },
        { kind: 'COPY', from: 'build', sources: [`${q}/app/`], dest: './app/' },
        { kind: 'COPY', from: 'build', sources: [`${q}/quarkus/`], dest: './quarkus/' },
      );
      cmd = [
        'java',
        '-Djava.util.logging.manager=org.jboss.logmanager.LogManager',
        '-jar',
        'quarkus-run.jar',
      ];
      break;
    }
    case 'install-dist':
      runtime.push(
        {
          kind: 'COPY',
          from: 'build',
          sources: [`/build/${distDir}/lib/`],
          dest: './lib/',
          comment: ['`installDist`: the jars, then the start script.'],
        },
        { kind: 'COPY', from: 'build', sources: [`/build/${distDir}/bin/`], dest: './bin/' },
      );
      cmd = [`/app/bin/${projectName}`];
      break;
    default:
      runtime.push({ kind: 'COPY', from: 'build', sources: ['/build/app.jar'], dest: './' });
      cmd = ['java', '-jar', 'app.jar'];
  }
  const probe =
    healthchecks && port !== null
      ? app.healthPath
        ? ['wget', '-q', '--spider', `http://127.0.0.1:${port}${app.healthPath}`]
        : ['nc', '-z', '127.0.0.1', String(port)]
      : null;
  if (probe && variant === 'distroless') {
    runtime.push({
      kind: 'COPY',
      from: BUSYBOX_IMAGE,
      sources: ['/bin/busybox'],
      dest: `/usr/local/bin/${probe[0]}`,
      comment: [
        `Health probe: BusyBox’s static ${probe[0]} applet (distroless has no tools; BusyBox runs the applet its file is named after).`,
      ],
    });
  }
  runtime.push({
    kind: 'USER',
    user: `${user.uid}:${user.uid}`,
    comment: ['Numeric, so Kubernetes runAsNonRoot can verify it.'],
  });
  if (port !== null) runtime.push({ kind: 'EXPOSE', ports: [port] });
  let healthcheck: ComposeHealthcheck | null = null;
  if (probe && port !== null) {
    if (!app.healthPath) {
      decisions.push({
        topic: 'health check',
        choice: `TCP connect to port ${port} (BusyBox nc)`,
        reason:
          framework === 'spring-boot'
            ? 'no health endpoint was found; add spring-boot-starter-actuator and probe /actuator/health'
            : 'no health endpoint was found; add one and probe it with wget',
      });
    }
    runtime.push({
      kind: 'HEALTHCHECK',
      interval: '30s',
      timeout: '5s',
      startPeriod: '40s',
      retries: 3,
      cmd: probe,
      comment: [
        `${variant === 'alpine' ? 'BusyBox (Alpine)' : variant === 'distroless' ? 'The copied BusyBox applet' : 'The Temurin Ubuntu image’s wget'} is the probe; the JVM needs a while to start.`,
      ],
    });
    healthcheck = {
      test: ['CMD', ...probe],
      interval: '30s',
      timeout: '5s',
      retries: 3,
      start_period: '40s',
    };
  }
  // distroless java sets ENTRYPOINT ["/usr/bin/java", "-jar"]: replace it, or CMD would become its arguments.
  runtime.push({
    kind: app.kind === 'cli' || variant === 'distroless' ? 'ENTRYPOINT' : 'CMD',
    args: cmd,
    ...(variant === 'distroless'
      ? { comment: ['Replaces the image’s ENTRYPOINT ["/usr/bin/java", "-jar"].'] }
      : {}),
  });
  stages.push({
    from: from(runtimeImage, 'runtime', ['Runtime: a JRE and the app, nothing to build with.']),
    instructions: runtime,
  });

  // Platforms the runtime image publishes (docker-library/official-images `library/eclipse-temurin`: the JRE
  // Alpine images are amd64 + arm64v8 from Java 21, amd64 only before; distroless java: see RELEASE_PLATFORMS).
  const platforms = !features.hardenedRuntime
    ? undefined
    : variant === 'alpine' && major < 21
      ? ['linux/amd64']
      : [...RELEASE_PLATFORMS];
  if (features.enterprise) {
    decisions.push({
      topic: 'platforms',
      choice: platforms!.join(', '),
      reason:
        platforms!.length > 1
          ? 'the build runs once on the build machine ($BUILDPLATFORM): jars are platform-independent, so only the runtime stage is per platform and nothing is emulated (a dependency resolved by os.arch, e.g. a netty native classifier, would need a per-platform build)'
          : `eclipse-temurin:${major}-jre-alpine is published for amd64 only; use Java 21+ (or a distroless-capable shape) for arm64`,
    });
  }

  const name = imageName(app.name);
  const fw = app.framework?.name;
  const ignoreAt = (p: string) => (multiModule ? [p, `*/${p}`] : [p]);
  return {
    dockerfile: {
      syntax: 'docker/dockerfile:1',
      header: [
        `${app.name}: ${fw ? `${fw} ` : ''}${app.kind} on Java ${major} with ${tool === 'maven' ? 'Maven' : 'Gradle'} (generated by dockwright init, tier ${tier}).`,
        `Build:  docker build${layout.dockerfile === 'Dockerfile' || layout.dockerfile === posix(layout.context, 'Dockerfile') ? '' : ` -f ${layout.dockerfile}`} -t ${name} ${layout.context}`,
        port !== null
          ? `Run:    docker run --rm -p ${port}:${port} ${name}`
          : `Run:    docker run --rm ${name}`,
        'Needs BuildKit (default since Docker 23) for RUN --mount caches.',
      ],
      globalArgs: [],
      stages,
    },
    ignore: [
      {
        title: 'Build output and tool caches (rebuilt in the image)',
        patterns: [
          ...ignoreAt('target'),
          ...ignoreAt('build'),
          ...ignoreAt('.gradle'),
          '.kotlin',
          'out',
          '**/*.class',
          '**/*.iml',
          '.settings',
          '.classpath',
          '.project',
          'node_modules',
        ],
      },
    ],
    finalImage: final,
    images,
    user,
    port,
    healthcheck,
    environment: { JAVA_TOOL_OPTIONS: JVM_FLAGS },
    dataDir: null,
    dev,
    extraFiles: [],
    decisions,
    readme: test ? releaseReadme(test, platforms) : [],
    // The JVM, Tomcat/Undertow/Netty work directories and Quarkus' caches all live under /tmp (a tmpfs already).
    ...(test ? { test, writablePaths: [], platforms } : {}),
  };
}

export const javaStack: Stack = {
  id: 'java',
  languages: ['java'],
  plan: planJava,
};
