import { InputError } from '../../core/errors.js';
import type { ComposeHealthcheck, ComposeWatchRule } from '../model/compose.js';
import type { CopyInstr, FromInstr, Instr, RunMount, StageModel } from '../model/dockerfile.js';
import { TIER_FEATURES } from '../tiers.js';
import type {
  BaseImageChoice,
  Decision,
  FinalImage,
  ProjectFiles,
  Stack,
  StackInput,
  StackPlan,
  TestStage,
} from '../types.js';
import { licensesArg, RELEASE_PLATFORMS, releaseReadme } from './go-rust-common.js';
import { imageName } from './node.js';

/**
 * .NET: the project (and every project it references) restored from the .csproj files first, then
 * `dotnet publish -c Release --no-restore`; web apps (`Microsoft.NET.Sdk.Web`) ship on `dotnet/aspnet`, workers
 * and console apps on `dotnet/runtime`, as the images' own non-root `app` user (uid 1654, `$APP_UID`).
 * Tier 2 uses the Alpine variants so BusyBox wget can probe the health endpoint; chiseled images are available at
 * tier 1 (`--final-image distroless`), where there is no HEALTHCHECK to run.
 *
 * Stages: `build` (SDK, restore, publish) → `dev` (compose.override target: `dotnet watch`) → `runtime`.
 */

const APP_UID = 1654;
const NUGET: RunMount = { type: 'cache', target: '/root/.nuget/packages', sharing: 'locked' };

const posix = (...parts: string[]) =>
  parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/+/g, '/');

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** The project and every project it references, transitively (paths from the context root). */
function projectClosure(files: ProjectFiles, root: string, project: string): string[] {
  const seen = new Set<string>();
  const queue = [project];
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const text = files.readText(posix(root, p)) ?? '';
    for (const m of text.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
      queue.push(normalize(posix(dirOf(p), m[1]!.replace(/\\/g, '/'))));
    }
  }
  return [...seen];
}

