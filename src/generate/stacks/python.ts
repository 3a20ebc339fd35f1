import { InputError } from '../../core/errors.js';
import type { AppFacts } from '../../detect/types.js';
import type {
  ComposeFileModel,
  ComposeHealthcheck,
  ComposeService,
  ComposeWatchRule,
} from '../model/compose.js';
import type {
  CopyInstr,
  DockerfileModel,
  HealthcheckInstr,
  Instr,
  RunInstr,
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
  PlannedFile,
  Stack,
  StackInput,
  StackPlan,
  TestStage,
} from '../types.js';
import { fromStage, header, ociLabels, posixJoin } from './go-rust-common.js';
import {
  AMD64,
  ARM64,
  intersectPlatforms,
  PYTHON_SLIM_PLATFORMS,
  UV_IMAGE_PLATFORMS,
} from './image-platforms.js';
import { imageName } from './node.js';
import { pythonTestPlan } from './python-test.js';

/**
 * Python: pip (requirements files or a pyproject), uv (projects and workspaces), Poetry 1/2, Pipenv, PDM; Django
 * (collectstatic at build, gunicorn), FastAPI/Starlette (uvicorn, hypercorn), Flask (gunicorn, never the dev
 * server), Streamlit, Gradio, aiohttp, Celery workers, scripts and console scripts; GPU/ML serving (CUDA wheels,
 * models on a volume, a compose GPU reservation file).
 *
 * Stages: `base` (python slim, the package manager, build-only Debian packages, an empty venv in /opt/venv) →
 * `deps` (production dependencies from the manifests only) → `build` (the source, the project itself, Django's
 * collectstatic) → `dev` (all dependencies + debugpy; compose.override target) → `runtime` (the same slim image,
 * the venv and the source, a non-root user; always last).
 */

const DEBUG_PORT = 5678;
const VENV = '/opt/venv';
const APP_UID = 1001;
/** Tool versions (PyPI / ghcr.io, November 2026); a detected version wins. */
const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.13.8';
const DEBUGPY = 'debugpy==1.8.22';
const GUNICORN = 'gunicorn==27.0.1';
const TOOL_VERSIONS = { poetry: '2.5.1', pipenv: '2026.10.3', pdm: '2.29.4' } as const;
const MODELS_DIR = '/models';

type Pm = 'pip' | 'uv' | 'poetry' | 'pipenv' | 'pdm';

interface Ctx {
  readonly input: StackInput;
  readonly app: AppFacts;
  readonly pm: Pm;
  readonly decisions: Decision[];
  /** Context-relative path of the app (`''` when the context is the app). */
  readonly appPath: string;
  readonly pyproject: string;
  readonly framework: string | null;
  readonly port: number | null;
  readonly workspace: boolean;
  readonly python: string;
}

// ---- small parsers ---------------------------------------------------------------------------------------

