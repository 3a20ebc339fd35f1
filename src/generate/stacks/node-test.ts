import type { ShellCommand } from '../model/dockerfile.js';

/**
 * What the tier 3–4 `test` stage of a Node/Bun image runs (`docker build --target test`): the project's own
 * `test` script through its package manager, or — when the project has no tests — the cheapest check that still
 * fails on a broken build, so the CI test step is never a silent no-op.
 */
export interface NodeTestFacts {
  readonly pm: 'npm' | 'pnpm' | 'yarn' | 'bun';
  readonly runtime: 'node' | 'bun';
  readonly scripts: Readonly<Record<string, string>>;
  readonly shape: 'app-files' | 'whole-app' | 'next-standalone' | 'nuxt-output' | 'static';
  /** The production start command's words (before distroless drops the runtime). */
  readonly startArgs: readonly string[];
  readonly outputDir: string | null;
  readonly framework: string | null;
  readonly hasBuild: boolean;
  /** The app directory from the context root (`''` at the root), for paths inside the Next standalone tree. */
  readonly appPath: string;
}

export interface NodeTestCommand {
  readonly command: ShellCommand;
  /** The command as a user would type it (README, CI step names). */
  readonly display: string;
  readonly reason: string;
  /** True when it runs the project's tests, false for the fallback check. */
  readonly runsTests: boolean;
}

/** `npm init`'s placeholder fails on purpose; it is not a test suite. */
const NPM_PLACEHOLDER = /no test specified/;

/** Node options whose value is the next word (`--require ./.pnp.cjs`), so it is not taken for the script. */
const FLAGS_WITH_VALUE = new Set(['-r', '--require', '--loader', '--experimental-loader', '--import']);
const BUN_SCRIPT_FILE = /\.(?:[cm]?[jt]s|tsx)$/;

function words(command: ShellCommand): string {
  return command.join(' ');
}

function runScript(pm: NodeTestFacts['pm']): ShellCommand {
  // `bun test` is Bun's own runner, not the script: `bun run test` runs what package.json says.
  return pm === 'bun' ? ['bun', 'run', 'test'] : [pm, 'test'];
}

/**
 * The script the start command runs, relative to the app directory: the first word after the runtime's own
 * options (`node --max-old-space-size=460 server.js` → server.js). `node --check` resolves it like `node` does
 * (`dist/main` → dist/main.js, `build` → build/index.js).
 */
function entryFile(facts: NodeTestFacts): string | undefined {
  if (facts.shape === 'next-standalone')
    return ['.next/standalone', facts.appPath, 'server.js'].filter(Boolean).join('/');
  if (facts.shape === 'nuxt-output') return '.output/server/index.mjs';
  const [head, ...rest] = facts.startArgs;
  if (head !== facts.runtime) return undefined;
  const words = facts.runtime === 'bun' && rest[0] === 'run' ? rest.slice(1) : rest;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      if (FLAGS_WITH_VALUE.has(w)) i++;
      continue;
    }
    if (w.replace(/^\.\//, '').startsWith('node_modules/')) continue;
    if (facts.runtime === 'bun' && !BUN_SCRIPT_FILE.test(w)) return undefined;
    return w;
  }
  return undefined;
}

export function nodeTestCommand(facts: NodeTestFacts): NodeTestCommand {
  const script = facts.scripts.test;
  if (script !== undefined && script.trim() !== '' && !NPM_PLACEHOLDER.test(script)) {
    const command = runScript(facts.pm);
    return {
      command,
      display: words(command),
      reason: `the package.json "test" script (\`${script}\`), with the devDependencies installed`,
      runsTests: true,
    };
  }
  const none = script === undefined ? 'no "test" script' : 'the "test" script is npm’s placeholder';
  if (facts.shape === 'static') {
    const index = `${facts.outputDir ?? 'dist'}/index.html`;
    const command = ['test', '-s', index];
    return {
      command,
      display: words(command),
      reason: `${none}: the stage checks that the build wrote ${index}; add a "test" script to run real tests here`,
      runsTests: false,
    };
  }
  const entry = entryFile(facts);
  if (entry && facts.runtime === 'bun') {
    // Bundling resolves every import of the entry: a syntax error or a missing module fails the stage.
    const command = ['bun', 'build', entry, '--target=bun', '--outdir=/tmp/bun-check'];
    return {
      command,
      display: words(command),
      reason: `${none}: the stage bundles ${entry} (syntax and imports resolve); add a "test" script to run real tests here`,
      runsTests: false,
    };
  }
  if (entry) {
    const command = ['node', '--check', entry];
    return {
      command,
      display: words(command),
      reason: `${none}: the stage syntax-checks the entry point ${entry}; add a "test" script to run real tests here`,
      runsTests: false,
    };
  }
  if (facts.framework === 'next') {
    const command = ['test', '-s', '.next/BUILD_ID'];
    return {
      command,
      display: words(command),
      reason: `${none}: the stage checks that \`next build\` produced .next/BUILD_ID; add a "test" script to run real tests here`,
      runsTests: false,
    };
  }
  if (facts.hasBuild && facts.outputDir) {
    const command = ['test', '-d', facts.outputDir];
    return {
      command,
      display: words(command),
      reason: `${none}: the stage checks that the build wrote ${facts.outputDir}; add a "test" script to run real tests here`,
      runsTests: false,
    };
  }
  const command: ShellCommand = facts.pm === 'bun' ? ['bun', 'pm', 'ls'] : [facts.pm, 'ls'];
  return {
    command,
    display: words(command),
    reason: `${none} and no entry file to check: the stage lists the installed dependency tree (fails on missing or invalid packages); add a "test" script to run real tests here`,
    runsTests: false,
  };
}
