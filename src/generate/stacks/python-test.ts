import type { RunMount, ShellCommand } from '../model/dockerfile.js';

/**
 * What the tier 3–4 `test` stage of a Python image installs and runs (`docker build --target test`): pytest when
 * the project declares it (dev groups and extras included), the standard library's unittest otherwise. Without a
 * tests directory the stage also byte-compiles the whole tree (`compileall`), and "no tests ran" (exit 5 from
 * pytest, and from unittest on Python 3.12+) does not fail it — the compile check is then the test, so CI's test
 * step is never a silent no-op and never fails a project that has no tests yet.
 */
export type PythonPm = 'pip' | 'uv' | 'poetry' | 'pipenv' | 'pdm';

export interface PythonTestFacts {
  readonly pm: PythonPm;
  /** Context-relative file reader and existence check. */
  readonly files: (path: string) => string | undefined;
  readonly exists: (path: string) => boolean;
  /** The app directory from the context root (`''` at the root). */
  readonly appPath: string;
  readonly pyproject: string;
  readonly hasLock: boolean;
  /** uv: `--no-install-project`, or `--no-install-workspace --package <name>` for a workspace member. */
  readonly workspaceArgs: readonly string[];
}

export interface PythonTestPlan {
  /** Installs the development/test dependencies into the venv, when there are any to install. */
  readonly install: { commands: ShellCommand[]; mount: RunMount; comment: string } | null;
  readonly commands: ShellCommand[];
  readonly display: string;
  readonly reason: string;
  readonly runsTests: boolean;
}

/** Requirement files that conventionally hold development or test dependencies. */
const DEV_REQUIREMENTS = [
  'requirements-dev.txt',
  'dev-requirements.txt',
  'requirements/dev.txt',
  'requirements-test.txt',
  'test-requirements.txt',
  'requirements/test.txt',
];

