import { AppDraft, type Detector, type DetectorContext } from '../draft.js';
import { basename, type FsView, rel } from '../fs-view.js';
import { addService, mlFromDeps, nativeFromDeps, servicesFromDeps, servicesFromEnv } from '../knowledge.js';
import { applyScans, grep, sourceFiles } from '../scan.js';
import type { LanguageFacts, PackageManagerFacts } from '../types.js';
import {
  ancestors,
  DEFAULT_VERSIONS,
  pickVersion,
  satisfies,
  toolVersion,
  versionFile,
} from '../versions.js';

interface PyProject {
  project?: {
    name?: string;
    dependencies?: string[];
    'requires-python'?: string;
    scripts?: Record<string, string>;
    'optional-dependencies'?: Record<string, string[]>;
  };
  'build-system'?: { requires?: string[]; 'build-backend'?: string };
  tool?: {
    poetry?: {
      name?: string;
      dependencies?: Record<string, unknown>;
      scripts?: Record<string, unknown>;
      packages?: { include?: string; from?: string }[];
    };
    pdm?: Record<string, unknown>;
    uv?: { workspace?: { members?: string[] }; package?: boolean };
    hatch?: Record<string, unknown>;
  };
}

/** PyPI names are case-insensitive and treat `-`, `_`, `.` alike. */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

interface Dep {
  readonly name: string;
  readonly extras: readonly string[];
  readonly spec: string;
}

function parseRequirement(line: string): Dep | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line);
  if (!m) return undefined;
  return {
    name: normalizePyName(m[1]!),
    extras: (m[2] ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    spec: (m[3] ?? '').replace(/;.*$/, '').trim(),
  };
}

function readRequirements(
  view: FsView,
  file: string,
  seen = new Set<string>(),
): { deps: Dep[]; cuda: boolean } {
  const out: Dep[] = [];
  let cuda = false;
  if (seen.has(file)) return { deps: out, cuda };
  seen.add(file);
  const text = view.read(file);
  if (text === undefined) return { deps: out, cuda };
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!l) continue;
    if (/download\.pytorch\.org\/whl\/cu\d+|\+cu\d{2,3}/.test(l)) cuda = true;
    const include = /^(?:-r|--requirement)\s*(\S+)/.exec(l);
    if (include) {
      const inner = readRequirements(view, rel(base, include[1]!), seen);
      out.push(...inner.deps);
      cuda ||= inner.cuda;
      continue;
    }
    if (l.startsWith('-') || /^(?:git\+|https?:|\.|\/)/.test(l)) continue;
    const d = parseRequirement(l);
    if (d) out.push(d);
  }
  return { deps: out, cuda };
}

const REQUIREMENT_FILES = [
  'requirements.txt',
  'requirements/production.txt',
  'requirements/prod.txt',
  'requirements/base.txt',
  'requirements/common.txt',
  'requirements/main.txt',
  'requirements-prod.txt',
  'requirements.in',
];

