import { posix } from 'node:path';
import { InputError } from '../core/errors.js';
import { dockwrightVersion } from '../core/version.js';
import type { AppFacts, EnvVarFacts, ProjectFacts } from '../detect/types.js';
import type { ComposeFileModel, ComposeService } from './model/compose.js';
import type { DockerignoreModel, EnvExampleModel, EnvVariable, MarkdownBlock } from './model/files.js';
import { type ImageDigests, pinCompose, pinDockerfile } from './pin.js';
import { printBake } from './print/bake.js';
import { printCompose } from './print/compose.js';
import { printDockerfile } from './print/dockerfile.js';
import { printJenkinsfile } from './print/jenkinsfile.js';
import { printDockerignore, printEnvExample, printMarkdown, printNginxSite } from './print/text-files.js';
import { printYaml } from './print/yaml.js';
import { diskProjectFiles } from './project-files.js';
import {
  type ReleaseContext,
  type ReleaseOutput,
  registryTarget,
  releaseFiles,
  releasePaths,
} from './release/index.js';
import { imageReference } from './release/registry.js';
import { type BackingService, backingService } from './services.js';
import { stackFor, unsupportedLanguage } from './stacks/index.js';
import { imageName } from './stacks/node.js';
import { TIER_FEATURES, type TierFeatures } from './tiers.js';
import type {
  CiProvider,
  Decision,
  Layout,
  PlannedFile,
  ProjectFiles,
  RenderedFile,
  SecretFile,
  SetupOptions,
  SetupPlan,
  StackPlan,
} from './types.js';

export interface PlanDependencies {
  /** The project tree (default: the disk under `facts.root`). */
  readonly files?: ProjectFiles;
  /**
   * Tier 4: digests of the base and service images (`image:tag` → `sha256:…`), resolved by the caller through the
   * engine or the registry (`imagesToPin` lists what to resolve). Images without one stay unpinned.
   */
  readonly digests?: ImageDigests;
}