/** `pytest` as a requirement (not `pytest-cov` alone, not a word in a comment). */
const PYTEST_REQUIREMENT = /^\s*pytest\s*(?:[=<>!~;[]|$)/im;
const PYTEST_QUOTED = /["']pytest\s*(?:[=<>!~;[][^"']*)?["']/i;
const PYTEST_KEY = /^\s*pytest\s*=/im;

const join = (...parts: string[]) => parts.filter((p) => p !== '' && p !== '.').join('/');

function tomlSection(text: string, name: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${name}]`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Sections of a TOML file whose header starts with `prefix` (`tool.poetry.group.` → every group's dependencies). */
function tomlSections(text: string, prefix: string): string[] {
  const names = [...text.matchAll(/^\s*\[([^\]]+)\]\s*$/gm)].map((m) => m[1]!.trim());
  return names.filter((n) => n.startsWith(prefix)).map((n) => tomlSection(text, n) ?? '');
}

interface PytestSource {
  /** Where pytest is declared, for the reason text. */
  readonly where: string;
  /** A dev requirements file to install with pip. */
  readonly requirements?: string;
  /** The pyproject extra that holds it (pip: `pip install .[extra]`). */
  readonly extra?: string;
}

function findPytest(facts: PythonTestFacts, devFiles: readonly string[]): PytestSource | undefined {
  const py = facts.pyproject;
  const groups = tomlSection(py, 'dependency-groups');
  if (groups && PYTEST_QUOTED.test(groups)) return { where: 'a [dependency-groups] group of pyproject.toml' };
  const extras = tomlSection(py, 'project.optional-dependencies');
  if (extras && PYTEST_QUOTED.test(extras)) {
    const extra = extras
      .split(/\n(?=\s*[\w.-]+\s*=)/)
      .find((chunk) => PYTEST_QUOTED.test(chunk))
      ?.match(/^\s*([\w.-]+)\s*=/)?.[1];
    return { where: `the [project.optional-dependencies] of pyproject.toml`, ...(extra ? { extra } : {}) };
  }
  const poetry = [
    ...tomlSections(py, 'tool.poetry.group.'),
    tomlSection(py, 'tool.poetry.dev-dependencies') ?? '',
  ];
  if (poetry.some((s) => PYTEST_KEY.test(s))) return { where: 'the Poetry dev group' };
  const pdm = tomlSections(py, 'tool.pdm.dev-dependencies');
  if (pdm.some((s) => PYTEST_QUOTED.test(s))) return { where: 'the PDM dev dependencies' };
  const pipfile = facts.files(join(facts.appPath, 'Pipfile'));
  const devPackages = pipfile ? tomlSection(pipfile, 'dev-packages') : undefined;
  if (devPackages && PYTEST_KEY.test(devPackages)) return { where: 'the Pipfile [dev-packages]' };
  for (const f of devFiles) {
    if (PYTEST_REQUIREMENT.test(facts.files(f) ?? '')) return { where: f, requirements: f };
  }
  const main = facts.files(join(facts.appPath, 'requirements.txt'));
  if (main && PYTEST_REQUIREMENT.test(main)) return { where: 'requirements.txt' };
  return undefined;
}

function installStep(facts: PythonTestFacts, devFiles: readonly string[], pytest: PytestSource | undefined) {
  const cache = (target: string): RunMount => ({ type: 'cache', target, sharing: 'locked' });
  const comment = 'Development and test dependencies, on top of the production ones.';
  switch (facts.pm) {
    case 'pip': {
      const commands: ShellCommand[] = devFiles.map((f) => ['pip', 'install', '-r', f]);
      if (pytest?.extra && !commands.length) commands.push(['pip', 'install', `'.[${pytest.extra}]'`]);
      return commands.length ? { commands, mount: cache('/root/.cache/pip'), comment } : null;
    }
    case 'uv': {
      const flags = [
        ...(tomlSection(facts.pyproject, 'dependency-groups') ? ['--all-groups'] : []),
        ...(tomlSection(facts.pyproject, 'project.optional-dependencies') ? ['--all-extras'] : []),
      ];
      return {
        commands: [['uv', 'sync', '--locked', ...flags, ...facts.workspaceArgs]],
        mount: cache('/root/.cache/uv'),
        comment,
      };
    }
    case 'poetry':
      return {
        commands: [['poetry', 'install', '--no-root', '--no-interaction', '--no-ansi']],
        mount: cache('/root/.cache'),
        comment,
      };
    case 'pipenv':
      return {
        commands: [['pipenv', 'install', '--dev', ...(facts.hasLock ? ['--deploy'] : [])]],
        mount: cache('/root/.cache'),
        comment,
      };
    case 'pdm':
      return { commands: [['pdm', 'sync', '--no-self']], mount: cache('/root/.cache'), comment };
  }
}

export function pythonTestPlan(facts: PythonTestFacts): PythonTestPlan {
  const devFiles = DEV_REQUIREMENTS.map((f) => join(facts.appPath, f)).filter((f) => facts.exists(f));
  const pytest = findPytest(facts, devFiles);
  const testsDir = ['tests', 'test'].find((d) => facts.exists(join(facts.appPath, d)));
  const install = installStep(facts, devFiles, pytest);
  // "No tests ran" is exit 5 for pytest, and for unittest from Python 3.12 on.
  const noTestsOk = ['||', '[', '$?', '-eq', '5', ']'];
  const compile: ShellCommand = ['python', '-m', 'compileall', '-q', '.'];
  if (pytest && testsDir) {
    const command: ShellCommand = ['python', '-m', 'pytest'];
    return {
      install,
      commands: [command],
      display: command.join(' '),
      reason: `pytest is declared in ${pytest.where} and ${testsDir}/ holds the tests`,
      runsTests: true,
    };
  }
  if (pytest) {
    const commands: ShellCommand[] = [compile, ['python', '-m', 'pytest', ...noTestsOk]];
    return {
      install,
      commands,
      display: commands.map((c) => c.join(' ')).join(' && '),
      reason: `pytest is declared in ${pytest.where} but there is no tests/ directory: the tree is byte-compiled and pytest runs whatever it collects ("no tests collected" passes)`,
      runsTests: true,
    };
  }
  if (testsDir) {
    // No `-t .`: a tests/ without __init__.py is not importable as a package; `python -m` puts the app
    // directory on sys.path, so the tests still import the app's modules.
    const command: ShellCommand = ['python', '-m', 'unittest', 'discover', '-s', testsDir];
    return {
      install,
      commands: [command],
      display: command.join(' '),
      reason: `${testsDir}/ holds the tests and pytest is not a dependency, so the standard library's unittest runs them`,
      runsTests: true,
    };
  }
  const commands: ShellCommand[] = [compile, ['python', '-m', 'unittest', 'discover', ...noTestsOk]];
  return {
    install,
    commands,
    display: commands.map((c) => c.join(' ')).join(' && '),
    reason:
      'no test dependency and no tests/ directory: the stage byte-compiles the whole tree (syntax errors fail it) and runs any test*.py modules with unittest ("no tests ran" passes); add tests/ to run real tests here',
    runsTests: false,
  };
}