/** The body of one `[section]` of a TOML file (up to the next header). */
function tomlSection(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function tomlBool(section: string | undefined, key: string): boolean | undefined {
  const m = section ? new RegExp(`^\\s*${key}\\s*=\\s*(true|false)`, 'm').exec(section) : null;
  return m ? m[1] === 'true' : undefined;
}

function consoleScripts(pyproject: string): string[] {
  const names: string[] = [];
  for (const s of ['project.scripts', 'tool.poetry.scripts']) {
    const body = tomlSection(pyproject, s);
    if (body) for (const m of body.matchAll(/^\s*"?([A-Za-z0-9_.-]+)"?\s*=/gm)) names.push(m[1]!);
  }
  return names;
}

function isPackage(pyproject: string, pm: Pm): boolean {
  if (!pyproject) return false;
  const buildSystem = /^\[build-system\]/m.test(pyproject);
  if (pm === 'pdm') return tomlBool(tomlSection(pyproject, 'tool.pdm'), 'distribution') ?? buildSystem;
  if (pm === 'uv') return tomlBool(tomlSection(pyproject, 'tool.uv'), 'package') ?? buildSystem;
  if (pm === 'poetry') return tomlBool(tomlSection(pyproject, 'tool.poetry'), 'package-mode') ?? true;
  return buildSystem;
}

/** Shell words of a command line, `undefined` when it uses shell syntax. */
function simpleWords(command: string): string[] | undefined {
  if (/[|&;<>$`\\"'()*?]/.test(command)) return undefined;
  const words = command.trim().split(/\s+/);
  return words[0] ? words : undefined;
}

/** The name a Flask app object is bound to in a module (`app = Flask(__name__)`). */
function flaskObject(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:flask\.)?Flask\(/m.exec(source);
  if (m) return m[1];
  return /^def\s+create_app\s*\(/m.test(source) ? 'create_app()' : undefined;
}

// ---- commands ---------------------------------------------------------------------------------------

const PIP_CACHE: RunMount = { type: 'cache', target: '/root/.cache/pip', sharing: 'locked' };
const APT_CACHES: RunMount[] = [
  { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
  { type: 'cache', target: '/var/lib/apt', sharing: 'locked' },
];

function pmCache(pm: Pm): RunMount {
  const target = {
    pip: '/root/.cache/pip',
    uv: '/root/.cache/uv',
    poetry: '/root/.cache/pypoetry',
    // Pipenv's own cache and the pip cache it installs through.
    pipenv: '/root/.cache',
    pdm: '/root/.cache/pdm',
  }[pm];
  return { type: 'cache', target, sharing: 'locked' };
}

function toolVersion(ctx: Ctx, tool: 'poetry' | 'pipenv' | 'pdm'): string {
  const detected = ctx.app.packageManager?.version;
  return detected && /^\d+(\.\d+)*$/.test(detected) ? detected : TOOL_VERSIONS[tool];
}

function uvPackageArgs(ctx: Ctx): string[] {
  return ctx.workspace ? ['--package', ctx.app.name] : [];
}

/** Requirement files that exist: the main one and those it includes with `-r`/`-c`. */
function requirementFiles(ctx: Ctx, first: string): string[] {
  const out: string[] = [];
  const visit = (file: string) => {
    if (out.includes(file)) return;
    const text = ctx.input.files.readText(inContext(ctx, file));
    if (text === undefined) return;
    out.push(file);
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const m of text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/gm)) {
      visit(posixJoin(dir, m[1]!));
    }
    // Local requirements (`./wheels/x.whl`, `-e ./libs/pkg`, `--find-links ./wheels`) must be in the deps stage too.
    for (const m of text.matchAll(LOCAL_REQUIREMENT)) {
      const local = posixJoin(
        dir,
        m[1]!
          .replace(/^file:/, '')
          .replace(/[[#].*$/, '')
          .replace(/\/$/, ''),
      );
      if (!out.includes(local) && ctx.input.files.exists(inContext(ctx, local))) out.push(local);
    }
  };
  visit(first);
  return out;
}

const LOCAL_REQUIREMENT =
  /^\s*(?:-e\s+|--editable[\s=]+|-f\s+|--find-links[\s=]+)?((?:file:)?\.{1,2}\/[^\s;]+)/gm;

/** Manifests and archives have an extension; a local requirement without one (`-e ./libs/pkg`) is a directory. */
function isFilePath(path: string): boolean {
  return /\.\w+$/.test(path.slice(path.lastIndexOf('/') + 1));
}

function inContext(ctx: Ctx, path: string): string {
  const root = ctx.input.layout.context === '.' ? '' : ctx.input.layout.context;
  return posixJoin(root, path);
}

/** From the context: does `path` (context-relative) exist? */
function exists(ctx: Ctx, path: string): boolean {
  return ctx.input.files.exists(inContext(ctx, path));
}

/** The `pip install -r` target of a pip project, or null for a pyproject-only project. */
function mainRequirements(ctx: Ctx): string | null {
  const cmd = ctx.app.packageManager?.installCommand ?? '';
  const m = /(?:-r|--requirement)\s+(\S+)/.exec(cmd);
  if (m) return m[1]!;
  return exists(ctx, posixJoin(ctx.appPath, 'requirements.txt')) ? 'requirements.txt' : null;
}

const TOMLLIB_DEPS =
  "\"import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', [])))\"";

interface DepsStep {
  readonly manifests: CopyInstr[];
  readonly install: RunInstr[];
}

function manifestCopies(files: string[], comment: string[]): CopyInstr[] {
  const here = files.filter((f) => !f.includes('/'));
  const nested = files.filter((f) => f.includes('/'));
  const out: CopyInstr[] = [];
  if (here.length) out.push({ kind: 'COPY', sources: here, dest: './', comment });
  for (const f of nested)
    out.push({
      kind: 'COPY',
      sources: [isFilePath(f) ? f : `${f}/`],
      // COPY of a directory copies its contents: name the directory itself as the destination.
      dest: isFilePath(f) ? `./${f.slice(0, f.lastIndexOf('/') + 1)}` : `./${f}/`,
      ...(here.length ? {} : { comment }),
    });
  return out;
}

/** Production dependencies from the manifests, into /opt/venv. */
function depsStep(ctx: Ctx, extraPip: string[]): DepsStep {
  const lock = ctx.app.packageManager?.lockfile ?? null;
  const at = (f: string) => posixJoin(ctx.appPath, f);
  const comment = ['Manifests first: source edits do not re-run the install.'];
  const withExtra = (commands: ShellCommand[]): ShellCommand[] =>
    extraPip.length ? [...commands, ['pip', 'install', ...extraPip]] : commands;
  switch (ctx.pm) {
    case 'pip': {
      const req = mainRequirements(ctx);
      if (req) {
        const files = requirementFiles(ctx, at(req));
        return {
          manifests: manifestCopies(files, comment),
          install: [
            {
              kind: 'RUN',
              mounts: [PIP_CACHE],
              commands: withExtra([['pip', 'install', '-r', at(req)]]),
            },
          ],
        };
      }
      return {
        manifests: manifestCopies([at('pyproject.toml')], comment),
        install: [
          {
            kind: 'RUN',
            mounts: [PIP_CACHE],
            comment: [
              'The [project] dependencies only (read with tomllib); the project itself is installed with the source.',
            ],
            commands: withExtra([
              ['python', '-c', TOMLLIB_DEPS, '>', '/tmp/requirements.txt'],
              ['pip', 'install', '-r', '/tmp/requirements.txt'],
            ]),
          },
        ],
      };
    }
    case 'uv': {
      const files = ['pyproject.toml', 'uv.lock'];
      if (ctx.workspace)
        for (const m of ctx.input.facts.monorepo?.members ?? []) files.push(posixJoin(m, 'pyproject.toml'));
      return {
        manifests: manifestCopies(
          files.filter((f) => exists(ctx, f)),
          comment,
        ),
        install: [
          {
            kind: 'RUN',
            mounts: [pmCache('uv')],
            commands: withExtra([
              [
                'uv',
                'sync',
                '--locked',
                '--no-dev',
                ctx.workspace ? '--no-install-workspace' : '--no-install-project',
                ...uvPackageArgs(ctx),
              ],
            ]).map((c) => (c[0] === 'pip' ? ['uv', ...c] : c)),
          },
        ],
      };
    }
    case 'poetry':
      return {
        manifests: manifestCopies([at('pyproject.toml'), ...(lock ? [lock] : [])], comment),
        install: [
          {
            kind: 'RUN',
            mounts: [pmCache('poetry')],
            commands: withExtra([
              ['poetry', 'install', '--only', 'main', '--no-root', '--no-interaction', '--no-ansi'],
            ]),
          },
        ],
      };
    case 'pipenv':
      return {
        manifests: manifestCopies([at('Pipfile'), ...(lock ? [lock] : [])], comment),
        install: [
          {
            kind: 'RUN',
            mounts: [pmCache('pipenv')],
            commands: withExtra([['pipenv', 'install', lock ? '--deploy' : '--skip-lock']]),
          },
        ],
      };
    case 'pdm':
      return {
        manifests: manifestCopies([at('pyproject.toml'), ...(lock ? [lock] : [])], comment),
        install: [
          {
            kind: 'RUN',
            mounts: [pmCache('pdm')],
            commands: withExtra([['pdm', 'sync', '--prod', '--no-self', '--no-editable']]),
          },
        ],
      };
  }
}

/**
 * Directories (context-relative) to install without dependencies once the source is in: the project when it is
 * a package, and for a uv workspace member the workspace members it depends on.
 */
function selfDirs(ctx: Ctx): string[] {
  const dirs: string[] = [];
  if (ctx.workspace) {
    const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
    const sources = tomlSection(ctx.pyproject, 'tool.uv.sources') ?? '';
    const wanted = new Set(
      [...sources.matchAll(/^\s*"?([A-Za-z0-9_.-]+)"?\s*=\s*\{[^}]*workspace\s*=\s*true/gm)].map((m) =>
        norm(m[1]!),
      ),
    );
    for (const member of ctx.input.facts.monorepo?.members ?? []) {
      if (member === ctx.appPath) continue;
      const text = ctx.input.files.readText(inContext(ctx, posixJoin(member, 'pyproject.toml'))) ?? '';
      const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(tomlSection(text, 'project') ?? '')?.[1];
      if (name && wanted.has(norm(name))) dirs.push(member);
    }
  }
  if (isPackage(ctx.pyproject, ctx.pm)) dirs.push(ctx.appPath);
  return dirs.map((d) => (d ? `./${d}` : '.'));
}

/**
 * Install the project itself (with the source in place): console scripts and src layouts need it. Dependencies
 * are in the venv already (`--no-deps`), so a code change re-installs only the project.
 */
function selfInstall(ctx: Ctx, editable: boolean): RunInstr | undefined {
  const dirs = selfDirs(ctx);
  if (!dirs.length) return undefined;
  const args = editable ? dirs.flatMap((d) => ['-e', d]) : dirs;
  if (ctx.pm === 'uv')
    return {
      kind: 'RUN',
      mounts: [pmCache('uv')],
      commands: [['uv', 'pip', 'install', '--no-deps', ...args]],
    };
  return { kind: 'RUN', mounts: [PIP_CACHE], commands: [['pip', 'install', '--no-deps', ...args]] };
}

/** Development dependencies and debugpy into the dev stage's venv. */
function devInstall(ctx: Ctx): RunInstr | undefined {
  const debug = ctx.app.kind !== 'cli';
  const debugpy: ShellCommand[] = debug
    ? [ctx.pm === 'uv' ? ['uv', 'pip', 'install', DEBUGPY] : ['pip', 'install', DEBUGPY]]
    : [];
  const commands: ShellCommand[] = [];
  let mount = pmCache(ctx.pm);
  switch (ctx.pm) {
    case 'pip': {
      const dev = ['requirements-dev.txt', 'dev-requirements.txt', 'requirements/dev.txt']
        .map((f) => posixJoin(ctx.appPath, f))
        .find((f) => exists(ctx, f));
      if (dev) commands.push(['pip', 'install', '-r', dev]);
      break;
    }
    case 'uv':
      commands.push([
        'uv',
        'sync',
        '--locked',
        ctx.workspace ? '--no-install-workspace' : '--no-install-project',
        ...uvPackageArgs(ctx),
      ]);
      break;
    case 'poetry':
      commands.push(['poetry', 'install', '--no-root', '--no-interaction', '--no-ansi']);
      mount = { type: 'cache', target: '/root/.cache', sharing: 'locked' };
      break;
    case 'pipenv':
      commands.push([
        'pipenv',
        'install',
        '--dev',
        ...(ctx.app.packageManager?.lockfile ? ['--deploy'] : []),
      ]);
      break;
    case 'pdm':
      commands.push(['pdm', 'sync', '--no-self']);
      mount = { type: 'cache', target: '/root/.cache', sharing: 'locked' };
      break;
  }
  if (ctx.pm === 'pip') mount = PIP_CACHE;
  if (!commands.length && !debugpy.length) return undefined;
  return {
    kind: 'RUN',
    mounts: [mount],
    commands: [...commands, ...debugpy],
    comment: [
      debug
        ? `Development dependencies and debugpy (${DEBUGPY.replace('==', ' ')}) for the debugger on port ${DEBUG_PORT}.`
        : 'Development dependencies.',
    ],
  };
}

// ---- what runs --------------------------------------------------------------------------------------

interface Run {
  /** Production CMD/ENTRYPOINT words. */
  readonly args: string[];
  /** The dev command after `python -m debugpy --listen …` (or the whole dev command for CLIs). */
  readonly devTarget: string[];
  /** The dev command reloads by itself on file changes (compose watch only syncs). */
  readonly reloads: boolean;
  /** Extra packages the production image needs (gunicorn for a Flask dev-server app). */
  readonly extraPip: string[];
}

function withFlag(words: string[], flag: string, ...value: string[]): string[] {
  return words.includes(flag) ? words : [...words, flag, ...value];
}

function runCommand(ctx: Ctx): Run {
  const { app, framework, port } = ctx;
  const raw = app.startCommand ?? 'python main.py';
  const words = simpleWords(raw) ?? ['sh', '-c', raw];
  const [head, ...rest] = words as [string, ...string[]];
  const bind = port !== null ? `0.0.0.0:${port}` : '0.0.0.0:8000';

  // Flask's development server in production: run the same app object under gunicorn instead.
  if (framework === 'flask' && head === 'python' && rest[0]?.endsWith('.py')) {
    const module = rest[0].slice(0, -3).replace(/\//g, '.');
    const object =
      flaskObject(ctx.input.files.readText(inContext(ctx, posixJoin(ctx.appPath, rest[0])))) ?? 'app';
    ctx.decisions.push({
      topic: 'server',
      choice: `gunicorn ${module}:${object} (added: ${GUNICORN})`,
      reason: `\`${raw}\` starts Flask's development server, which is single-threaded and not meant for production; gunicorn serves the same app object`,
    });
    return {
      args: ['gunicorn', '--bind', bind, '--access-logfile', '-', `${module}:${object}`],
      devTarget: [
        '-m',
        'flask',
        '--app',
        `${module}:${object}`,
        'run',
        '--host',
        '0.0.0.0',
        '--port',
        String(port ?? 5000),
        '--reload',
        '--no-debugger',
      ],
      reloads: true,
      extraPip: [GUNICORN],
    };
  }
  if (head === 'gunicorn') {
    const args = withFlag(words, '--access-logfile', '-');
    const target = rest.find((w) => /^[A-Za-z_][\w.]*:[A-Za-z_][\w.()]*$/.test(w));
    if (framework === 'django' && exists(ctx, posixJoin(ctx.appPath, 'manage.py')))
      return {
        args,
        devTarget: ['manage.py', 'runserver', `0.0.0.0:${port ?? 8000}`],
        reloads: true,
        extraPip: [],
      };
    if (framework === 'flask' && target)
      return {
        args,
        devTarget: [
          '-m',
          'flask',
          '--app',
          target,
          'run',
          '--host',
          '0.0.0.0',
          '--port',
          String(port ?? 8000),
          '--reload',
          '--no-debugger',
        ],
        reloads: true,
        extraPip: [],
      };
    return {
      args,
      devTarget: ['-m', 'gunicorn', ...withFlag(rest, '--reload')],
      reloads: true,
      extraPip: [],
    };
  }
  if (head === 'uvicorn' || head === 'hypercorn')
    return {
      args: words,
      devTarget: ['-m', head, ...withFlag(rest, '--reload')],
      reloads: true,
      extraPip: [],
    };
  if (head === 'streamlit')
    return {
      args: words,
      devTarget: ['-m', 'streamlit', ...withFlag(rest, '--server.runOnSave', 'true')],
      reloads: true,
      extraPip: [],
    };
  if (head === 'python' || head === 'python3') {
    return { args: ['python', ...rest], devTarget: rest, reloads: false, extraPip: [] };
  }
  if (head === 'sh') return { args: words, devTarget: words, reloads: false, extraPip: [] };
  // A console script (celery, the project's own entry point, …): it lives in /opt/venv/bin, on PATH.
  const isOwn = consoleScripts(ctx.pyproject).includes(head);
  return {
    args: words,
    devTarget: isOwn ? words : ['-m', head, ...rest],
    reloads: false,
    extraPip: [],
  };
}