function planDotnet(input: StackInput): StackPlan {
  const { app, layout, tier, files } = input;
  const decisions: Decision[] = [];
  const ctxRoot = layout.context === '.' ? '' : layout.context;
  const at = (p: string) => posix(ctxRoot, p);
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const withDev = tier >= 2 || input.options.compose === true;
  const healthchecks = tier >= 2;
  const features = TIER_FEATURES[tier];

  // ---- the project ----
  const project =
    app.entry ??
    posix(
      appPath,
      /\b(\S+\.(?:cs|fs|vb)proj)\b/.exec(app.buildCommand ?? app.packageManager?.installCommand ?? '')?.[1] ??
        `${app.name}.csproj`,
    );
  const projectText = files.readText(at(project)) ?? '';
  const web =
    /Sdk="Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)"/.test(projectText) ||
    app.framework?.name === 'aspnetcore';
  const dll =
    /(?:^|\s|\/)([^\s/]+\.dll)\b/.exec(app.startCommand ?? '')?.[1] ??
    `${
      /<AssemblyName>([^<]+)<\/AssemblyName>/.exec(projectText)?.[1] ??
      project
        .split('/')
        .pop()!
        .replace(/\.\w+proj$/, '')
    }.dll`;
  const version = /^(\d+\.\d+)/.exec(app.language.version)?.[1] ?? '8.0';
  const port = web && app.kind === 'server' ? (input.options.port ?? app.port ?? 8080) : null;

  // global.json pins the SDK; without a roll-forward beyond the patch level, the image must carry that feature band.
  let sdkTag = version;
  const globalJson = files.readText(at('global.json'));
  if (globalJson) {
    try {
      const g = JSON.parse(globalJson) as { sdk?: { version?: string; rollForward?: string } };
      const v = g.sdk?.version;
      const roll = g.sdk?.rollForward ?? 'latestPatch';
      if (v && ['patch', 'latestPatch', 'disable'].includes(roll)) {
        sdkTag = v;
        decisions.push({
          topic: 'SDK',
          choice: `mcr.microsoft.com/dotnet/sdk:${v}`,
          reason: `global.json pins SDK ${v} with rollForward ${roll}, so only that feature band builds`,
        });
      }
    } catch {
      // an unreadable global.json: the SDK of the target framework
    }
  }
  const sdk = `mcr.microsoft.com/dotnet/sdk:${sdkTag}`;

  // ---- images ----
  const requested: FinalImage = input.options.finalImage ?? TIER_FEATURES[tier].finalImage;
  let final: FinalImage = requested;
  if (final === 'scratch')
    throw new InputError(
      'a framework-dependent .NET app cannot run on scratch',
      undefined,
      'use --final-image distroless for the chiseled (shell-less) .NET image.',
    );
  if (final === 'distroless' && healthchecks && port !== null) {
    decisions.push({
      topic: 'final image',
      choice: 'Alpine instead of chiseled',
      reason:
        'chiseled images have no shell and no probe binary for the tier 2 HEALTHCHECK; Alpine’s BusyBox wget is one',
    });
    final = 'alpine';
  }
  if (final === 'slim') final = 'official';
  if (final === 'official' && healthchecks && port !== null) {
    decisions.push({
      topic: 'final image',
      choice: 'Alpine instead of the Debian tag',
      reason:
        'the Debian aspnet image has neither curl nor wget for the tier 2 HEALTHCHECK; Alpine’s BusyBox wget is one',
    });
    final = 'alpine';
  }
  const repo = web ? 'aspnet' : 'runtime';
  const runtimeImage = `mcr.microsoft.com/dotnet/${repo}:${version}${final === 'alpine' ? '-alpine' : final === 'distroless' ? '-noble-chiseled' : ''}`;
  if (final === 'alpine') {
    decisions.push({
      topic: 'globalization',
      choice: 'invariant mode (the Alpine image’s default)',
      reason:
        'the .NET Alpine images set DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true and ship no ICU; add `apk add icu-libs` and set it to false if the app formats culture-specific data',
    });
  }
  const images: BaseImageChoice[] = [
    {
      stage: 'build',
      image: sdk,
      reason: `.NET SDK ${sdkTag} for ${app.language.versionSource ? `net${version} (${app.language.versionSource})` : `net${version}`}`,
    },
    {
      stage: 'runtime',
      image: runtimeImage,
      reason: `${web ? 'the ASP.NET Core runtime' : 'the .NET runtime (no ASP.NET Core: a worker)'} without the SDK${final === 'alpine' ? ', on Alpine (BusyBox wget probes the health check)' : final === 'distroless' ? ', chiseled: no shell, no package manager' : ' (Debian)'}; its non-root \`app\` user is uid ${APP_UID}`,
    },
  ];

  // ---- restore inputs ----
  const projects = projectClosure(files, ctxRoot, project);
  const shared = [
    'global.json',
    'nuget.config',
    'NuGet.Config',
    'NuGet.config',
    'Directory.Build.props',
    'Directory.Build.targets',
    'Directory.Packages.props',
  ].filter((f) => files.exists(at(f)));
  const restoreCopies: CopyInstr[] = [
    ...(shared.length ? [{ kind: 'COPY', sources: shared, dest: './' } as CopyInstr] : []),
    ...projects
      .filter((p) => files.exists(at(p)))
      .map((p): CopyInstr => ({ kind: 'COPY', sources: [p], dest: `./${dirOf(p) ? `${dirOf(p)}/` : ''}` })),
  ];
  const commented = restoreCopies.map((c, i) =>
    i === 0 ? { ...c, comment: ['Project files first: the restore layer survives source edits.'] } : c,
  );
  const restore = ['dotnet', 'restore', project];

  const from = (image: string, as: string, comment: string[], platform?: string): FromInstr => ({
    kind: 'FROM',
    image,
    as,
    ...(platform ? { platform } : {}),
    comment,
  });
  const stages: StageModel[] = [
    {
      from: from(
        sdk,
        'build',
        [
          'Build: restore from the project files, then publish the source.',
          ...(features.enterprise
            ? [
                'Runs on the build machine’s platform: the framework-dependent IL runs on every target, so nothing is emulated.',
              ]
            : []),
        ],
        features.enterprise ? '$BUILDPLATFORM' : undefined,
      ),
      instructions: [
        { kind: 'WORKDIR', path: '/src' },
        ...commented,
        { kind: 'RUN', mounts: [NUGET], commands: [restore] },
        { kind: 'COPY', sources: ['.'], dest: '.' },
        {
          kind: 'RUN',
          mounts: [NUGET],
          commands: [
            [
              'dotnet',
              'publish',
              project,
              '-c',
              'Release',
              '--no-restore',
              '-o',
              '/app/publish',
              '/p:UseAppHost=false',
            ],
          ],
          comment: ['Framework-dependent, no native host: `dotnet <app>.dll` runs it on the runtime image.'],
        },
      ],
    },
  ];

  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    test = dotnetTest(files, ctxRoot, project);
    stages.push({
      from: from('build', 'test', [
        'Tests: `docker build --target test .` runs them and fails when they fail. The runtime stage does not depend on it.',
      ]),
      instructions: [{ kind: 'RUN', mounts: [NUGET], commands: [test.command.split(' ')] }],
    });
    decisions.push({ topic: 'test stage', choice: `\`${test.command}\``, reason: test.reason });
  }

  let dev: StackPlan['dev'] = null;
  if (withDev) {
    const command = ['dotnet', 'watch', '--project', project, 'run', '--no-launch-profile'];
    const devEnv: [string, string][] = [
      ['DOTNET_ENVIRONMENT', 'Development'],
      ['DOTNET_USE_POLLING_FILE_WATCHER', '1'],
      ['DOTNET_WATCH_RESTART_ON_RUDE_EDIT', '1'],
    ];
    if (web)
      devEnv.push(['ASPNETCORE_ENVIRONMENT', 'Development'], ['ASPNETCORE_HTTP_PORTS', String(port ?? 8080)]);
    stages.push({
      from: from(sdk, 'dev', [
        'Development (compose.override.yaml): the SDK and `dotnet watch` (hot reload).',
      ]),
      instructions: [
        { kind: 'WORKDIR', path: '/src' },
        { kind: 'ENV', vars: devEnv },
        ...restoreCopies,
        {
          kind: 'RUN',
          commands: [restore],
          comment: ['Packages in the image layer: `dotnet watch` builds at run time.'],
        },
        { kind: 'COPY', sources: ['.'], dest: '.' },
        ...(port !== null ? [{ kind: 'EXPOSE', ports: [port] } as Instr] : []),
        { kind: 'CMD', args: command },
      ],
    });
    const watch: ComposeWatchRule[] = [
      {
        action: 'sync',
        path: ctxRoot ? `./${ctxRoot}` : '.',
        target: '/src',
        ignore: ['**/bin/', '**/obj/'],
      },
      ...projects.map((p): ComposeWatchRule => ({ action: 'rebuild', path: `./${posix(ctxRoot, p)}` })),
    ];
    dev = {
      target: 'dev',
      command,
      environment: Object.fromEntries(
        devEnv.filter(
          ([k]) => k !== 'DOTNET_WATCH_RESTART_ON_RUDE_EDIT' && k !== 'DOTNET_USE_POLLING_FILE_WATCHER',
        ),
      ),
      ports: port !== null ? [`${port}:${port}`] : [],
      watch,
      notes: [
        'runs `dotnet watch` (hot reload, restart on rude edits)',
        'is debugged with vsdbg over `docker exec` (VS Code “.NET: Attach to a .NET process” with a pipeTransport, or Visual Studio’s container tools); no debugger port is published',
      ],
    };
  }

  // ---- runtime ----
  const license = /<PackageLicenseExpression>([A-Za-z0-9.+\- ()]+)<\/PackageLicenseExpression>/.exec(
    projectText,
  )?.[1];
  const environment: Record<string, string> = {};
  if (port !== null) environment.ASPNETCORE_HTTP_PORTS = String(port);
  const runtime: Instr[] = [
    {
      kind: 'ARG',
      name: 'VERSION',
      default: /<Version>([^<]+)<\/Version>/.exec(projectText)?.[1] ?? '0.0.0',
      comment: ['OCI metadata; CI passes --build-arg VERSION=… REVISION=$(git rev-parse HEAD) SOURCE_URL=…'],
    },
    { kind: 'ARG', name: 'REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: '' },
    ...(features.enterprise && !license ? [licensesArg()] : []),
    {
      kind: 'LABEL',
      labels: [
        ['org.opencontainers.image.title', app.name],
        ['org.opencontainers.image.version', '$VERSION'],
        ['org.opencontainers.image.revision', '$REVISION'],
        ['org.opencontainers.image.source', '$SOURCE_URL'],
        // Tier 4 (hardened review): the csproj's PackageLicenseExpression, else a build argument.
        ...(features.enterprise
          ? ([['org.opencontainers.image.licenses', license ?? '$LICENSES']] as [string, string][])
          : []),
      ],
    },
    { kind: 'WORKDIR', path: '/app' },
  ];
  if (Object.keys(environment).length) runtime.push({ kind: 'ENV', vars: Object.entries(environment) });
  runtime.push(
    { kind: 'COPY', from: 'build', sources: ['/app/publish/'], dest: './' },
    {
      kind: 'USER',
      user: `${APP_UID}:${APP_UID}`,
      comment: ['The image’s own non-root `app` user ($APP_UID); numeric so runAsNonRoot can verify it.'],
    },
  );
  if (port !== null) runtime.push({ kind: 'EXPOSE', ports: [port] });
  let healthcheck: ComposeHealthcheck | null = null;
  if (healthchecks && port !== null) {
    const probe = app.healthPath
      ? ['wget', '-q', '--spider', `http://127.0.0.1:${port}${app.healthPath}`]
      : ['nc', '-z', '127.0.0.1', String(port)];
    if (!app.healthPath) {
      decisions.push({
        topic: 'health check',
        choice: `TCP connect to port ${port} (BusyBox nc)`,
        reason: 'no health endpoint was found; add `app.MapHealthChecks("/healthz")` and probe it with wget',
      });
    }
    runtime.push({
      kind: 'HEALTHCHECK',
      interval: '30s',
      timeout: '5s',
      startPeriod: '20s',
      retries: 3,
      cmd: probe,
      comment: ['BusyBox wget from the Alpine image; the aspnet image has no curl.'],
    });
    healthcheck = {
      test: ['CMD', ...probe],
      interval: '30s',
      timeout: '5s',
      retries: 3,
      start_period: '20s',
    };
  }
  runtime.push({ kind: 'ENTRYPOINT', args: ['dotnet', dll] });
  stages.push({
    from: from(runtimeImage, 'runtime', ['Runtime: the published app on the runtime image, no SDK.']),
    instructions: runtime,
  });

  // mcr.microsoft.com/dotnet aspnet/runtime 8.0+: the Alpine and Debian tags publish amd64, arm64v8 and arm32v7,
  // 8.0-noble-chiseled only amd64 and arm64v8 (dotnet/dotnet-docker README.aspnet.md tag tables).
  const platforms = features.hardenedRuntime ? [...RELEASE_PLATFORMS] : undefined;
  if (features.enterprise) {
    decisions.push({
      topic: 'platforms',
      choice: RELEASE_PLATFORMS.join(', '),
      reason:
        'the SDK runs once on the build machine ($BUILDPLATFORM); a framework-dependent publish without a runtime identifier (UseAppHost=false) is IL that runs on every platform, with the native assets of NuGet packages for every RID, so only the runtime stage is per platform and nothing is emulated',
    });
  }
  if (features.hardenedRuntime && web) {
    decisions.push({
      topic: 'read-only root filesystem',
      choice: 'only /tmp writable (tmpfs)',
      reason:
        'ASP.NET Core keeps its data-protection keys in memory when $HOME is not writable (cookies and antiforgery tokens do not survive a restart or span replicas); persist them with PersistKeysToFileSystem on a volume or a shared store when that matters',
    });
  }

  const name = imageName(app.name);
  return {
    dockerfile: {
      syntax: 'docker/dockerfile:1',
      header: [
        `${app.name}: ${web ? 'ASP.NET Core app' : `.NET ${app.kind}`} on .NET ${version} (generated by dockwright init, tier ${tier}).`,
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
        title: 'Build output (rebuilt in the image)',
        patterns: [
          '**/bin',
          '**/obj',
          'out',
          'publish',
          '**/TestResults',
          '.vs',
          '**/*.user',
          'node_modules',
        ],
      },
    ],
    finalImage: final,
    images,
    user: { name: 'app', uid: APP_UID },
    port,
    healthcheck,
    environment,
    dataDir: null,
    dev,
    extraFiles: [],
    decisions,
    readme: test ? releaseReadme(test, platforms) : [],
    // .NET writes only under TMPDIR (/tmp, a tmpfs); see the data-protection decision.
    ...(test ? { test, writablePaths: [], platforms } : {}),
  };
}

