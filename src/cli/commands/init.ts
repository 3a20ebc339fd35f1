import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Diagnostic } from '../../core/diagnostic.js';
import { DockwrightError, UsageError } from '../../core/errors.js';
import { pathExists, writeFileAtomic } from '../../core/fs.js';
import { type AppFacts, detectProject, type ProjectFacts } from '../../detect/index.js';
import type { DigestResolution, ResolveDigests, ResolvedDigest } from '../../engine/registry/resolve.js';
import { type InitConfig, initConfigFrom, readInitConfig, writeInitConfig } from '../../generate/config.js';
import { imagesToPin } from '../../generate/pin.js';
import { planSetup, renderPlan } from '../../generate/plan.js';
import { selfCheck } from '../../generate/self-check.js';
import { stackFor, unsupportedLanguage } from '../../generate/stacks/index.js';
import type {
  CiProvider,
  FinalImage,
  Registry,
  RenderedFile,
  SetupOptions,
  SetupPlan,
  Tier,
} from '../../generate/types.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../io.js';

/** The questions `init` may ask; injected so tests drive the interactive flow without a terminal. */
export interface InitPrompts {
  /** `null` = cancelled. */
  select<T extends string>(question: {
    message: string;
    options: { value: T; label: string; hint?: string }[];
    initialValue?: T;
  }): Promise<T | null>;
  /** `null` = cancelled. */
  confirm(question: { message: string; initialValue?: boolean }): Promise<boolean | null>;
  note(message: string, title?: string): void;
}

/** @clack/prompts on the real terminal. */
export async function clackPrompts(): Promise<InitPrompts> {
  const p = await import('@clack/prompts');
  return {
    async select(q) {
      const value = await p.select({
        message: q.message,
        options: q.options.map((o) => ({
          value: o.value,
          label: o.label,
          ...(o.hint ? { hint: o.hint } : {}),
        })) as never,
        ...(q.initialValue !== undefined ? { initialValue: q.initialValue } : {}),
      });
      return p.isCancel(value) ? null : (value as typeof q.initialValue & string);
    },
    async confirm(q) {
      const value = await p.confirm({ message: q.message, initialValue: q.initialValue ?? true });
      return p.isCancel(value) ? null : value;
    },
    note: (message, title) => p.note(message, title),
  };
}

export interface InitDependencies {
  /** Prompts for the interactive flow; default: @clack/prompts when on a TTY. */
  readonly prompts?: InitPrompts;
  /** Force interactive on or off (default: stdout is a TTY, not CI, and no --yes/--dry-run/--diff). */
  readonly interactive?: boolean;
  /** Random bytes for the secret files (injected in tests). */
  readonly random?: (bytes: number) => string;
  /**
   * Tier 4: resolves `name:tag` → `sha256:…` for the images init pins (default: the registry API, then the local
   * engine's RepoDigests). Injected in tests so they need no network.
   */
  readonly resolveDigests?: ResolveDigests;
}

const TIERS = ['1', '2', '3', '4'];
const FINAL_IMAGES = ['official', 'slim', 'alpine', 'distroless', 'scratch'];
const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab', 'jenkins', 'circleci'];
const REGISTRIES: readonly Registry[] = ['hub', 'ghcr', 'ecr', 'gcr', 'acr', 'harbor'];
const LANGS = ['python', 'node', 'go', 'rust', 'java', 'dotnet', 'static', 'bun'];

export async function run(ctx: CommandContext): Promise<number> {
  return runInit(ctx);
}

function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

interface Flags {
  readonly dir: string;
  readonly shown: string;
  readonly tier?: Tier;
  readonly lang?: string;
  readonly app?: string;
  readonly port?: number;
  readonly finalImage?: FinalImage;
  readonly registry?: Registry;
  readonly ci?: CiProvider;
  readonly compose: boolean;
  readonly multiArch: boolean;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly diff: boolean;
  readonly force: boolean;
  /** `--pin-digests` true, `--no-pin-digests` false, neither undefined (on at tier 4). */
  readonly pinDigests?: boolean;
  /** `--digest image=sha256:…`, given offline. */
  readonly digests: ReadonlyMap<string, string>;
}

const SHA256 = /^sha256:[0-9a-f]{64}$/;