export const pythonDetector: Detector = {
  id: 'python',
  detect(ctx: DetectorContext): AppDraft[] {
    const { view, dir } = ctx;
    const f = (name: string) => rel(dir, name);
    const reqFile = REQUIREMENT_FILES.map(f).find((p) => view.has(p));
    const pyprojectPath = f('pyproject.toml');
    const pyproject = view.has(pyprojectPath) ? view.toml<PyProject>(pyprojectPath) : undefined;
    const pipfilePath = f('Pipfile');
    const condaPath = ['environment.yml', 'environment.yaml', 'conda.yml'].map(f).find((p) => view.has(p));
    const setupPy = view.has(f('setup.py'));
    const topPy = view.files(dir).filter((n) => n.endsWith('.py'));
    const hasManage = view.has(f('manage.py'));
    const markers = [
      reqFile,
      view.has(pyprojectPath) ? pyprojectPath : undefined,
      view.has(pipfilePath) ? pipfilePath : undefined,
      condaPath,
      setupPy ? f('setup.py') : undefined,
    ].filter((x): x is string => x !== undefined);
    const entryLike = topPy.find((n) =>
      [
        'main.py',
        'app.py',
        'manage.py',
        'server.py',
        'bot.py',
        'run.py',
        'start.py',
        'wsgi.py',
        'asgi.py',
      ].includes(n),
    );
    if (markers.length === 0 && !entryLike) return [];

    const draft = new AppDraft(basename(dir === '.' ? view.root : dir), dir, markers.length > 0 ? 75 : 40);
    if (view.unparsable(pyprojectPath))
      draft.note('warning', 'pyproject.toml is not valid TOML; facts from it are missing', pyprojectPath);
    const projectName = pyproject?.project?.name ?? pyproject?.tool?.poetry?.name;
    if (projectName) draft.name = projectName;

    // Dependencies (runtime only; dev groups are ignored).
    const deps = new Map<string, Dep>();
    let depSource = reqFile ?? (markers[0] as string | undefined) ?? f('main.py');
    let cuda = false;
    const addDeps = (list: Iterable<Dep>) => {
      for (const d of list) if (!deps.has(d.name)) deps.set(d.name, d);
    };
    if (reqFile) {
      const r = readRequirements(view, reqFile);
      addDeps(r.deps);
      cuda ||= r.cuda;
    }
    if (pyproject) {
      const pdeps = (pyproject.project?.dependencies ?? [])
        .map(parseRequirement)
        .filter((d): d is Dep => d !== undefined);
      const poetry = Object.entries(pyproject.tool?.poetry?.dependencies ?? {})
        .filter(([n]) => n.toLowerCase() !== 'python')
        .map(([n, v]) => ({
          name: normalizePyName(n),
          extras:
            typeof v === 'object' && v && Array.isArray((v as { extras?: unknown }).extras)
              ? (v as { extras: string[] }).extras
              : [],
          spec: typeof v === 'string' ? v : '',
        }));
      if (!reqFile && (pdeps.length > 0 || poetry.length > 0)) depSource = pyprojectPath;
      addDeps(pdeps);
      addDeps(poetry);
    }
    if (view.has(pipfilePath)) {
      const pipfile = view.toml<{ packages?: Record<string, unknown> }>(pipfilePath);
      const list = Object.keys(pipfile?.packages ?? {}).map((n) => ({
        name: normalizePyName(n),
        extras: [],
        spec: '',
      }));
      if (deps.size === 0) depSource = pipfilePath;
      addDeps(list);
    }
    if (condaPath) {
      const env = view.yaml<{ dependencies?: (string | { pip?: string[] })[] }>(condaPath);
      for (const d of env?.dependencies ?? []) {
        if (typeof d === 'string') {
          const r = parseRequirement(d.replace(/=.*/, ''));
          if (r && r.name !== 'python' && r.name !== 'pip') addDeps([r]);
        } else if (d && Array.isArray(d.pip))
          addDeps(d.pip.map(parseRequirement).filter((x): x is Dep => x !== undefined));
      }
      if (deps.size > 0 && depSource === markers[0] && !reqFile) depSource = condaPath;
    }
    if (setupPy && deps.size === 0) {
      const text = view.read(f('setup.py')) ?? '';
      const block = /install_requires\s*=\s*\[([^\]]*)\]/.exec(text)?.[1] ?? '';
      for (const m of block.matchAll(/['"]([^'"]+)['"]/g)) {
        const d = parseRequirement(m[1]!);
        if (d) addDeps([d]);
      }
      depSource = f('setup.py');
    }
    // Package manager.
    draft.packageManager = pythonPm(view, dir, pyproject, reqFile, condaPath, draft);
    // Version.
    draft.language = pythonVersion(view, dir, pyproject, draft);
    draft.because(
      'language',
      'python',
      markers[0] ?? f(entryLike ?? 'main.py'),
      'high',
      markers.length > 0 ? basename(markers[0]!) : 'Python entry file',
    );

    // Framework, start command, port.
    const files = sourceFiles(ctx, ['py']);
    frameworkAndStart(ctx, draft, deps, depSource, files, pyproject, hasManage);

    const { env } = applyScans(draft, ctx, ['py'], { files });
    if (draft.kind === 'server' && draft.port === null)
      draft.setDefaultPort(8000, 'Python web server convention');

    // Services, native and ML packages.
    const names = [...deps.keys()];
    servicesFromDeps(draft, names, depSource);
    servicesFromEnv(draft, env.exampleValues, env.exampleFile);
    djangoDatabase(view, draft, files);
    const nativeNames = names.flatMap((n) => {
      const d = deps.get(n)!;
      if (n === 'psycopg')
        return d.extras.includes('binary') ? [] : d.extras.includes('c') ? ['psycopg-c'] : ['psycopg'];
      return [n];
    });
    nativeFromDeps(draft, 'pypi', nativeNames, depSource);
    mlFromDeps(draft, names, depSource, cuda);
    draft.deployable = draft.framework !== null || draft.startCommand !== null;
    return [draft];
  },
};