function probe(
  port: number,
  path: string | null,
  decisions: Decision[],
  startPeriod: string,
): { instr: HealthcheckInstr; compose: ComposeHealthcheck } {
  const code = path
    ? `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${port}${path}', timeout=4)`
    : `import socket; socket.create_connection(('127.0.0.1', ${port}), timeout=4).close()`;
  decisions.push({
    topic: 'health check',
    choice: path
      ? `GET ${path} on port ${port} with python urllib`
      : `TCP connect to port ${port} with python`,
    reason: path
      ? 'the health endpoint found in the code; the slim image has no curl or wget, but it has python (urllib raises on errors and non-2xx/3xx answers)'
      : 'no health endpoint was found in the code, so the probe checks that the port accepts connections; add one (e.g. /healthz) and re-run init for an HTTP check',
  });
  const cmd = ['python', '-c', code];
  return {
    instr: {
      kind: 'HEALTHCHECK',
      interval: '30s',
      timeout: '5s',
      startPeriod,
      retries: 3,
      cmd,
      comment: ['python is in the image (slim has no curl/wget); exec form, no shell.'],
    },
    compose: { test: ['CMD', ...cmd], interval: '30s', timeout: '5s', retries: 3, start_period: startPeriod },
  };
}

// ---- image choice -----------------------------------------------------------------------------------