/** The app `--app` names (package name, path or directory), or the best candidate. */
export function selectApp(facts: ProjectFacts, app?: string): AppFacts {
  if (facts.apps.length === 0) {
    throw new InputError(
      'no deployable app found',
      facts.root,
      facts.notes[0]?.message ?? 'Run `dockwright detect` to see what was found.',
    );
  }
  if (app === undefined) return facts.apps[0]!;
  const clean = app.replace(/^\.\//, '').replace(/\/$/, '');
  const found = facts.apps.find(
    (a) => a.name === app || a.path === clean || posix.basename(a.path) === clean || a.entry === app,
  );
  if (!found) {
    throw new InputError(
      `no app '${app}'`,
      facts.root,
      `Apps found: ${facts.apps.map((a) => `${a.name} (${a.path})`).join(', ')}.`,
    );
  }
  return found;
}

function layoutFor(facts: ProjectFacts, app: AppFacts): Layout {
  if (app.path === '.') return { context: '.', dockerfile: 'Dockerfile', appInContext: '.' };
  const lockfile = app.packageManager?.lockfile ?? null;
  const lockInApp = lockfile?.startsWith(`${app.path}/`);
  // A workspace member builds from the root, where the lockfile and the other members are.
  if (facts.monorepo || (lockfile !== null && !lockInApp)) {
    return { context: '.', dockerfile: `${app.path}/Dockerfile`, appInContext: app.path };
  }
  return { context: app.path, dockerfile: `${app.path}/Dockerfile`, appInContext: '.' };
}

// ---- environment ------------------------------------------------------------------------------------

interface Connection {
  readonly value: string;
  /** Holds a password: comes from .env, never from compose.yaml. */
  readonly secret: boolean;
  readonly service: string;
}

const PLACEHOLDER = 'change-me';

function pick(services: readonly BackingService[], ...names: string[]): BackingService | undefined {
  for (const n of names) {
    const s = services.find((x) => x.name === n);
    if (s) return s;
  }
  return undefined;
}

/** What a variable should be inside the Compose stack, when its name says which service it points at. */
export function connectionFor(name: string, services: readonly BackingService[]): Connection | undefined {
  const n = name.toUpperCase();
  const family = (prefix: string): BackingService | undefined => {
    if (/MONGO/.test(prefix)) return pick(services, 'mongodb');
    if (/MYSQL|MARIA/.test(prefix)) return pick(services, 'mysql', 'mariadb');
    if (/POSTGRES|^PG/.test(prefix)) return pick(services, 'postgres');
    if (/REDIS|VALKEY|CACHE/.test(prefix)) return pick(services, 'redis', 'valkey');
    if (/AMQP|RABBIT/.test(prefix)) return pick(services, 'rabbitmq');
    if (/KAFKA/.test(prefix)) return pick(services, 'kafka');
    if (/NATS/.test(prefix)) return pick(services, 'nats');
    if (/MINIO|S3/.test(prefix)) return pick(services, 'minio');
    if (/ELASTIC|^ES$/.test(prefix)) return pick(services, 'elasticsearch');
    if (/OPENSEARCH/.test(prefix)) return pick(services, 'opensearch');
    if (/MEMCACHE/.test(prefix)) return pick(services, 'memcached');
    if (/^(DB|DATABASE)$/.test(prefix)) return pick(services, 'postgres', 'mysql', 'mariadb', 'mongodb');
    return undefined;
  };
  const m =
    /^(.*?)_?(URL|URI|DSN|HOST|HOSTNAME|PORT|BROKERS|BOOTSTRAP_SERVERS|ENDPOINT|PASSWORD|USER|USERNAME|NAME)$/.exec(
      n,
    );
  if (!m) return undefined;
  const [, prefix = '', what] = m;
  const service = family(prefix);
  if (!service) return undefined;
  const [host, port] = service.address.split(':') as [string, string];
  switch (what) {
    case 'URL':
    case 'URI':
    case 'DSN':
    case 'ENDPOINT':
      if (!service.url) return { value: service.address, secret: false, service: service.name };
      return {
        value: service.url.replace('PASSWORD', PLACEHOLDER),
        secret: service.url.includes('PASSWORD'),
        service: service.name,
      };
    case 'HOST':
    case 'HOSTNAME':
      return { value: host, secret: false, service: service.name };
    case 'PORT':
      return { value: port, secret: false, service: service.name };
    case 'BROKERS':
    case 'BOOTSTRAP_SERVERS':
      return { value: service.address, secret: false, service: service.name };
    case 'PASSWORD':
      return Object.keys(service.secrets).length
        ? { value: PLACEHOLDER, secret: true, service: service.name }
        : undefined;
    case 'USER':
    case 'USERNAME':
    case 'NAME':
      return { value: 'app', secret: false, service: service.name };
    default:
      return undefined;
  }
}

// ---- files ------------------------------------------------------------------------------------------

/** Tier 3–4 files at the project root that never belong in the image (a change to them must not bust the cache). */
function releaseIgnores(tier: number, ci: CiProvider): string[] {
  if (tier < 3) return [];
  const p = releasePaths(tier === 4 ? 4 : 3, ci);
  return [
    // Jenkins writes its reports to ci-reports/ at the end of a build; never let them into a later build context.
    ...(ci === 'jenkins' ? [p.pipeline, 'ci-reports'] : []),
    p.trivyConfig,
    p.trivyIgnore,
    ...[p.bake, p.compliance, p.harborValues, p.falcoRules, p.cosignPolicy].filter(
      (x): x is string => x !== null,
    ),
  ];
}

function dockerignore(stack: StackPlan, layout: Layout, release: readonly string[]): DockerignoreModel {
  return {
    header: [
      'Generated by dockwright init. Keeps the build context small and secrets out of image layers.',
      'Everything the Dockerfile COPYs must stay included; `dockwright lint` checks that.',
    ],
    groups: [
      { title: 'Version control and CI', patterns: ['.git', '.github', '.gitlab-ci.yml', '.circleci'] },
      {
        title: 'Docker files themselves (changing them should not bust the COPY . cache)',
        patterns: [
          '**/Dockerfile*',
          '**/*.Dockerfile',
          '**/compose*.y*ml',
          '**/docker-compose*.y*ml',
          '.dockerignore',
          'README.Docker.md',
        ],
      },
      {
        title: 'Secrets and local environment',
        patterns: ['**/.env', '**/.env.*', '!**/.env.example', 'secrets', '**/*.pem', '**/*.key'],
      },
      {
        title: 'Editors and OS files',
        patterns: ['.vscode', '.idea', '**/*.swp', '**/.DS_Store', '**/Thumbs.db', '**/*.log'],
      },
      ...(release.length && layout.context === '.'
        ? [{ title: 'Release pipeline, scanning and policy files', patterns: [...release] }]
        : []),
      ...stack.ignore,
    ].filter((g) => g.patterns.length > 0 || layout.context === '.'),
  };
}

const EXAMPLE_FILE = /(^|\/)\.env\.(example|sample|template|dist|defaults)$|(^|\/)\.env-example$/;

/** Where the code reads it; example env files are listings, not readers (and init writes one itself). */
function readers(e: EnvVarFacts): string[] {
  return e.sources.filter((s) => !EXAMPLE_FILE.test(s));
}

function envDescription(e: EnvVarFacts, inCompose: Connection | undefined): string[] {
  const code = readers(e);
  const lines = [
    code.length ? `Read by ${code.slice(0, 3).join(', ')}.` : 'Listed in the project’s example env file.',
  ];
  if (inCompose && !inCompose.secret)
    lines.push(`compose.yaml sets it to ${inCompose.value} inside the stack.`);
  if (inCompose?.secret)
    lines.push(
      `Points at the ${inCompose.service} service; use the password from secrets/ (see README.Docker.md).`,
    );
  if (e.secret)
    lines.push('Secret: keep real values in .env (git-ignored) or a secret store, never in the image.');
  return lines;
}

/**
 * `.env.example`: every variable the code reads, then the image's runtime defaults. Stable when init reads its
 * own output back: a variable only listed in an example file that the image sets stays a runtime default.
 */
function envExample(app: AppFacts, services: readonly BackingService[], stack: StackPlan): EnvExampleModel {
  const detected: EnvVariable[] = [];
  const listed: EnvVariable[] = [];
  const seen = new Set<string>();
  for (const e of [...app.env].sort((a, b) => a.name.localeCompare(b.name))) {
    const fromCode = readers(e).length > 0;
    if (!fromCode && e.name in stack.environment) continue;
    seen.add(e.name);
    const conn = connectionFor(e.name, services);
    const value =
      e.name === 'PORT' && stack.port !== null
        ? String(stack.port)
        : (conn?.value ?? (e.secret ? '' : (e.example ?? '')));
    const v = {
      name: e.name,
      value,
      description: envDescription(e, conn),
      secret: e.secret || conn?.secret === true,
    };
    (fromCode ? detected : listed).push(v);
  }
  const image: EnvVariable[] = Object.entries(stack.environment)
    .filter(([k]) => !seen.has(k))
    .map(([name, value]) => ({
      name,
      value,
      description: ['Set by the image (Dockerfile ENV); override here or in compose.yaml.'],
      secret: false,
    }));
  return {
    header: [
      'Every environment variable the app reads, documented. Copy to .env and fill in; .env is git- and docker-ignored.',
      'Generated by dockwright init from the variables found in the code and example env files.',
    ],
    sections: [
      ...(detected.length ? [{ title: 'Read by the app', variables: detected }] : []),
      ...(listed.length ? [{ title: 'Listed in the example env file', variables: listed }] : []),
      ...(image.length ? [{ title: 'Runtime defaults from the image', variables: image }] : []),
    ],
  };
}

interface ComposePair {
  readonly main: ComposeFileModel;
  readonly override: ComposeFileModel | null;
  readonly services: readonly BackingService[];
  readonly appService: string;
}

function composeFiles(
  app: AppFacts,
  stack: StackPlan,
  layout: Layout,
  features: TierFeatures,
  tier: number,
): ComposePair {
  const services = app.services
    .map((s) => backingService(s.name, features))
    .filter((s): s is BackingService => s !== undefined)
    .filter((s, i, all) => all.findIndex((x) => x.name === s.name) === i);
  let appName = imageName(app.name).replace(/[^a-z0-9_.-]/g, '-');
  if (services.some((s) => s.name === appName)) appName = 'app';

  const environment: Record<string, string> = {};
  for (const e of app.env) {
    const conn = connectionFor(e.name, services);
    if (conn && !conn.secret) environment[e.name] = conn.value;
  }
  const needsEnvFile = app.env.some((e) => {
    const conn = connectionFor(e.name, services);
    // PORT and the image's own variables (NODE_ENV, HOST) are set by the Dockerfile, not by .env.
    return e.name !== 'PORT' && !(e.name in stack.environment) && (!conn || conn.secret);
  });
  const networks = services.length ? ['frontend', 'backend'] : ['frontend'];
  const build = {
    context: layout.context === '.' ? '.' : `./${layout.context}`,
    ...(layout.dockerfile === posix.join(layout.context, 'Dockerfile') && layout.context !== '.'
      ? {}
      : layout.dockerfile === 'Dockerfile'
        ? {}
        : { dockerfile: posix.relative(layout.context, layout.dockerfile) }),
    target: 'runtime',
  };
  const longRunning = app.kind !== 'cli';
  const appService: ComposeService = {
    build,
    ...(needsEnvFile ? { env_file: [{ path: '.env', required: false }] } : {}),
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(stack.port !== null ? { ports: [`${stack.port}:${stack.port}`] } : {}),
    ...(stack.dataDir ? { volumes: [`app-data:${stack.dataDir}`] } : {}),
    ...(services.length
      ? {
          depends_on: Object.fromEntries(
            services.map((s) => [s.name, { condition: 'service_healthy' as const, restart: true }]),
          ),
        }
      : {}),
    ...(stack.healthcheck
      ? { healthcheck: stack.healthcheck }
      : app.kind === 'worker'
        ? { healthcheck: { disable: true } }
        : {}),
    restart: longRunning ? 'unless-stopped' : 'no',
    // Runtimes as PID 1 ignore SIGTERM without their own handler (verify measured `node` killed after the grace period).
    init: true,
    ...(features.hardenedRuntime
      ? {
          read_only: true,
          tmpfs: ['/tmp', ...(stack.writablePaths ?? []).filter((p) => p !== '/tmp')],
          cap_drop: ['ALL'],
        }
      : {}),
    security_opt: ['no-new-privileges:true'],
    networks,
    deploy: { resources: { limits: { cpus: '1.0', memory: '512M' } } },
  };
  const volumes: Record<string, Record<string, never>> = {};
  if (stack.dataDir) volumes['app-data'] = {};
  for (const s of services) for (const v of s.volumes) volumes[v] = {};
  const secrets: Record<string, { file: string }> = {};
  for (const s of services) for (const [k, file] of Object.entries(s.secrets)) secrets[k] = { file };

  const main: ComposeFileModel = {
    header: [
      `Generated by dockwright init (tier ${tier}). Start everything: docker compose up --build`,
      ...(Object.keys(secrets).length
        ? ['Create the secret files under ./secrets first (see README.Docker.md); they are never committed.']
        : []),
      'Development settings live in compose.override.yaml, which Compose merges automatically.',
    ],
    services: {
      [appName]: appService,
      ...Object.fromEntries(services.map((s) => [s.name, s.service])),
    },
    networks: {
      frontend: {},
      ...(services.length ? { backend: { internal: true } } : {}),
    },
    ...(Object.keys(volumes).length ? { volumes } : {}),
    ...(Object.keys(secrets).length ? { secrets } : {}),
  };

  let override: ComposeFileModel | null = null;
  if (stack.dev && features.devOverride !== false) {
    const dev = stack.dev;
    const basePorts = new Set(appService.ports ?? []);
    const ports = dev.ports.filter((p) => !basePorts.has(p));
    override = {
      header: [
        'Development overrides, merged over compose.yaml by `docker compose up` and `docker compose watch`.',
        ...dev.notes.map((n) => `The app ${n}.`),
      ],
      services: {
        [appName]: {
          build: { ...build, target: dev.target },
          ...(dev.command ? { command: dev.command } : {}),
          ...(dev.healthcheck ? { healthcheck: dev.healthcheck } : {}),
          // The dev container compiles and caches into its tree: the production read-only root would stop it.
          ...(features.hardenedRuntime
            ? {
                read_only: false,
                comments: {
                  read_only: [
                    'dockwright ignore=read-only-root -- dev only: `docker compose watch` syncs source into the container and the toolchain writes build output; compose.yaml keeps the production service read-only',
                  ],
                },
              }
            : {}),
          environment: dev.environment,
          ...(ports.length ? { ports } : {}),
          develop: { watch: dev.watch },
        },
      },
    };
  }
  return { main, override, services, appService: appName };
}

function readme(
  plan: Omit<SetupPlan, 'files' | 'secretFiles' | 'release'>,
  compose: ComposePair | null,
  env: EnvExampleModel | null,
  release: ReleaseOutput | null,
  releaseCtx: ReleaseContext | null,
  stackNotes: readonly string[],
): MarkdownBlock[] {
  const testStage = releaseCtx?.stages.test ?? null;
  const { app, layout } = plan;
  const name = imageName(app.name);
  const port = plan.ports[0];
  const ctxDir = layout.context === '.' ? '.' : layout.context;
  const fileFlag =
    layout.dockerfile === 'Dockerfile' || layout.dockerfile === `${layout.context}/Dockerfile`
      ? ''
      : ` -f ${layout.dockerfile}`;
  const blocks: MarkdownBlock[] = [
    { kind: 'heading', level: 1, text: `Docker setup for ${app.name}` },
    {
      kind: 'paragraph',
      text: `Generated by \`dockwright init\` at tier ${plan.tier} (${plan.profile} review profile). Re-running \`dockwright init\` with the choices saved in \`.dockwright.yaml\` reproduces these files byte for byte.`,
    },
    { kind: 'heading', level: 2, text: 'Build and run the image' },
    {
      kind: 'code',
      lang: 'sh',
      lines: [
        `docker build -t ${name}:dev${fileFlag} ${ctxDir}`,
        port !== undefined ? `docker run --rm -p ${port}:${port} ${name}:dev` : `docker run --rm ${name}:dev`,
      ],
    },
    {
      kind: 'paragraph',
      text: 'For releases pass the OCI metadata: `--build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) --build-arg SOURCE_URL=https://github.com/you/repo`.',
    },
  ];
  if (stackNotes.length) {
    blocks.push(
      { kind: 'heading', level: 2, text: 'About this image' },
      { kind: 'list', items: [...stackNotes] },
    );
  }
  if (compose) {
    const secrets = Object.entries(compose.main.secrets ?? {});
    blocks.push({ kind: 'heading', level: 2, text: 'Run the stack with Compose' });
    if (secrets.length) {
      blocks.push(
        {
          kind: 'paragraph',
          text: 'Passwords reach the services as Compose secrets (files mounted under /run/secrets), not environment variables. Create them once; keep `secrets/` out of git:',
        },
        {
          kind: 'code',
          lang: 'sh',
          lines: [
            'mkdir -p secrets',
            ...secrets
              .filter(([k]) => k !== 'rabbitmq_config')
              .map(([, s]) => `openssl rand -base64 24 | tr -d '/+=' > ${s.file.replace(/^\.\//, '')}`),
            ...(secrets.some(([k]) => k === 'rabbitmq_config')
              ? [
                  `printf 'default_user = app\\ndefault_pass = %s\\n' "$(openssl rand -hex 16)" > secrets/rabbitmq.conf`,
                ]
              : []),
            "echo 'secrets/' >> .gitignore",
          ],
        },
        {
          kind: 'paragraph',
          text: 'Then copy `.env.example` to `.env` and put the same passwords into the connection URLs there.',
        },
      );
    }
    blocks.push(
      { kind: 'code', lang: 'sh', lines: ['docker compose up --build'] },
      {
        kind: 'list',
        items: [
          `\`${compose.appService}\`: the app${port !== undefined ? ` on http://localhost:${port}` : ''}${compose.services.length ? `, started once ${compose.services.map((s) => s.name).join(', ')} report healthy` : ''}.`,
          ...compose.services.map(
            (s) =>
              `\`${s.name}\`: \`${s.image}\`, data in a named volume, health-checked, reachable only on the internal \`backend\` network.`,
          ),
          'Every service has a restart policy and CPU/memory limits (`deploy.resources.limits`).',
          ...(plan.tier >= 3
            ? [
                `The app runs with a read-only root filesystem (writable: ${(compose.main.services[compose.appService]?.tmpfs ?? ['/tmp']).map((t) => `\`${t}\``).join(', ')} as tmpfs${compose.main.services[compose.appService]?.volumes?.length ? ', plus its data volume' : ''}), \`cap_drop: [ALL]\` and \`no-new-privileges\`.`,
                ...(compose.services.length
                  ? [
                      `Backing services drop every capability and add back only what their official entrypoints need to set up their data directory and switch to their own user${plan.tier === 4 ? '; they run read-only too, with tmpfs for sockets and scratch files' : ''}.`,
                    ]
                  : []),
              ]
            : []),
        ],
      },
    );
    if (compose.override) {
      blocks.push(
        { kind: 'heading', level: 2, text: 'Develop' },
        {
          kind: 'paragraph',
          text: '`compose.override.yaml` builds the `dev` stage (all dependencies) and syncs source changes into the container:',
        },
        { kind: 'code', lang: 'sh', lines: ['docker compose watch'] },
        {
          kind: 'list',
          items: compose.override.header.slice(1).map((l) => l.replace(/^The app /, 'The app ')),
        },
      );
    }
  }
  if (env?.sections.length) {
    blocks.push(
      { kind: 'heading', level: 2, text: 'Environment variables' },
      {
        kind: 'table',
        head: ['Variable', 'Secret', 'Example'],
        rows: env.sections.flatMap((s) =>
          s.variables.map((v) => [
            `\`${v.name}\``,
            v.secret ? 'yes' : 'no',
            v.secret || v.value === '' ? '' : `\`${v.value}\``,
          ]),
        ),
      },
    );
  }
  blocks.push(
    ...(testStage
      ? [
          { kind: 'heading', level: 2, text: 'Run the tests in Docker' } as const,
          {
            kind: 'paragraph',
            text: `The Dockerfile goes build → test → production: the \`${testStage.stage}\` stage runs \`${testStage.command}\` (${testStage.reason}). The production stage does not depend on it, so \`docker build\` of the image skips it; CI builds it first.`,
          } as const,
          {
            kind: 'code',
            lang: 'sh',
            lines: [`docker build --target ${testStage.stage}${fileFlag} ${ctxDir}`],
          } as const,
        ]
      : []),
    ...(releaseCtx ? registryReadme(releaseCtx) : []),
    ...(release?.readme ?? []),
    { kind: 'heading', level: 2, text: 'What was chosen and why' },
    {
      kind: 'table',
      head: ['Topic', 'Choice', 'Reason'],
      rows: [
        ...plan.images.map((i) => [`base image (${i.stage})`, `\`${i.image}\``, i.reason]),
        ...(plan.user
          ? [['user', `${plan.user.name} (uid ${plan.user.uid})`, 'non-root; the image already defines it']]
          : []),
        ...plan.decisions.map((d) => [d.topic, d.choice, d.reason]),
      ],
    },
    { kind: 'heading', level: 2, text: 'Check it' },
    {
      kind: 'code',
      lang: 'sh',
      lines: [`dockwright lint --profile ${plan.profile}`, 'docker compose config --quiet'],
    },
  );
  return blocks;
}