function digestFlags(ctx: CommandContext): Map<string, string> {
  const raw = ctx.options.digest;
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const out = new Map<string, string>();
  for (const v of values) {
    const eq = String(v).indexOf('=');
    const image = eq > 0 ? String(v).slice(0, eq) : '';
    const digest = eq > 0 ? String(v).slice(eq + 1) : '';
    if (!image || image.includes('@') || !SHA256.test(digest))
      throw new UsageError(
        `invalid --digest '${v}'`,
        'Expected <image>=sha256:<64 hex digits>, with the image as the Dockerfile names it (e.g. node:20-bookworm-slim=sha256:…).',
      );
    if (out.has(image) && out.get(image) !== digest)
      throw new UsageError(`--digest given twice for ${image} with different digests`);
    out.set(image, digest);
  }
  return out;
}

function pinFlag(ctx: CommandContext): boolean | undefined {
  const on = ctx.options['pin-digests'] === true;
  const off = ctx.options['no-pin-digests'] === true;
  if (on && off) throw new UsageError('--pin-digests and --no-pin-digests contradict each other');
  return on ? true : off ? false : undefined;
}

function parseFlags(ctx: CommandContext): Flags {
  if (ctx.positionals.length > 1) {
    throw new UsageError(
      `expected one directory, got ${ctx.positionals.length}`,
      "Run 'dockwright init --help'.",
    );
  }
  // The spec's scaffold script takes `<name> --path <dir>`; with --path the positional is only a name.
  const given = str(ctx, 'path') ?? ctx.positionals[0] ?? '.';
  const cwd = ctx.output.io.cwd;
  const tier = str(ctx, 'tier');
  const port = str(ctx, 'port');
  if (port !== undefined && !(Number.isInteger(Number(port)) && Number(port) > 0 && Number(port) < 65536)) {
    throw new UsageError(`invalid --port '${port}'`, 'Expected a port number, 1-65535.');
  }
  const lang = str(ctx, 'lang');
  if (lang !== undefined && !LANGS.includes(lang))
    throw new UsageError(`unknown --lang '${lang}'`, `Expected one of: ${LANGS.join(', ')}.`);
  const finalImage = str(ctx, 'final-image');
  const pinDigests = pinFlag(ctx);
  return {
    dir: isAbsolute(given) ? given : resolve(cwd, given),
    shown: given,
    ...(tier !== undefined ? { tier: Number(tier) as Tier } : {}),
    ...(lang !== undefined ? { lang } : {}),
    ...(str(ctx, 'app') !== undefined ? { app: str(ctx, 'app')! } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(finalImage !== undefined ? { finalImage: finalImage as FinalImage } : {}),
    ...(str(ctx, 'registry') !== undefined ? { registry: str(ctx, 'registry') as Registry } : {}),
    ...(str(ctx, 'ci') !== undefined ? { ci: str(ctx, 'ci') as CiProvider } : {}),
    compose: ctx.options.compose === true,
    multiArch: ctx.options['multi-arch'] === true,
    yes: ctx.options.yes === true,
    dryRun: ctx.options['dry-run'] === true,
    diff: ctx.options.diff === true,
    force: ctx.options.force === true,
    ...(pinDigests !== undefined ? { pinDigests } : {}),
    digests: digestFlags(ctx),
  };
}

function summary(facts: ProjectFacts, app: AppFacts): string {
  const lines = [
    `app        ${app.name}${app.path === '.' ? '' : ` (${app.path})`}`,
    `language   ${app.language.name} ${app.language.version}${app.language.versionSource ? ` (${app.language.versionSource})` : ' (default)'}`,
    ...(app.packageManager
      ? [
          `packages   ${app.packageManager.name}${app.packageManager.lockfile ? ` (${app.packageManager.lockfile})` : ' (no lockfile)'}`,
        ]
      : []),
    ...(app.framework
      ? [
          `framework  ${app.framework.name}${app.framework.features.length ? ` [${app.framework.features.join(', ')}]` : ''}`,
        ]
      : []),
    `kind       ${app.kind}${app.port !== null ? ` on port ${app.port}` : ''}`,
    ...(app.services.length ? [`services   ${app.services.map((s) => s.name).join(', ')}`] : []),
    ...(app.env.length ? [`env        ${app.env.length} variable${app.env.length === 1 ? '' : 's'}`] : []),
    ...(facts.monorepo ? [`monorepo   ${facts.monorepo.tools.join(', ')}`] : []),
  ];
  return lines.join('\n');
}

function planSummary(plan: SetupPlan, files: readonly RenderedFile[]): string {
  return [
    `tier       ${plan.tier} (${plan.profile} profile)`,
    ...plan.images.map((i) => `image      ${i.stage}: ${i.image}`),
    `user       ${plan.user ? `${plan.user.name} (uid ${plan.user.uid})` : 'root'}`,
    `ports      ${plan.ports.join(', ') || 'none'}`,
    `files      ${files.map((f) => f.path).join(', ')}`,
    ...plan.decisions.map((d) => `decision   ${d.topic}: ${d.choice}`),
  ].join('\n');
}

function printFindings(out: Output, findings: readonly Diagnostic[]): void {
  if (findings.length === 0) {
    out.out(`${out.color.green('self-check:')} 0 findings`);
    return;
  }
  out.out(
    `${out.color.red('self-check:')} ${findings.length} finding${findings.length === 1 ? '' : 's'} (a bug in dockwright init; please report it)`,
  );
  for (const d of findings)
    out.out(`  ${d.file}:${d.start.line}:${d.start.column} ${d.severity} ${d.message} [${d.code}]`);
}

function patch(path: string, before: string, after: string): string {
  return createTwoFilesPatch(path, path, before, after, '', '', { context: 3 });
}

const defaultRandom = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function runInit(ctx: CommandContext, deps: InitDependencies = {}): Promise<number> {
  const out = ctx.output;
  const flags = parseFlags(ctx);
  const json = ctx.format === 'json';
  const interactive =
    deps.interactive ??
    (Boolean(out.io.stdout.isTTY) && !flags.yes && !flags.dryRun && !flags.diff && !json && !out.io.env.CI);
  const prompts = interactive ? (deps.prompts ?? (await clackPrompts())) : undefined;

  if (flags.lang && !stackFor(flags.lang)) throw unsupportedLanguage(flags.lang);

  // Saved choices first, flags over them.
  const configPath = join(flags.dir, '.dockwright.yaml');
  const configText = (await pathExists(configPath)) ? await readFile(configPath, 'utf8') : undefined;
  const saved: Partial<InitConfig> = configText ? (readInitConfig(configText, configPath) ?? {}) : {};

  let appChoice = flags.app ?? saved.app;
  let facts = await detectProject(flags.dir, appChoice !== undefined ? { app: appChoice } : {});
  if (prompts && appChoice === undefined && facts.apps.length > 1) {
    const picked = await prompts.select({
      message: 'Which app should be containerized?',
      options: facts.apps.map((a) => ({ value: a.path, label: a.name, hint: `${a.path} · ${a.kind}` })),
      initialValue: facts.apps[0]!.path,
    });
    if (picked === null) return cancelled(out);
    appChoice = picked;
    facts = await detectProject(flags.dir, { app: picked });
  }
  const app = facts.apps[0];
  if (app && !stackFor(app.language.name)) throw unsupportedLanguage(app.language.name);
  if (prompts && app) prompts.note(summary(facts, app), 'Detected');

  let tier = flags.tier ?? saved.tier;
  if (tier === undefined && prompts) {
    const picked = await prompts.select<string>({
      message: 'What scale is this for?',
      options: [
        { value: '1', label: 'Single container', hint: 'Dockerfile + .dockerignore' },
        {
          value: '2',
          label: 'Compose stack',
          hint: 'non-root, health checks, services, dev override, .env.example',
        },
        {
          value: '3',
          label: 'Production',
          hint: 'test stage, read-only runtime, CI pipeline, Trivy, Cosign, registry',
        },
        {
          value: '4',
          label: 'Enterprise',
          hint: 'bake multi-arch, SBOM + provenance, digests, GitOps, Harbor, Falco, compliance',
        },
      ],
      initialValue: '2',
    });
    if (picked === null) return cancelled(out);
    tier = Number(picked) as Tier;
  }
  tier ??= 1;
  if (!TIERS.includes(String(tier)))
    throw new UsageError(`invalid --tier '${tier}'`, 'Expected 1, 2, 3 or 4.');
  const finalImage = flags.finalImage ?? saved.finalImage;
  if (finalImage !== undefined && !FINAL_IMAGES.includes(finalImage))
    throw new UsageError(
      `invalid --final-image '${finalImage}'`,
      `Expected one of: ${FINAL_IMAGES.join(', ')}.`,
    );
  const port = flags.port ?? saved.port;
  let registry = flags.registry ?? saved.registry;
  let ci = flags.ci ?? saved.ci;
  if (ci !== undefined && !CI_PROVIDERS.includes(ci))
    throw new UsageError(`invalid --ci '${ci}'`, `Expected one of: ${CI_PROVIDERS.join(', ')}.`);
  if (registry !== undefined && !REGISTRIES.includes(registry))
    throw new UsageError(`invalid --registry '${registry}'`, `Expected one of: ${REGISTRIES.join(', ')}.`);
  if (tier >= 3 && prompts) {
    if (ci === undefined) {
      const picked = await prompts.select<CiProvider>({
        message: 'Which CI runs the release pipeline?',
        options: [
          {
            value: 'github',
            label: 'GitHub Actions',
            hint: 'keyless signing, attestations, SARIF in code scanning',
          },
          { value: 'gitlab', label: 'GitLab CI', hint: 'rootless BuildKit, keyless signing' },
          { value: 'jenkins', label: 'Jenkins', hint: 'declarative pipeline, credentials bindings' },
          { value: 'circleci', label: 'CircleCI', hint: 'machine executor, contexts' },
        ],
        initialValue: 'github',
      });
      if (picked === null) return cancelled(out);
      ci = picked;
    }
    if (registry === undefined) {
      const picked = await prompts.select<Registry>({
        message: 'Where are images pushed?',
        options: [
          { value: 'hub', label: 'Docker Hub' },
          { value: 'ghcr', label: 'GitHub Container Registry' },
          { value: 'ecr', label: 'Amazon ECR', hint: 'OIDC role, no stored keys' },
          { value: 'gcr', label: 'Google Artifact Registry', hint: 'Workload Identity Federation' },
          { value: 'acr', label: 'Azure Container Registry', hint: 'federated credential' },
          { value: 'harbor', label: 'Harbor', hint: 'robot account' },
        ],
        initialValue: ci === 'github' ? 'ghcr' : 'hub',
      });
      if (picked === null) return cancelled(out);
      registry = picked;
    }
  }
  const options: SetupOptions = {
    tier,
    ...(appChoice !== undefined ? { app: appChoice } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(finalImage !== undefined ? { finalImage } : {}),
    ...(registry !== undefined ? { registry } : {}),
    ...(ci !== undefined ? { ci } : {}),
    ...(flags.compose || saved.compose ? { compose: true } : {}),
    ...(flags.multiArch || saved.multiArch ? { multiArch: true } : {}),
  };
  const pins = await pinImages(out, flags, tier, planSetup(facts, options), deps);
  const plan = pins.digests.size ? planSetup(facts, options, { digests: pins.digests }) : pins.plan;
  const rendered = renderPlan(plan);
  const config = initConfigFrom(plan, facts.monorepo !== null || plan.app.path !== '.');
  const files: RenderedFile[] = [
    ...rendered,
    { path: '.dockwright.yaml', kind: 'config', content: writeInitConfig(configText, config) },
  ];
  const checked = await selfCheck(plan, rendered, { root: facts.root });
  // Images left unpinned on request are the user's choice, not a bug in init: the note below says so instead.
  const findings = pins.unpinned.length ? checked.filter((d) => d.code !== 'base-image-digest') : checked;

  if (json) {
    out.out(
      JSON.stringify(
        {
          root: facts.root,
          app: plan.app.name,
          tier: plan.tier,
          profile: plan.profile,
          images: plan.images,
          user: plan.user,
          ports: plan.ports,
          decisions: plan.decisions,
          files: files.map((f) => ({ path: f.path, content: f.content })),
          digests: pins.resolved,
          unpinned: pins.unpinned,
          findings,
          written: false,
        },
        null,
        2,
      ),
    );
    return findings.length ? ExitCode.Findings : ExitCode.Ok;
  }

  if (flags.dryRun) {
    for (const f of files) {
      out.out(out.color.bold(`==> ${f.path} <==`));
      out.io.stdout.write(f.content);
      out.out('');
    }
    printPins(out, pins);
    printFindings(out, findings);
    return findings.length ? ExitCode.Findings : ExitCode.Ok;
  }

  // What is on disk already.
  const existing = new Map<string, string>();
  for (const f of files) {
    const abs = join(flags.dir, f.path);
    if (await pathExists(abs)) existing.set(f.path, await readFile(abs, 'utf8'));
  }

  if (flags.diff) {
    let changed = 0;
    for (const f of files) {
      const before = existing.get(f.path);
      if (before === f.content) continue;
      changed++;
      out.io.stdout.write(patch(f.path, before ?? '', f.content));
    }
    if (changed === 0) out.out('no changes: the files on disk are what init generates');
    printPins(out, pins);
    printFindings(out, findings);
    return findings.length ? ExitCode.Findings : ExitCode.Ok;
  }

  if (prompts) {
    prompts.note(planSummary(plan, rendered), 'Plan');
    const ok = await prompts.confirm({
      message: `Write ${files.length} files to ${flags.shown}?`,
      initialValue: true,
    });
    if (!ok) return cancelled(out);
  }

  // Decide per file: new, identical, overwrite (--force or chosen), keep.
  const toWrite: RenderedFile[] = [];
  const conflicts: string[] = [];
  const status = new Map<string, string>();
  for (const f of files) {
    const before = existing.get(f.path);
    // .dockwright.yaml is edited structurally (other keys and comments kept), never clobbered.
    if (before === undefined || f.path === '.dockwright.yaml') {
      if (before === f.content) status.set(f.path, 'identical');
      else {
        toWrite.push(f);
        status.set(f.path, before === undefined ? 'created' : 'updated');
      }
      continue;
    }
    if (before === f.content) {
      status.set(f.path, 'identical');
      continue;
    }
    if (flags.force) {
      toWrite.push(f);
      status.set(f.path, 'overwritten');
      continue;
    }
    if (prompts) {
      let choice: 'keep' | 'overwrite' | 'diff' | null = 'diff';
      while (choice === 'diff') {
        choice = await prompts.select<'keep' | 'overwrite' | 'diff'>({
          message: `${f.path} exists and differs. What should init do?`,
          options: [
            { value: 'keep', label: 'Keep mine' },
            { value: 'overwrite', label: 'Overwrite' },
            { value: 'diff', label: 'Show the diff' },
          ],
          initialValue: 'keep',
        });
        if (choice === 'diff') out.io.stdout.write(patch(f.path, before, f.content));
      }
      if (choice === null) return cancelled(out);
      if (choice === 'overwrite') {
        toWrite.push(f);
        status.set(f.path, 'overwritten');
      } else status.set(f.path, 'kept');
      continue;
    }
    conflicts.push(f.path);
  }
  if (conflicts.length) {
    out.err(
      `dockwright: ${out.color.red('error')}: ${conflicts.length} file${conflicts.length === 1 ? ' already exists and differs' : 's already exist and differ'}: ${conflicts.join(', ')}`,
    );
    out.err(
      `  ${out.color.dim('hint:')} nothing was written; see the changes with --diff, overwrite with --force.`,
    );
    return ExitCode.UsageOrInput;
  }

  for (const f of toWrite) await writeFileAtomic(join(flags.dir, f.path), f.content, { force: true });
  const random = deps.random ?? defaultRandom;
  const secretsCreated: string[] = [];
  for (const s of plan.secretFiles) {
    const abs = join(flags.dir, s.path);
    if (await pathExists(abs)) continue;
    const password = random(24);
    const content =
      s.kind === 'rabbitmq-config' ? `default_user = app\ndefault_pass = ${password}\n` : `${password}\n`;
    await writeFileAtomic(abs, content, { mode: 0o600 });
    secretsCreated.push(s.path);
  }

  for (const f of files) out.out(`  ${(status.get(f.path) ?? '').padEnd(11)} ${f.path}`);
  for (const s of secretsCreated)
    out.out(`  ${'secret'.padEnd(11)} ${s} ${out.color.dim('(random, mode 0600; keep it out of git)')}`);
  printPins(out, pins);
  printFindings(out, findings);
  if (plan.tier >= 2) out.out(`next: docker compose up --build   (details in README.Docker.md)`);
  else
    out.out(
      `next: ${plan.files[0]?.kind === 'dockerfile' ? `docker build -t ${plan.app.name.replace(/^@/, '').replace(/\//g, '-')} ${plan.layout.context}` : ''}`,
    );
  return findings.length ? ExitCode.Findings : ExitCode.Ok;
}

interface Pins {
  /** The plan without digests (used as is when nothing gets pinned). */
  readonly plan: SetupPlan;
  readonly digests: ReadonlyMap<string, string>;
  readonly resolved: readonly ResolvedDigest[];
  /** Images left unpinned because the user asked for it (--no-pin-digests). */
  readonly unpinned: readonly string[];
}

const NO_RESOLUTION: DigestResolution = { resolved: [], unresolved: [] };

/**
 * Tier 4 pins every base and service image by digest (the hardened profile's `base-image-digest`): plan once to
 * learn the images, take `--digest` values as given, resolve the rest (registry, then engine). Nothing about
 * digests is saved: the written files carry them, and a re-run resolves again.
 */
async function pinImages(
  out: Output,
  flags: Flags,
  tier: Tier,
  plan: SetupPlan,
  deps: InitDependencies,
): Promise<Pins> {
  if (tier < 4) {
    if (flags.pinDigests === true || flags.digests.size)
      throw new UsageError(
        `${flags.pinDigests ? '--pin-digests' : '--digest'} applies at tier 4 (the hardened profile), not tier ${tier}`,
        'Use --tier 4, or pin by hand and review with `dockwright lint --profile hardened`.',
      );
    return { plan, digests: new Map(), resolved: [], unpinned: [] };
  }
  const images = imagesToPin(plan.files);
  const stray = [...flags.digests.keys()].filter((i) => !images.includes(i));
  if (stray.length)
    out.err(
      `${out.color.yellow('warning')}: --digest for ${stray.join(', ')}: not an image of this setup (it uses ${images.join(', ') || 'none'}); ignored`,
    );
  const given: ResolvedDigest[] = images
    .filter((i) => flags.digests.has(i))
    .map((image) => ({ image, digest: flags.digests.get(image)!, source: 'flag' }));
  const wanted = flags.pinDigests === false ? [] : images.filter((i) => !flags.digests.has(i));
  const resolution = wanted.length
    ? await (deps.resolveDigests ?? (await defaultResolver(out)))(wanted)
    : NO_RESOLUTION;
  if (resolution.unresolved.length) {
    const n = resolution.unresolved.length;
    throw new DockwrightError(
      [
        `cannot pin ${n} of ${images.length} image${images.length === 1 ? '' : 's'} by digest (tier 4 pins every base and service image):`,
        ...resolution.unresolved.flatMap((u) => [`  ${u.image}`, ...u.reasons.map((r) => `    ${r}`)]),
      ].join('\n'),
      `nothing was written. Run init where the registry is reachable, pass ${n === 1 ? 'the digest' : 'each digest'} with --digest <image>=sha256:…, or write the files unpinned with --no-pin-digests.`,
    );
  }
  const byImage = new Map([...given, ...resolution.resolved].map((r) => [r.image, r]));
  const resolved = images.flatMap((i) => (byImage.has(i) ? [byImage.get(i)!] : []));
  return {
    plan,
    digests: new Map(resolved.map((r) => [r.image, r.digest])),
    resolved,
    unpinned: images.filter((i) => !byImage.has(i)),
  };
}

async function defaultResolver(out: Output): Promise<ResolveDigests> {
  const { defaultDigestResolver } = await import('../../engine/registry/resolve.js');
  return defaultDigestResolver({ env: out.io.env });
}

function printPins(out: Output, pins: Pins): void {
  for (const r of pins.resolved)
    out.out(
      `  ${'pinned'.padEnd(11)} ${r.image}@${r.digest} ${out.color.dim(`(${r.source === 'flag' ? '--digest' : r.source})`)}`,
    );
  if (pins.unpinned.length)
    out.err(
      `note: ${pins.unpinned.length} image${pins.unpinned.length === 1 ? '' : 's'} left unpinned (--no-pin-digests): ${pins.unpinned.join(', ')}; \`dockwright lint --profile hardened\` reports ${pins.unpinned.length === 1 ? 'it' : 'them'} (base-image-digest) until pinned`,
    );
}

function cancelled(out: Output): number {
  out.err('init cancelled; nothing was written');
  return ExitCode.Findings;
}