function pythonTag(version: string): string {
  return /^\d+\.\d+(\.\d+)?$/.test(version) ? version : '3.13';
}

function chooseFinal(ctx: Ctx, requested: FinalImage): FinalImage {
  if (requested === 'scratch')
    throw new InputError(
      'a Python app cannot run on scratch',
      undefined,
      'scratch has no interpreter; the Python images are python:<version>-slim-bookworm.',
    );
  const reasons: Record<Exclude<FinalImage, 'slim' | 'scratch'>, [string, string]> = {
    official: [
      'official image, -slim-bookworm variant',
      'the full python image ships compilers, headers and ~1 GB of build tools; the official -slim variant is the same interpreter without them',
    ],
    alpine: [
      'Debian slim instead of Alpine',
      'the spec avoids Alpine for Python: PyPI wheels are built for glibc (manylinux), so on musl most binary packages compile from source or fail, and builds get slower and larger',
    ],
    distroless: [
      'Debian slim instead of distroless',
      'gcr.io/distroless/python3-debian12 ships Debian’s own Python 3.11 under /usr/bin, so a venv built on python:<version>-slim (interpreter in /usr/local) does not run there; the runtime stays on the builder’s slim image, with the non-root user, read-only root filesystem and dropped capabilities of tiers 3–4',
    ],
  };
  if (requested !== 'slim') {
    const [choice, reason] = reasons[requested];
    ctx.decisions.push({ topic: 'final image', choice, reason });
  }
  return 'slim';
}

// ---- the plan ---------------------------------------------------------------------------------------