/** README.Docker.md: where the pipeline pushes and how to prepare that registry (tiers 3–4). */
function registryReadme(ctx: ReleaseContext): MarkdownBlock[] {
  const r = ctx.registry;
  const ref = imageReference(r, (v) => `$${v}`);
  // ghcr's own token exists only on GitHub Actions; cloud OIDC federation everywhere but Jenkins.
  const federated =
    r.federation !== null &&
    (r.federation.kind === 'github-token' ? ctx.ci === 'github' : ctx.ci !== 'jenkins');
  return [
    { kind: 'heading', level: 2, text: `Registry: ${r.title}` },
    {
      kind: 'paragraph',
      text: `The pipeline pushes \`${ref}\` (tags from git: \`sha-<short>\`, the branch, and \`1.2.3\`/\`1.2\`/\`1\` for a \`v1.2.3\` tag); deployments use its digest. ${
        federated
          ? 'It logs in with a short-lived identity from the CI (no stored key).'
          : 'It logs in with a credential stored in the CI (see the pipeline section below for its name).'
      }`,
    },
    {
      kind: 'list',
      items: r.setup
        // OIDC set-up steps only where the pipeline uses federation.
        .filter((l) => federated || !/OIDC|Workload Identity|federated credential|GITHUB_TOKEN/.test(l))
        .map((l) => l.replace(/\{([A-Z0-9_]+)\}/g, '$$$1')),
    },
  ];
}