/** `*.Tests` / `*.Test` project next to the app, or under test/ or tests/, by the usual layouts. */
function conventionalTestProjects(files: ProjectFiles, ctxRoot: string, project: string): string[] {
  const name = project
    .split('/')
    .pop()!
    .replace(/\.\w+proj$/, '');
  const ext = /\.(\w+proj)$/.exec(project)?.[1] ?? 'csproj';
  const dir = dirOf(dirOf(project));
  const found: string[] = [];
  for (const suffix of ['Tests', 'Test', 'UnitTests']) {
    const t = `${name}.${suffix}`;
    for (const base of [dir, posix(dir, 'test'), posix(dir, 'tests'), 'test', 'tests']) {
      const p = posix(base, t, `${t}.${ext}`);
      if (!found.includes(p) && files.exists(posix(ctxRoot, p))) found.push(p);
    }
  }
  return found;
}

/** Whether a project file is a test project (the test SDK or IsTestProject). */
function isTestProject(text: string): boolean {
  return /Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true\s*<\/IsTestProject>/i.test(text);
}

/**
 * `dotnet test` on the test project found (the build stage already holds the whole context; dotnet test restores
 * and builds it with the projects it references). Without one the stage runs `dotnet build` of the app in
 * Release: the cheapest check that still compiles everything, stated in the decision. A solution file is not
 * used: its name cannot be found without listing the directory.
 */
function dotnetTest(files: ProjectFiles, ctxRoot: string, project: string): TestStage {
  const tests = conventionalTestProjects(files, ctxRoot, project).filter((p) =>
    isTestProject(files.readText(posix(ctxRoot, p)) ?? ''),
  );
  if (tests.length) {
    return {
      stage: 'test',
      command: ['dotnet', 'test', tests[0]!, '-c', 'Release'].join(' '),
      reason: `${tests[0]} references the test SDK${tests.length > 1 ? ` (the first of ${tests.join(', ')}; add the others to the stage)` : ''}`,
    };
  }
  return {
    stage: 'test',
    command: ['dotnet', 'build', project, '-c', 'Release'].join(' '),
    reason:
      'no test project (Microsoft.NET.Test.Sdk) found next to the app or under test/ or tests/: the stage compiles the app in Release, the cheapest check until tests exist',
  };
}

export const dotnetStack: Stack = {
  id: 'dotnet',
  languages: ['dotnet'],
  plan: planDotnet,
};