function planPython(input: StackInput): StackPlan {
  const { app, layout, tier, facts } = input;
  const pmName = app.packageManager?.name ?? 'pip';
  if (pmName === 'conda') {
    throw new InputError(
      'conda environments are not supported by init yet',
      undefined,
      'Export the pip-installable dependencies (`pip list --format=freeze` or `conda env export --from-history`) to requirements.txt, or move to uv/Poetry, and re-run `dockwright init`. A micromamba-based image is tracked in issue 6.',
    );
  }
  const pm: Pm = (['pip', 'uv', 'poetry', 'pipenv', 'pdm'] as const).find((p) => p === pmName) ?? 'pip';
  const decisions: Decision[] = [];
  const appPath = layout.appInContext === '.' ? '' : layout.appInContext;
  const ctxRoot = layout.context === '.' ? '' : layout.context;
  const pyproject = input.files.readText(posixJoin(ctxRoot, appPath, 'pyproject.toml')) ?? '';
  const workspace = pm === 'uv' && facts.monorepo?.tools.includes('uv-workspace') === true && appPath !== '';
  const framework = app.framework?.name ?? null;
  const port = app.kind === 'server' ? (input.options.port ?? app.port ?? 8000) : null;
  const ctx: Ctx = {
    input,
    app,
    pm,
    decisions,
    appPath,
    pyproject,
    framework,
    port,
    workspace,
    python: pythonTag(app.language.version),
  };
  const appDir = appPath ? `/app/${appPath}` : '/app';
  const withDev = tier >= 2 || input.options.compose === true;
  const healthchecks = TIER_FEATURES[tier].healthcheck;
  const requested = input.options.finalImage ?? TIER_FEATURES[tier].finalImage;
  const finalImage = chooseFinal(ctx, requested);
  const image = `python:${ctx.python}-slim-bookworm`;
  const ml = app.ml;
  const gpu = ml?.gpu === true;
  const run = runCommand(ctx);
  const buildPkgs = [...new Set(app.nativeDeps.flatMap((d) => d.build))].sort();
  const runtimePkgs = [...new Set(app.nativeDeps.flatMap((d) => d.runtime))].sort();

  const images: BaseImageChoice[] = [
    {
      stage: 'base',
      image,
      reason: `Python ${ctx.python} from ${app.language.versionSource ?? 'the current default'}; Debian bookworm slim: glibc for manylinux wheels, no compilers unless a dependency needs them`,
    },
    {
      stage: 'runtime',
      image,
      reason:
        'the same slim image as the builder, so the venv’s interpreter path and compiled extensions match; no build tools',
    },
  ];
  decisions.push({
    topic: 'dependencies',
    choice: `${pm}${app.packageManager?.lockfile ? ` from ${app.packageManager.lockfile}` : ''} into a venv at ${VENV}, copied to the runtime`,
    reason:
      'the venv is built where the compilers and the package manager are, and the runtime only receives the installed packages',
  });
  if (app.language.versionConstraint) {
    decisions.push({
      topic: 'python version',
      choice: ctx.python,
      reason: `requires-python is ${app.language.versionConstraint}; ${ctx.python} is the newest release it allows`,
    });
  }

  // ---- base
  const baseEnv: [string, string][] = [
    ['PYTHONDONTWRITEBYTECODE', '1'],
    ['PYTHONUNBUFFERED', '1'],
    ['PIP_DISABLE_PIP_VERSION_CHECK', '1'],
    ['PIP_ROOT_USER_ACTION', 'ignore'],
  ];
  if (pm === 'uv')
    baseEnv.push(
      ['UV_COMPILE_BYTECODE', '1'],
      ['UV_LINK_MODE', 'copy'],
      ['UV_PYTHON_DOWNLOADS', 'never'],
      ['UV_PROJECT_ENVIRONMENT', VENV],
    );
  if (pm === 'poetry') baseEnv.push(['POETRY_NO_INTERACTION', '1']);
  if (pm === 'pipenv') baseEnv.push(['PIPENV_VERBOSITY', '-1']);
  if (pm === 'pdm') baseEnv.push(['PDM_CHECK_UPDATE', 'false']);
  const baseInstrs: Instr[] = [
    {
      kind: 'ENV',
      vars: baseEnv,
      comment: ['No .pyc files written at run time, unbuffered logs, quiet pip.'],
    },
  ];
  if (buildPkgs.length) {
    baseInstrs.push({
      kind: 'RUN',
      mounts: APT_CACHES,
      comment: [
        `Build-only packages for ${app.nativeDeps.map((d) => d.package).join(', ')}; they stay in the build stages.`,
      ],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', ...buildPkgs],
      ],
    });
  }
  if (pm === 'uv') {
    baseInstrs.push({
      kind: 'COPY',
      from: UV_IMAGE,
      sources: ['/uv', '/uvx'],
      dest: '/usr/local/bin/',
      comment: ['uv from its official image (a static binary); it creates the venv from the lockfile.'],
    });
  } else if (pm !== 'pip') {
    const spec = `${pm}==${toolVersion(ctx, pm)}`;
    baseInstrs.push({
      kind: 'RUN',
      mounts: [PIP_CACHE],
      comment: [`${spec} in the system Python of the build stages only; it installs into the venv.`],
      commands: [['pip', 'install', spec]],
    });
    decisions.push({
      topic: 'package manager',
      choice: spec,
      reason: app.packageManager?.version
        ? `the version the lockfile was written with`
        : `no version pinned in the project; ${spec} is the current release`,
    });
  }
  if (pm !== 'uv') {
    baseInstrs.push({
      kind: 'RUN',
      commands: [['python', '-m', 'venv', VENV]],
      comment: [
        `The venv every later stage installs into${pm === 'pip' ? '' : ` (${pm} uses the active venv, VIRTUAL_ENV)`}.`,
      ],
    });
  }
  baseInstrs.push(
    {
      kind: 'ENV',
      vars: [
        ['VIRTUAL_ENV', VENV],
        ['PATH', `${VENV}/bin:$PATH`],
      ],
    },
    { kind: 'WORKDIR', path: '/app' },
  );
  const stages: StageModel[] = [
    {
      from: fromStage(image, 'base', ['Interpreter, package manager and build-only packages.']),
      instructions: baseInstrs,
    },
  ];

  // ---- deps
  const deps = depsStep(ctx, run.extraPip);
  stages.push({
    from: fromStage('base', 'deps', ['Production dependencies, from the manifests only.']),
    instructions: [...deps.manifests, ...deps.install],
  });

  // ---- build (only when something happens after the source is in)
  const buildInstrs: Instr[] = [];
  const self = selfInstall(ctx, false);
  if (self) buildInstrs.push(self);
  if (framework === 'django' && exists(ctx, posixJoin(appPath, 'manage.py'))) {
    const placeholders = app.env
      .filter((e) => !/DEBUG|URL$|URI$|DSN$|HOST$|PORT$/.test(e.name))
      .map((e) => `${e.name}=collectstatic`);
    buildInstrs.push({
      kind: 'RUN',
      comment: [
        'Static files collected at build time (STATIC_ROOT); settings that must be set get placeholder values for this step only.',
      ],
      commands: [[...placeholders, 'python', posixJoin(appPath, 'manage.py'), 'collectstatic', '--noinput']],
    });
    decisions.push({
      topic: 'django',
      choice: 'collectstatic at build, migrations as a one-off step',
      reason: `static files are part of the image; run \`docker compose run --rm ${composeAppName(app)} python manage.py migrate\` before starting a new version instead of migrating in the start command`,
    });
  }
  const hasBuild = buildInstrs.length > 0;
  if (hasBuild) {
    stages.push({
      from: fromStage('deps', 'build', [
        `The source, then ${[self ? 'the project itself (--no-deps: its dependencies are installed)' : '', buildInstrs.length > (self ? 1 : 0) ? 'collected static files' : ''].filter(Boolean).join(' and ')}.`,
      ]),
      instructions: [{ kind: 'COPY', sources: ['.'], dest: '.' }, ...buildInstrs],
    });
  }

  // ---- test (tiers 3–4): `docker build --target test`; the runtime does not depend on it
  const features = TIER_FEATURES[tier];
  let test: TestStage | null = null;
  if (features.hardenedRuntime) {
    const planned = pythonTestPlan({
      pm,
      files: (path) => input.files.readText(inContext(ctx, path)),
      exists: (path) => exists(ctx, path),
      appPath,
      pyproject,
      hasLock: app.packageManager?.lockfile != null,
      workspaceArgs: ctx.workspace
        ? ['--no-install-workspace', ...uvPackageArgs(ctx)]
        : ['--no-install-project'],
    });
    const testInstrs: Instr[] = [];
    if (planned.install) {
      testInstrs.push({
        kind: 'RUN',
        mounts: [planned.install.mount],
        commands: planned.install.commands,
        comment: [planned.install.comment],
      });
    }
    testInstrs.push({ kind: 'COPY', sources: ['.'], dest: '.' });
    if (self) testInstrs.push(self);
    if (appPath) testInstrs.push({ kind: 'WORKDIR', path: appDir });
    testInstrs.push({ kind: 'RUN', commands: planned.commands });
    stages.push({
      from: fromStage('deps', 'test', [
        `Tests: \`docker build --target test .\` runs ${planned.runsTests ? 'the project’s tests' : 'a compile check and any unittest modules'} with the development dependencies; a failure fails the build.`,
        'Nothing depends on this stage, so building the runtime skips it.',
      ]),
      instructions: testInstrs,
    });
    test = { stage: 'test', command: planned.display, reason: planned.reason };
    decisions.push({ topic: 'test stage', choice: `\`${planned.display}\``, reason: planned.reason });
  }

  // ---- dev
  let dev: DevService | null = null;
  if (withDev) {
    const debug = app.kind !== 'cli';
    const devDeps = devInstall(ctx);
    const devInstrs: Instr[] = [...(devDeps ? [devDeps] : []), { kind: 'COPY', sources: ['.'], dest: '.' }];
    const editable = selfInstall(ctx, true);
    if (editable)
      devInstrs.push({
        ...editable,
        comment: ['The project itself, editable, so synced edits take effect without a rebuild.'],
      });
    if (appPath) devInstrs.push({ kind: 'WORKDIR', path: appDir });
    const command = debug
      ? ['python', '-m', 'debugpy', '--listen', `0.0.0.0:${DEBUG_PORT}`, ...run.devTarget]
      : run.args;
    const exposed = [...(port !== null ? [port] : []), ...(debug ? [DEBUG_PORT] : [])];
    if (exposed.length) devInstrs.push({ kind: 'EXPOSE', ports: exposed });
    devInstrs.push({ kind: 'CMD', args: command });
    stages.push({
      from: fromStage('deps', 'dev', [
        'Development (compose.override.yaml): all dependencies and debugpy; `docker compose watch` syncs the source.',
      ]),
      instructions: devInstrs,
    });
    const watchRoot = ctxRoot ? `./${ctxRoot}` : '.';
    const manifests = deps.manifests.flatMap((c) => c.sources);
    const watch: ComposeWatchRule[] = [
      {
        action: run.reloads ? 'sync' : 'sync+restart',
        path: watchRoot,
        target: '/app',
        ignore: ['.venv/', '**/__pycache__/', ...manifests],
      },
      ...manifests.map((f) => ({ action: 'rebuild' as const, path: `./${posixJoin(ctxRoot, f)}` })),
    ];
    dev = {
      target: 'dev',
      environment: { PYTHONDEVMODE: '1' },
      ports: [
        ...(port !== null ? [`${port}:${port}`] : []),
        ...(debug ? [`127.0.0.1:${DEBUG_PORT}:${DEBUG_PORT}`] : []),
      ],
      watch,
      notes: [
        `${run.reloads ? 'reloads itself on synced changes' : 'restarts on synced changes'}${debug ? `; attach a debugger to 127.0.0.1:${DEBUG_PORT} (debugpy: VS Code "Python Debugger: Remote Attach", PyCharm "Debugpy")` : ''}`,
      ],
    };
  }

  // ---- runtime
  const environment: Record<string, string> = {};
  if (port !== null && app.env.some((e) => e.name === 'PORT')) environment.PORT = String(port);
  if (framework === 'gradio') {
    environment.GRADIO_SERVER_NAME = '0.0.0.0';
    if (port !== null) environment.GRADIO_SERVER_PORT = String(port);
  }
  if (framework === 'streamlit') {
    environment.STREAMLIT_SERVER_HEADLESS = 'true';
    environment.STREAMLIT_BROWSER_GATHER_USAGE_STATS = 'false';
  }
  if (ml) {
    environment.HF_HOME = MODELS_DIR;
    if (gpu) {
      environment.NVIDIA_VISIBLE_DEVICES = 'all';
      environment.NVIDIA_DRIVER_CAPABILITIES = 'compute,utility';
    }
  }
  const dataDir = ml ? MODELS_DIR : app.services.some((s) => s.name === 'sqlite') ? '/app/data' : null;

  const metadata = metadataOf(pyproject);
  if (features.enterprise && !metadata.license) {
    // The hardened profile requires the label: NOASSERTION is SPDX for "not stated".
    decisions.push({
      topic: 'license label',
      choice: 'org.opencontainers.image.licenses=NOASSERTION',
      reason:
        'pyproject.toml declares no license = "…" (SPDX); set it and re-run init so scanners and SBOMs report it',
    });
  }
  const rt: Instr[] = [
    ...ociLabels(
      app,
      features.enterprise && !metadata.license ? { ...metadata, license: 'NOASSERTION' } : metadata,
    ),
  ];
  rt.push({
    kind: 'ENV',
    vars: [
      ['PYTHONDONTWRITEBYTECODE', '1'],
      ['PYTHONUNBUFFERED', '1'],
      ['VIRTUAL_ENV', VENV],
      ['PATH', `${VENV}/bin:$PATH`],
      ...Object.entries(environment),
    ],
  });
  const userCommands: ShellCommand[] = [];
  if (runtimePkgs.length) {
    userCommands.push(
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', ...runtimePkgs],
      ['rm', '-rf', '/var/lib/apt/lists/*'],
    );
  }
  userCommands.push(
    ['groupadd', '--system', '--gid', String(APP_UID), 'app'],
    [
      'useradd',
      '--system',
      '--uid',
      String(APP_UID),
      '--gid',
      'app',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      'app',
    ],
  );
  if (dataDir) userCommands.push(['mkdir', '-p', dataDir], ['chown', `${APP_UID}:${APP_UID}`, dataDir]);
  rt.push({
    kind: 'RUN',
    commands: userCommands,
    comment: [
      ...(runtimePkgs.length
        ? [`Runtime libraries for ${app.nativeDeps.map((d) => d.package).join(', ')}.`]
        : []),
      `An unprivileged user (uid ${APP_UID}, the spec's default); the code stays owned by root and read-only to it.`,
      ...(dataDir ? [`${dataDir} is writable by it: compose mounts a named volume there.`] : []),
    ],
  });
  rt.push(
    { kind: 'WORKDIR', path: '/app' },
    {
      kind: 'COPY',
      from: hasBuild ? 'build' : 'deps',
      sources: [VENV],
      dest: VENV,
      comment: ['The installed dependencies (and the project), without the package manager or compilers.'],
    },
    hasBuild
      ? { kind: 'COPY', from: 'build', sources: ['/app'], dest: '/app' }
      : { kind: 'COPY', sources: ['.'], dest: '.' },
  );
  if (appPath) rt.push({ kind: 'WORKDIR', path: appDir });
  rt.push({
    kind: 'USER',
    user: `${APP_UID}:${APP_UID}`,
    comment: ['Numeric, so Kubernetes runAsNonRoot can verify it.'],
  });
  if (port !== null) rt.push({ kind: 'EXPOSE', ports: [port] });
  let healthcheck: ComposeHealthcheck | null = null;
  if (healthchecks && port !== null) {
    // Models load before the server answers: give ML servers two minutes.
    const p = probe(port, app.healthPath, decisions, ml ? '120s' : '20s');
    rt.push(p.instr);
    healthcheck = p.compose;
  }
  rt.push({ kind: app.kind === 'cli' ? 'ENTRYPOINT' : 'CMD', args: run.args });
  stages.push({
    from: fromStage(image, 'runtime', ['Runtime: the interpreter, the venv and the code; no build tools.']),
    instructions: rt,
  });

  if (run.args[0] === 'uvicorn' || run.args[0] === 'hypercorn') {
    decisions.push({
      topic: 'server',
      choice: `${run.args[0]}, one process per container`,
      reason:
        'scale with replicas rather than workers inside one container; for several workers per container use `gunicorn -k uvicorn.workers.UvicornWorker`',
    });
  }

  // ---- ML / GPU
  const extraFiles: PlannedFile[] = [];
  if (ml) {
    decisions.push({
      topic: 'models',
      choice: `mounted at ${MODELS_DIR} (named volume, HF_HOME), not baked into the image`,
      reason:
        'model weights are gigabytes that change on their own schedule; baking them makes every code change a multi-GB push',
    });
  }
  if (gpu) {
    decisions.push({
      topic: 'GPU',
      choice: `python:${ctx.python}-slim-bookworm with the CUDA wheels from requirements, not an nvidia/cuda base`,
      reason: `${ml?.packages.join(', ')} ship the CUDA runtime in their wheels (nvidia-* packages); an nvidia/cuda or pytorch/pytorch base would add a second CUDA (and a different Python) for ~3 GB; the host needs only the NVIDIA driver and Container Toolkit`,
    });
    if (withDev) extraFiles.push({ kind: 'compose', path: 'compose.gpu.yaml', model: gpuCompose(app) });
  }

  const platforms = pythonPlatforms(pm, decisions, features.enterprise);
  const what = `${framework ? `${framework} ` : ''}${app.kind} on Python ${ctx.python} (${pm})`;
  const dockerfile: DockerfileModel = {
    syntax: 'docker/dockerfile:1',
    header: header(
      input,
      what,
      imageName(app.name),
      port,
      gpu
        ? [
            `GPU:    docker run --rm --gpus all -v models:${MODELS_DIR} -p ${port}:${port} ${imageName(app.name)}`,
          ]
        : [],
    ),
    globalArgs: [],
    stages,
  };

  const mono = facts.monorepo !== null && layout.context === '.';
  const at = (p: string) => (mono ? `**/${p}` : p);
  const ignore: { title: string; patterns: string[] }[] = [
    {
      title: 'Python caches, virtual environments and build output (the venv is built in the image)',
      patterns: [
        '**/__pycache__',
        '**/*.py[cod]',
        at('.venv'),
        at('venv'),
        '**/.pytest_cache',
        '**/.mypy_cache',
        '**/.ruff_cache',
        at('.tox'),
        at('.nox'),
        '**/.coverage',
        at('htmlcov'),
        at('dist'),
        at('build'),
        '**/*.egg-info',
        '**/.ipynb_checkpoints',
      ],
    },
    {
      title: 'Other toolchains’ dependency folders',
      patterns: [mono ? '**/node_modules' : 'node_modules'],
    },
  ];
  if (framework === 'django')
    ignore.push({
      title: 'Django: collected at build, local database',
      patterns: ['staticfiles', 'db.sqlite3'],
    });
  if (ml)
    ignore.push({
      title: 'Model weights and datasets (mounted at run time, never baked)',
      patterns: [
        'models',
        '**/*.pt',
        '**/*.pth',
        '**/*.safetensors',
        '**/*.ckpt',
        '**/*.onnx',
        '**/*.gguf',
        'data',
      ],
    });

  return {
    dockerfile,
    ignore,
    finalImage,
    images,
    user: { name: 'app', uid: APP_UID },
    port,
    healthcheck,
    environment,
    dataDir,
    dev,
    extraFiles,
    decisions,
    readme: test ? pythonReadme(test, platforms) : [],
    ...(test ? { test, writablePaths: [] } : {}),
    platforms,
  };
}