// ---- tiers 3–4 ----------------------------------------------------------------------------------------

/** Platforms at tier 3: one (the runner's); tier 4 or `--multi-arch`: every platform the stack's images publish. */
function releasePlatforms(sp: StackPlan, features: TierFeatures, multiArch: boolean | undefined): string[] {
  const all = sp.platforms?.length ? [...sp.platforms] : ['linux/amd64', 'linux/arm64'];
  return features.enterprise || multiArch ? all : ['linux/amd64'];
}

/** The last WORKDIR of the final stage (where the app's files are), `/` when it sets none. */
function finalWorkdir(sp: StackPlan): string {
  const final = sp.dockerfile.stages.at(-1);
  const workdir = final?.instructions.findLast((i) => i.kind === 'WORKDIR');
  return workdir?.kind === 'WORKDIR' ? workdir.path : '/';
}

function releaseContext(
  plan: Omit<SetupPlan, 'files' | 'secretFiles' | 'release'>,
  sp: StackPlan,
  compose: ComposePair | null,
  features: TierFeatures,
  version: string,
): ReleaseContext {
  const tier = plan.tier === 4 ? 4 : 3;
  const image = imageName(plan.app.name);
  return {
    tier,
    ci: plan.options.ci ?? 'github',
    registry: registryTarget(plan.options.registry ?? 'hub', image),
    image,
    app: plan.app,
    stack: plan.stack,
    layout: plan.layout,
    stages: { production: 'runtime', test: sp.test ?? null, dev: sp.dev?.target ?? null },
    platforms: releasePlatforms(sp, features, plan.options.multiArch),
    profile: plan.profile,
    dockwrightVersion: version,
    defaultBranch: 'main',
    port: plan.ports[0] ?? null,
    appDir: finalWorkdir(sp),
    writablePaths: ['/tmp', ...(sp.writablePaths ?? []), ...(sp.dataDir ? [sp.dataDir] : [])].filter(
      (p, i, all) => all.indexOf(p) === i,
    ),
    user: plan.user,
    composeFiles: compose ? ['compose.yaml', ...(compose.override ? ['compose.override.yaml'] : [])] : [],
    paths: releasePaths(tier, plan.options.ci ?? 'github'),
  };
}