function pythonPm(
  view: FsView,
  dir: string,
  pyproject: PyProject | undefined,
  reqFile: string | undefined,
  condaPath: string | undefined,
  draft: AppDraft,
): PackageManagerFacts {
  // Lockfiles, nearest first (uv and Poetry workspaces keep one lock at the root).
  const lockNames: readonly [string, string][] = [
    ['uv.lock', 'uv'],
    ['poetry.lock', 'poetry'],
    ['pdm.lock', 'pdm'],
    ['Pipfile.lock', 'pipenv'],
  ];
  let lock: [string, string] | undefined;
  for (const d of ancestors(dir)) {
    const found = lockNames.find(([n]) => view.has(rel(d, n)));
    if (found) {
      lock = [rel(d, found[0]), found[1]];
      break;
    }
    if (view.has(rel(d, '.git')) || d === '.') break;
  }
  const pyprojectPath = rel(dir, 'pyproject.toml');
  const tool = pyproject?.tool;
  const backend = pyproject?.['build-system']?.['build-backend'] ?? '';
  let name: string;
  let lockfile: string | null = null;
  let source: string;
  let detail: string;
  if (lock) {
    [lockfile, name] = lock;
    source = lockfile;
    detail = 'lockfile';
  } else if (tool?.poetry || backend.startsWith('poetry')) {
    name = 'poetry';
    source = pyprojectPath;
    detail = '[tool.poetry] in pyproject.toml';
  } else if (tool?.pdm || backend.startsWith('pdm')) {
    name = 'pdm';
    source = pyprojectPath;
    detail = '[tool.pdm] in pyproject.toml';
  } else if (tool?.uv) {
    name = 'uv';
    source = pyprojectPath;
    detail = '[tool.uv] in pyproject.toml';
  } else if (view.has(rel(dir, 'Pipfile'))) {
    name = 'pipenv';
    source = rel(dir, 'Pipfile');
    detail = 'Pipfile';
  } else if (reqFile) {
    name = 'pip';
    source = reqFile;
    detail = basename(reqFile);
  } else if (condaPath) {
    name = 'conda';
    source = condaPath;
    detail = basename(condaPath);
  } else {
    name = 'pip';
    source = view.has(pyprojectPath) ? pyprojectPath : rel(dir, 'setup.py');
    detail =
      view.has(pyprojectPath) || view.has(rel(dir, 'setup.py'))
        ? 'installable package (pip install .)'
        : 'no dependency manifest';
  }
  draft.because(
    'packageManager',
    name,
    view.has(source) ? source : null,
    lockfile ? 'high' : 'medium',
    detail,
  );
  if (reqFile && name !== 'pip') {
    draft.note(
      'info',
      `both ${basename(reqFile)} and ${detail === 'lockfile' ? basename(lockfile!) : 'a ' + name + ' project'} exist; using ${name}, the one with the lock. Keep ${basename(reqFile)} only if something else exports it.`,
      reqFile,
    );
  }
  if (!lockfile && name !== 'pip' && name !== 'conda')
    draft.note('warning', `${name} project without a lockfile: installs are not reproducible`, source);

  let variant: string | undefined;
  let version: string | null = null;
  if (name === 'poetry') {
    const head = lockfile ? (view.head(lockfile, 300) ?? '') : '';
    const fromLock = /generated by Poetry (\d+\.\d+(?:\.\d+)?)/.exec(head)?.[1];
    const requiresCore = (pyproject?.['build-system']?.requires ?? []).join(' ');
    const pep621 = pyproject?.project !== undefined;
    const tv = toolVersion(view, dir, ['poetry']);
    version = fromLock ?? tv?.version ?? null;
    const major = version
      ? Number(version.split('.')[0])
      : pep621 || /poetry-core\s*>=\s*2/.test(requiresCore)
        ? 2
        : 1;
    variant = String(major);
    draft.because(
      'packageManager.variant',
      `poetry ${major}`,
      lockfile ?? pyprojectPath,
      version ? 'high' : 'medium',
      version
        ? `Poetry ${version}`
        : pep621
          ? 'PEP 621 [project] table (Poetry 2)'
          : '[tool.poetry] dependencies (Poetry 1 layout)',
    );
  } else if (name === 'uv' && lockfile) {
    version = null;
  }
  const installCommand =
    name === 'pip'
      ? reqFile
        ? `pip install --no-cache-dir -r ${reqFile.slice(dir === '.' ? 0 : dir.length + 1)}`
        : 'pip install --no-cache-dir .'
      : name === 'poetry'
        ? 'poetry install --only main --no-root --no-interaction'
        : name === 'uv'
          ? lockfile
            ? 'uv sync --locked --no-dev'
            : 'uv sync --no-dev'
          : name === 'pdm'
            ? lockfile
              ? 'pdm install --prod --frozen-lockfile'
              : 'pdm install --prod'
            : name === 'pipenv'
              ? lockfile
                ? 'pipenv install --deploy --system'
                : 'pipenv install --system'
              : `conda env create -f ${basename(condaPath ?? 'environment.yml')}`;
  return { name, version, lockfile, ...(variant ? { variant } : {}), installCommand };
}