/**
 * Python images build per target platform (no `$BUILDPLATFORM` stages): wheels are platform-specific, so the
 * venv must be installed on the platform that runs it. 32-bit ARM is left out although python:*-slim publishes
 * it: PyPI has few armv7l wheels, so most dependencies would compile from source under emulation.
 */
function pythonPlatforms(pm: Pm, decisions: Decision[], enterprise: boolean): readonly string[] {
  const platforms = intersectPlatforms(
    PYTHON_SLIM_PLATFORMS,
    pm === 'uv' ? UV_IMAGE_PLATFORMS : PYTHON_SLIM_PLATFORMS,
    [AMD64, ARM64],
  );
  if (enterprise) {
    decisions.push({
      topic: 'multi-platform build',
      choice: `${platforms.join(', ')}, every stage per target platform (QEMU emulation)`,
      reason: `wheels are built for one platform, so the venv is installed on the platform that runs it; linux/arm/v7 is left out because PyPI has few 32-bit ARM wheels and most dependencies would compile from source${pm === 'uv' ? ' (and the uv image is published for amd64 and arm64 only)' : ''}`,
    });
  }
  return platforms;
}

function pythonReadme(test: TestStage, platforms: readonly string[]): string[] {
  return [
    `\`docker build --target test .\` runs \`${test.command}\` in the \`test\` stage (${test.reason}). The runtime image does not depend on it; CI builds it before pushing.`,
    `Platforms: ${platforms.join(', ')}; each is built under emulation because wheels are platform-specific.`,
  ];
}