// ---- the plan ----------------------------------------------------------------------------------------

/** Facts + options → every file as a typed model, with the choices and their reasons. Pure apart from reading optional project files. */
export function planSetup(
  facts: ProjectFacts,
  options: SetupOptions,
  deps: PlanDependencies = {},
): SetupPlan {
  const app = selectApp(facts, options.app);
  const stack = stackFor(app.language.name);
  if (!stack) throw unsupportedLanguage(app.language.name);
  const features = TIER_FEATURES[options.tier];
  const layout = layoutFor(facts, app);
  const files = deps.files ?? diskProjectFiles(facts.root);
  const sp = stack.plan({ facts, app, tier: options.tier, options, files, layout });

  const decisions: Decision[] = [...sp.decisions];
  if (app.kind === 'worker') {
    decisions.push({
      topic: 'health check',
      choice: 'none for the worker (compose `healthcheck: disable: true`)',
      reason: 'a worker has no port to probe; add a heartbeat check (a file or a queue ping) when it has one',
    });
  }
  if (options.tier === 1 && sp.user) {
    decisions.push({
      topic: 'user at tier 1',
      choice: `non-root (${sp.user.name})`,
      reason:
        'the spec asks for it from tier 2, but the image already has the user, so tier 1 gets it for free',
    });
  }
  const digests = features.enterprise ? deps.digests : undefined;
  const dockerfileModel = digests ? pinDockerfile(sp.dockerfile, digests) : sp.dockerfile;
  const planned: PlannedFile[] = [{ kind: 'dockerfile', path: layout.dockerfile, model: dockerfileModel }];
  planned.push({
    kind: 'dockerignore',
    path: layout.context === '.' ? '.dockerignore' : `${layout.context}/.dockerignore`,
    model: dockerignore(sp, layout, releaseIgnores(options.tier, options.ci ?? 'github')),
  });
  planned.push(...sp.extraFiles);
  const withCompose = features.compose || options.compose === true;
  const compose = withCompose ? composeFiles(app, sp, layout, features, options.tier) : null;
  if (compose) {
    planned.push({
      kind: 'compose',
      path: 'compose.yaml',
      model: digests ? pinCompose(compose.main, digests) : compose.main,
    });
    if (compose.override)
      planned.push({ kind: 'compose', path: 'compose.override.yaml', model: compose.override });
  }
  const env = features.envExample ? envExample(app, compose?.services ?? [], sp) : null;
  if (env) planned.push({ kind: 'env-example', path: '.env.example', model: env });

  const base: Omit<SetupPlan, 'files' | 'secretFiles' | 'release'> = {
    tier: options.tier,
    profile: features.profile,
    stack: stack.id,
    app,
    layout,
    finalImage: sp.finalImage,
    images: sp.images,
    user: sp.user,
    ports: sp.port === null ? [] : [sp.port],
    decisions,
    options: { ...options, finalImage: options.finalImage ?? features.finalImage },
  };
  const releaseCtx = features.release
    ? releaseContext(base, sp, compose, features, dockwrightVersion())
    : null;
  const release = releaseCtx ? releaseFiles(releaseCtx) : null;
  if (release) {
    planned.push(...release.files);
    decisions.push(...release.decisions);
  }
  if (features.readme) {
    planned.push({
      kind: 'markdown',
      path: 'README.Docker.md',
      model: { blocks: readme(base, compose, env, release, releaseCtx, sp.readme) },
    });
  }
  const secretFiles: SecretFile[] = Object.entries(compose?.main.secrets ?? {}).map(([name, s]) => ({
    path: s.file.replace(/^\.\//, ''),
    kind: name === 'rabbitmq_config' ? 'rabbitmq-config' : 'password',
  }));
  return { ...base, files: planned, secretFiles, release: releaseCtx };
}

export function renderFile(file: PlannedFile): RenderedFile {
  const content = (() => {
    switch (file.kind) {
      case 'dockerfile':
        return printDockerfile(file.model);
      case 'compose':
        return printCompose(file.model);
      case 'dockerignore':
        return printDockerignore(file.model);
      case 'env-example':
        return printEnvExample(file.model);
      case 'markdown':
        return printMarkdown(file.model);
      case 'nginx':
        return printNginxSite(file.model);
      case 'yaml':
        return printYaml(file.model);
      case 'bake':
        return printBake(file.model);
      case 'jenkinsfile':
        return printJenkinsfile(file.model);
      case 'text':
        return `${file.model.lines.join('\n')}\n`;
    }
  })();
  return { path: file.path, kind: file.kind, content };
}

/** Every planned file printed, in plan order. */
export function renderPlan(plan: SetupPlan): RenderedFile[] {
  return plan.files.map(renderFile);
}