function pythonVersion(
  view: FsView,
  dir: string,
  pyproject: PyProject | undefined,
  draft: AppDraft,
): LanguageFacts {
  const requires =
    pyproject?.project?.['requires-python'] ??
    (pyproject?.tool?.poetry?.dependencies?.python as string | undefined);
  const requiresSource = rel(dir, 'pyproject.toml');
  const candidates: { version: string; source: string; detail: string }[] = [];
  for (const d of ancestors(dir)) {
    const file = rel(d, '.python-version');
    const v = view.has(file) ? versionFile(view, file) : undefined;
    if (v) {
      candidates.push({ version: v.replace(/^python-?/, ''), source: file, detail: '.python-version' });
      break;
    }
  }
  const tool = toolVersion(view, dir, ['python']);
  if (tool) candidates.push({ version: tool.version, source: tool.source, detail: basename(tool.source) });
  const runtimeTxt = rel(dir, 'runtime.txt');
  const rt = view.has(runtimeTxt) ? versionFile(view, runtimeTxt) : undefined;
  if (rt)
    candidates.push({ version: rt.replace(/^python-?/, ''), source: runtimeTxt, detail: 'runtime.txt' });
  const pipfile = view.toml<{ requires?: { python_version?: string; python_full_version?: string } }>(
    rel(dir, 'Pipfile'),
  );
  const pv = pipfile?.requires?.python_full_version ?? pipfile?.requires?.python_version;
  if (pv) candidates.push({ version: pv, source: rel(dir, 'Pipfile'), detail: 'Pipfile [requires]' });
  const conda = ['environment.yml', 'environment.yaml'].map((n) => rel(dir, n)).find((p) => view.has(p));
  if (conda) {
    const m = /^\s*-\s*python\s*=+\s*(\d+(?:\.\d+){0,2})/m.exec(view.read(conda) ?? '');
    if (m) candidates.push({ version: m[1]!, source: conda, detail: 'conda environment' });
  }
  const pin = candidates.find((c) => /^\d+(\.\d+){0,2}$/.test(c.version.trim()));
  if (pin) {
    const version = pin.version.trim();
    const fromRequires =
      requires && !satisfies(version, requires) ? pickVersion('python', requires) : undefined;
    if (requires && fromRequires) {
      // pip and uv refuse to install a project on a Python outside requires-python: the constraint wins.
      draft.note(
        'warning',
        `${pin.detail} says Python ${version} but requires-python is ${requires}; using ${fromRequires.version}, since installers refuse a Python outside requires-python. Update ${pin.detail}.`,
        pin.source,
      );
      draft.because(
        'language.version',
        fromRequires.version,
        requiresSource,
        'medium',
        `requires-python ${requires}`,
      );
      return {
        name: 'python',
        version: fromRequires.version,
        versionSource: requiresSource,
        versionConstraint: requires,
        versionIsDefault: false,
      };
    }
    draft.because('language.version', version, pin.source, 'high', pin.detail);
    return { name: 'python', version, versionSource: pin.source, versionIsDefault: false };
  }
  if (requires) {
    const picked = pickVersion('python', requires);
    if (picked) {
      draft.because(
        'language.version',
        picked.version,
        requiresSource,
        'medium',
        `requires-python ${requires}`,
      );
      return {
        name: 'python',
        version: picked.version,
        versionSource: requiresSource,
        versionConstraint: requires,
        versionIsDefault: false,
      };
    }
  }
  draft.because(
    'language.version',
    DEFAULT_VERSIONS.python,
    null,
    'low',
    'no .python-version, runtime.txt or requires-python',
  );
  draft.note(
    'info',
    `no Python version pinned; using ${DEFAULT_VERSIONS.python}. Pin it in .python-version or requires-python.`,
  );
  return { name: 'python', version: DEFAULT_VERSIONS.python, versionSource: null, versionIsDefault: true };
}