function metadataOf(pyproject: string): { version?: string; description?: string; license?: string } {
  const section = tomlSection(pyproject, 'project') ?? tomlSection(pyproject, 'tool.poetry') ?? '';
  const str = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(section)?.[1];
  const version = str('version');
  const description = str('description');
  const license = str('license');
  return {
    ...(version ? { version } : {}),
    ...(description ? { description } : {}),
    ...(license ? { license } : {}),
  };
}

/** The app's compose service name, as plan.ts derives it. */
function composeAppName(app: AppFacts): string {
  const name = imageName(app.name).replace(/[^a-z0-9_.-]/g, '-');
  return app.services.some((s) => s.name === name) ? 'app' : name;
}

/**
 * compose.gpu.yaml: the GPU reservation and larger limits, merged explicitly
 * (`docker compose -f compose.yaml -f compose.override.yaml -f compose.gpu.yaml up`) so the stack still starts on a
 * machine without an NVIDIA GPU.
 */
function gpuCompose(app: AppFacts): ComposeFileModel {
  const service = {
    deploy: {
      resources: {
        limits: { cpus: '4.0', memory: '16G' },
        reservations: { devices: [{ driver: 'nvidia', count: 'all', capabilities: ['gpu'] }] },
      },
    },
  };
  return {
    header: [
      'GPU overrides: an NVIDIA GPU reservation and limits sized for model serving.',
      'Needs the NVIDIA driver and Container Toolkit on the host. Start with:',
      '  docker compose -f compose.yaml -f compose.gpu.yaml up --build',
    ],
    // The compose model has no `reservations` yet (see docs/init.md); the printer writes plain data.
    services: { [composeAppName(app)]: service as unknown as ComposeService },
  };
}

export const pythonStack: Stack = {
  id: 'python',
  languages: ['python'],
  plan: planPython,
};