interface AppObject {
  readonly module: string;
  readonly variable: string;
  readonly file: string;
  readonly line: number;
  readonly factory: boolean;
  /** `src` when the module lives in a src/ layout. */
  readonly appDir: string | null;
}

/** `app = FastAPI()` etc., shallowest and most conventional file first. */
function findAppObject(
  view: FsView,
  dir: string,
  files: readonly string[],
  ctor: string,
): AppObject | undefined {
  const re = new RegExp(`^(\\w+)\\s*(?::\\s*\\w+\\s*)?=\\s*(?:${ctor})\\(`, 'm');
  const factoryRe = /^def\s+(create_app|make_app|get_app|app_factory)\s*\(/m;
  const ranked = [...files].sort((a, b) => rankPyFile(a, dir) - rankPyFile(b, dir));
  for (const file of ranked) {
    const text = view.read(file);
    if (!text || !new RegExp(ctor).test(text)) continue;
    const m = re.exec(text);
    const fm = m ? undefined : factoryRe.exec(text);
    if (!m && !fm) continue;
    const relPath = dir === '.' ? file : file.slice(dir.length + 1);
    const appDir = relPath.startsWith('src/') ? 'src' : null;
    const modPath = (appDir ? relPath.slice(4) : relPath)
      .replace(/\.py$/, '')
      .replace(/\/__init__$/, '')
      .replaceAll('/', '.');
    const index = (m ?? fm)!.index;
    return {
      module: modPath,
      variable: m ? m[1]! : `${fm![1]}()`,
      file,
      line: text.slice(0, index).split('\n').length,
      factory: !m,
      appDir,
    };
  }
  return undefined;
}

function rankPyFile(file: string, dir: string): number {
  const relPath = dir === '.' ? file : file.slice(dir.length + 1);
  const depth = relPath.split('/').length;
  const name = basename(relPath);
  const bonus = ['main.py', 'app.py', 'server.py', 'api.py', 'wsgi.py', 'asgi.py', '__init__.py'].indexOf(
    name,
  );
  return depth * 10 + (bonus < 0 ? 9 : bonus);
}

function frameworkAndStart(
  ctx: DetectorContext,
  draft: AppDraft,
  deps: Map<string, Dep>,
  depSource: string,
  files: readonly string[],
  pyproject: PyProject | undefined,
  hasManage: boolean,
): void {
  const { view, dir } = ctx;
  const has = (n: string) => deps.has(n);
  const f = (name: string) => rel(dir, name);
  const version = (n: string) => /(\d+(?:\.\d+){0,2})/.exec(deps.get(n)?.spec ?? '')?.[1] ?? null;
  const setFw = (name: string, dep: string, features: string[] = []) =>
    draft.setFramework({ name, version: version(dep), features }, depSource, `dependency ${dep}`);
  const server = (port: number, detail: string) => {
    draft.setKind('server', depSource, 'high', detail);
    draft.setDefaultPort(port, `${detail} default port`);
  };
  const entryFile = ['main.py', 'app.py', 'server.py', 'bot.py', 'run.py', 'start.py', 'hello.py'].find((n) =>
    view.has(f(n)),
  );

  if (has('django') && (hasManage || files.some((x) => x.endsWith('/settings.py')))) {
    setFw('django', 'django');
    server(8000, 'Django');
    const project = djangoProject(view, dir, files);
    const asgiServer = ['uvicorn', 'daphne', 'hypercorn'].find(has);
    if (project) {
      if (has('gunicorn'))
        draft.setStart(
          `gunicorn ${project.module}.wsgi:application --bind 0.0.0.0:8000`,
          project.source,
          'high',
          'gunicorn serving the WSGI application',
        );
      else if (asgiServer === 'uvicorn')
        draft.setStart(
          `uvicorn ${project.module}.asgi:application --host 0.0.0.0 --port 8000`,
          project.source,
          'high',
          'uvicorn serving the ASGI application',
        );
      else if (asgiServer)
        draft.setStart(
          `${asgiServer} -b 0.0.0.0 -p 8000 ${project.module}.asgi:application`,
          project.source,
          'high',
          `${asgiServer} serving the ASGI application`,
        );
      else {
        draft.setStart(
          `gunicorn ${project.module}.wsgi:application --bind 0.0.0.0:8000`,
          project.source,
          'medium',
          'Django WSGI application',
        );
        draft.note(
          'warning',
          'Django without gunicorn/uvicorn in the dependencies: add gunicorn (runserver is a development server).',
          depSource,
        );
      }
    } else
      draft.setStart(
        'python manage.py runserver 0.0.0.0:8000',
        f('manage.py'),
        'low',
        'manage.py (development server: add gunicorn)',
      );
    const settings = files.find((x) => x.endsWith('settings.py') || x.includes('/settings/'));
    if (settings && /STATIC_ROOT\s*=/.test(view.read(settings) ?? '')) {
      draft.setBuild('python manage.py collectstatic --noinput', settings, 'high', 'STATIC_ROOT is set');
    }
    draft.note(
      'info',
      'Django: run `python manage.py migrate` as a release/one-off step, not in the container start command.',
    );
    return;
  }
  if (has('fastapi') || has('starlette') || has('litestar')) {
    const name = has('fastapi') ? 'fastapi' : has('litestar') ? 'litestar' : 'starlette';
    const ctor = name === 'fastapi' ? 'FastAPI' : name === 'litestar' ? 'Litestar' : 'Starlette';
    setFw(name, name);
    server(8000, name === 'fastapi' ? 'FastAPI' : ctor);
    const app = findAppObject(view, dir, files, ctor);
    const target = app
      ? `${app.module}:${app.variable.replace(/\(\)$/, '')}`
      : entryFile
        ? `${entryFile.replace(/\.py$/, '')}:app`
        : 'main:app';
    const factory = app?.factory ? ' --factory' : '';
    const appDir = app?.appDir ? ` --app-dir ${app.appDir}` : '';
    if (has('uvicorn') || deps.get('fastapi')?.extras.includes('standard') || has('gunicorn')) {
      draft.setStart(
        `uvicorn ${target} --host 0.0.0.0 --port 8000${factory}${appDir}`,
        app?.file ?? depSource,
        app ? 'high' : 'medium',
        app ? `${ctor} app object at ${app.file}:${app.line}` : 'conventional module',
      );
    } else if (has('hypercorn')) {
      draft.setStart(
        `hypercorn ${target} --bind 0.0.0.0:8000`,
        app?.file ?? depSource,
        'medium',
        'hypercorn',
      );
    } else {
      draft.setStart(
        `uvicorn ${target} --host 0.0.0.0 --port 8000${factory}${appDir}`,
        app?.file ?? depSource,
        'low',
        'ASGI app',
      );
      draft.note('warning', `${ctor} without an ASGI server in the dependencies: add uvicorn.`, depSource);
    }
    return;
  }
  if (has('streamlit')) {
    setFw('streamlit', 'streamlit');
    server(8501, 'Streamlit');
    const script =
      files.find(
        (x) =>
          /import streamlit|from streamlit/.test(view.read(x) ?? '') &&
          /(?:app|main|streamlit_app|Home|dashboard)\.py$/.test(x),
      ) ??
      files.find((x) => /import streamlit/.test(view.read(x) ?? '')) ??
      (entryFile ? f(entryFile) : f('app.py'));
    const relScript = dir === '.' ? script : script.slice(dir.length + 1);
    draft.setStart(
      `streamlit run ${relScript} --server.port 8501 --server.address 0.0.0.0`,
      script,
      'high',
      'Streamlit script',
    );
    draft.healthPath = '/_stcore/health';
    draft.because('healthPath', '/_stcore/health', null, 'high', 'Streamlit built-in health endpoint');
    return;
  }
  if (has('gradio')) {
    setFw('gradio', 'gradio');
    server(7860, 'Gradio');
    const script =
      files.find((x) => /import gradio|from gradio/.test(view.read(x) ?? '')) ??
      (entryFile ? f(entryFile) : f('app.py'));
    draft.setStart(
      `python ${dir === '.' ? script : script.slice(dir.length + 1)}`,
      script,
      'medium',
      'Gradio script',
    );
    draft.note('info', 'Gradio: set GRADIO_SERVER_NAME=0.0.0.0 so the server listens outside the container.');
    return;
  }
  if (has('flask') || has('quart')) {
    const name = has('flask') ? 'flask' : 'quart';
    const ctor = name === 'flask' ? 'Flask' : 'Quart';
    setFw(name, name);
    const app = findAppObject(view, dir, files, ctor);
    const target = app ? `${app.module}:${app.variable}` : undefined;
    const chdir = app?.appDir ? ` --chdir ${app.appDir}` : '';
    if (has('gunicorn') && target && name === 'flask') {
      server(8000, 'Flask behind gunicorn');
      draft.setStart(
        `gunicorn --bind 0.0.0.0:8000${chdir} ${target}`,
        app!.file,
        'high',
        `Flask app object at ${app!.file}:${app!.line}`,
      );
      return;
    }
    server(5000, name === 'flask' ? 'Flask' : 'Quart');
    const runFile = files.find(
      (x) => /\.run\(/.test(view.read(x) ?? '') && /__main__/.test(view.read(x) ?? ''),
    );
    if (runFile) {
      draft.setStart(
        `python ${dir === '.' ? runFile : runFile.slice(dir.length + 1)}`,
        runFile,
        'medium',
        'script calls app.run()',
      );
    } else if (target) {
      draft.setStart(
        `flask --app ${target} run --host 0.0.0.0 --port 5000`,
        app!.file,
        'medium',
        `Flask app object at ${app!.file}:${app!.line}`,
      );
    } else if (entryFile) {
      draft.setStart(`python ${entryFile}`, f(entryFile), 'medium', 'entry file');
    }
    if (name === 'flask' && !has('gunicorn'))
      draft.note(
        'info',
        "Flask's built-in server is for development: add gunicorn and run `gunicorn --bind 0.0.0.0:8000 module:app`.",
      );
    if (draft.startCommand !== null) return;
  }
  const otherServer = (
    [
      ['aiohttp', 'aiohttp', 8080],
      ['sanic', 'sanic', 8000],
      ['tornado', 'tornado', 8888],
      ['dash', 'dash', 8050],
    ] as const
  ).find(([dep]) => has(dep));
  if (otherServer) {
    const [dep, name, port] = otherServer;
    setFw(name, dep);
    server(port, name);
  }
  if (!otherServer && draft.framework === null && has('celery')) {
    setFw('celery', 'celery');
    draft.setKind('worker', depSource, 'medium', 'Celery worker');
    const celery = grep(view, files, [/^(\w+)\s*=\s*Celery\(/m], 1)[0];
    if (celery) {
      const relPath = dir === '.' ? celery.file : celery.file.slice(dir.length + 1);
      const mod = relPath
        .replace(/\.py$/, '')
        .replace(/\/(?:__init__|celery)$/, '')
        .replaceAll('/', '.');
      draft.setStart(`celery -A ${mod} worker --loglevel=info`, celery.file, 'medium', 'Celery app object');
      return;
    }
  }
  // No web framework: a script, a console entry point or a package run with -m.
  const scripts = {
    ...(pyproject?.project?.scripts ?? {}),
    ...((pyproject?.tool?.poetry?.scripts ?? {}) as Record<string, string>),
  };
  const pkgMain = files.find(
    (x) =>
      basename(x) === '__main__.py' && x.split('/').length - (dir === '.' ? 0 : dir.split('/').length) <= 3,
  );
  if (entryFile) {
    draft.setStart(`python ${entryFile}`, f(entryFile), 'medium', 'entry file');
  } else if (pkgMain) {
    const relPath = dir === '.' ? pkgMain : pkgMain.slice(dir.length + 1);
    const pkgPath = relPath.replace(/\/__main__\.py$/, '');
    const mod = (pkgPath.startsWith('src/') ? pkgPath.slice(4) : pkgPath).replaceAll('/', '.');
    draft.setStart(
      `python -m ${mod}`,
      pkgMain,
      'high',
      `package ${mod} has __main__.py${pyproject?.project?.name && normalizePyName(pyproject.project.name) !== normalizePyName(mod) ? ` (the project is named ${pyproject.project.name})` : ''}`,
    );
  } else if (Object.keys(scripts).length > 0) {
    const [script] = Object.keys(scripts);
    draft.setStart(
      script!,
      rel(dir, 'pyproject.toml'),
      'medium',
      `console script from pyproject.toml (${String(scripts[script!])})`,
    );
    if (draft.kind === undefined)
      draft.setKind('cli', rel(dir, 'pyproject.toml'), 'medium', 'console script entry point');
  }
  if (draft.kind === undefined) {
    const listens = grep(
      view,
      files.slice(0, 200),
      [/(?:HTTPServer|TCPServer|web\.run_app|serve_forever|uvicorn\.run|app\.run)\(/],
      1,
    )[0];
    const loops = grep(
      view,
      files.slice(0, 200),
      [
        /(?:while\s+True\s*:|run_forever\(|\.start_polling\(|\.run_polling\(|client\.run\(|schedule\.run_pending|BlockingScheduler)/,
      ],
      1,
    )[0];
    if (listens) draft.setKind('server', listens.file, 'medium', 'the code starts a server');
    else if (loops) draft.setKind('worker', loops.file, 'medium', 'long-running loop');
    else draft.setKind('cli', null, 'low', 'no web framework or server code found: runs and exits');
  }
}

function djangoProject(
  view: FsView,
  dir: string,
  files: readonly string[],
): { module: string; source: string } | undefined {
  const manage = view.read(rel(dir, 'manage.py')) ?? '';
  const m = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+?)\.settings/.exec(manage);
  if (m) return { module: m[1]!, source: rel(dir, 'manage.py') };
  const wsgi = files
    .filter((x) => basename(x) === 'wsgi.py')
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (wsgi) {
    const relPath = dir === '.' ? wsgi : wsgi.slice(dir.length + 1);
    const mod = relPath.replace(/\/wsgi\.py$/, '').replaceAll('/', '.');
    if (mod !== 'wsgi.py') return { module: mod, source: wsgi };
  }
  return undefined;
}

function djangoDatabase(view: FsView, draft: AppDraft, files: readonly string[]): void {
  for (const file of files.filter((x) => /settings/.test(x))) {
    const text = view.read(file) ?? '';
    const m = /django\.db\.backends\.(postgresql|mysql|sqlite3|oracle)/.exec(text);
    if (!m) continue;
    const svc =
      m[1] === 'postgresql'
        ? 'postgres'
        : m[1] === 'mysql'
          ? 'mysql'
          : m[1] === 'sqlite3'
            ? 'sqlite'
            : undefined;
    if (svc) addService(draft, svc, `DATABASES ENGINE ${m[0]}`, file);
  }
}
