import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import ignore from 'ignore';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import { parseDockerignore } from '../parse/dockerignore/index.js';
import { loadBuildContext } from './build-context.js';
import { discoverLintTargets, type LintFileKind, type LintTarget } from './discover.js';
import {
  findConfig,
  type LintConfig,
  loadConfigFile,
  type RuleSetting,
  resolveRules,
} from './engine/config.js';
import { fixDockerfile, type LintResult, lintDockerfile } from './engine/linter.js';
import type { Profile } from './engine/rule.js';
import { dockerfileRules } from './rules/dockerfile/index.js';
import { filterShellcheck, findShellcheck, shellcheckDockerfile } from './shellcheck.js';

export type FixMode = 'none' | 'safe' | 'unsafe';

export interface LintFilesOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly profile?: Profile;
  /** An explicit config file (`--config`); otherwise discovered upward from each file. */
  readonly configPath?: string;
  /** `--rule id=level` overrides, applied over the config. */
  readonly ruleOverrides?: Readonly<Record<string, RuleSetting>>;
  readonly fix?: FixMode;
  /** With a fix mode: compute the fixes and a diff, write nothing. */
  readonly dryRun?: boolean;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Build context for every Dockerfile; default: the Dockerfile's own folder. */
  readonly contextDir?: string;
  readonly debug?: (message: string) => void;
  /** The shell environment for Compose interpolation (injected; the CLI passes its own). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Run ShellCheck on shell-form RUN commands when the binary is found (`searchPath` is a PATH-style list; `binary`
   * skips the search). Off unless given; the CLI turns it on. An absent binary is skipped (noted through `debug`).
   */
  readonly shellcheck?: false | { readonly binary?: string; readonly searchPath?: string };
}

export interface FileReport {
  readonly target: LintTarget;
  readonly diagnostics: readonly Diagnostic[];
  /** Unified diff of the fixes (dry run or applied). */
  readonly diff?: string;
  readonly fixesApplied: number;
}

export interface LintFilesResult {
  readonly files: readonly FileReport[];
  readonly diagnostics: readonly Diagnostic[];
  /** The failure threshold from the nearest config, if it sets one. */
  readonly configThreshold?: LintConfig['failureThreshold'];
  /** The text each diagnostic's positions refer to, keyed by `Diagnostic.file` (after fixes, when fixing). */
  readonly sources: ReadonlyMap<string, string>;
}

async function read(target: LintTarget): Promise<string> {
  try {
    return await readFile(target.absolutePath, 'utf8');
  } catch {
    throw new InputError('cannot be read', target.path);
  }
}

function isIgnoredByConfig(config: LintConfig, target: LintTarget): boolean {
  if (!config.path || config.ignorePaths.length === 0) return false;
  const rel = relative(dirname(config.path), target.absolutePath);
  return (
    !rel.startsWith('..') &&
    ignore()
      .add([...config.ignorePaths])
      .ignores(rel)
  );
}

async function resolveShellcheck(
  setting: { readonly binary?: string; readonly searchPath?: string },
  debug: LintFilesOptions['debug'],
): Promise<string | undefined> {
  const binary = setting.binary ?? (await findShellcheck(setting.searchPath));
  debug?.(
    binary
      ? `shellcheck: using ${binary}`
      : 'shellcheck: not found on PATH, shell analysis of RUN skipped (install the shellcheck package)',
  );
  return binary;
}

/** Run at most `n` tasks at a time (ShellCheck processes, one per file). */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/** Review files and folders the way `dockwright lint` does, as a library call. */
export async function lintFiles(options: LintFilesOptions): Promise<LintFilesResult> {
  const kinds = new Set<LintFileKind>(['dockerfile', 'dockerignore', 'compose']);
  const discovered = await discoverLintTargets(options.paths, options.cwd, kinds);
  const targets = discovered.filter((t) => t.kind !== 'compose');
  const explicit = options.configPath
    ? await loadConfigFile(resolve(options.cwd, options.configPath))
    : undefined;
  const configs = new Map<string, Promise<LintConfig>>();
  const configFor = (dir: string) => {
    if (explicit) return Promise.resolve(explicit);
    let config = configs.get(dir);
    if (!config) {
      config = findConfig(dir);
      configs.set(dir, config);
    }
    return config;
  };

  const files: FileReport[] = [];
  const sources = new Map<string, string>();
  const shellcheck = options.shellcheck
    ? await resolveShellcheck(options.shellcheck, options.debug)
    : undefined;
  const pending: Promise<void>[] = [];
  const limit = limiter(Math.max(1, Math.min(8, availableParallelism())));
  let configThreshold: LintConfig['failureThreshold'];
  for (const target of targets) {
    const config = await configFor(dirname(target.absolutePath));
    configThreshold ??= config.failureThreshold;
    if (isIgnoredByConfig(config, target)) {
      options.debug?.(`${target.path}: skipped (ignorePaths in ${config.path})`);
      continue;
    }
    const text = await read(target);
    sources.set(target.path, text);
    if (target.kind === 'dockerignore') {
      files.push({ target, diagnostics: parseDockerignore(text, target.path).diagnostics, fixesApplied: 0 });
      continue;
    }
    const profile = options.profile ?? config.profile ?? 'production';
    const merged: LintConfig = { ...config, rules: { ...config.rules, ...options.ruleOverrides } };
    const rules = resolveRules(dockerfileRules, merged, profile);
    options.debug?.(
      `${target.path}: ${rules.length} rules, profile ${profile}, config ${config.path ?? '(defaults)'}${config.kind === 'hadolint' ? ' (read from .hadolint.yaml: ignored/override mapped through rule sources)' : ''}`,
    );
    const contextDir = options.contextDir
      ? resolve(options.cwd, options.contextDir)
      : dirname(target.absolutePath);
    const lintOptions = {
      path: target.path,
      rules,
      settings: {
        profile,
        trustedRegistries: config.trustedRegistries,
        requiredLabels: config.requiredLabels,
      },
      buildContext: await loadBuildContext(contextDir, target.absolutePath),
      inlineSuppressions: config.inlineSuppressions,
      ...(options.buildArgs ? { model: { buildArgs: options.buildArgs } } : {}),
    };
    let report: FileReport;
    let lint: LintResult;
    if (options.fix && options.fix !== 'none') {
      const fixed = fixDockerfile(text, { ...lintOptions, unsafe: options.fix === 'unsafe' });
      const diff = fixed.changed
        ? createTwoFilesPatch(target.path, target.path, text, fixed.output, '', '', { context: 3 })
        : undefined;
      if (fixed.changed && !options.dryRun)
        await writeFileAtomic(target.absolutePath, fixed.output, { force: true });
      sources.set(target.path, fixed.output);
      lint = fixed.result;
      report = {
        target,
        diagnostics: fixed.result.diagnostics,
        fixesApplied: fixed.applied,
        ...(diff ? { diff } : {}),
      };
    } else {
      lint = lintDockerfile(text, lintOptions);
      report = { target, diagnostics: lint.diagnostics, fixesApplied: 0 };
    }
    const index = files.push(report) - 1;
    if (
      shellcheck &&
      config.rules.shellcheck?.level !== 'off' &&
      !lint.ast.diagnostics.some((d) => d.severity === 'error')
    ) {
      pending.push(
        limit(async () => {
          const started = performance.now();
          try {
            const found = await shellcheckDockerfile(lint.ast, lint.model, { binary: shellcheck });
            const kept = filterShellcheck(found, merged, config.inlineSuppressions ? lint.suppressions : []);
            options.debug?.(
              `${target.path}: shellcheck ${kept.length} finding(s) in ${Math.round(performance.now() - started)} ms`,
            );
            if (kept.length)
              files[index] = {
                ...report,
                diagnostics: [...report.diagnostics, ...kept].sort(compareDiagnostics),
              };
          } catch (error) {
            options.debug?.(
              `${target.path}: shellcheck failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }),
      );
    }
  }
  const composeTargets: LintTarget[] = [];
  for (const target of discovered.filter((t) => t.kind === 'compose')) {
    const config = await configFor(dirname(target.absolutePath));
    if (isIgnoredByConfig(config, target))
      options.debug?.(`${target.path}: skipped (ignorePaths in ${config.path})`);
    else composeTargets.push(target);
  }
  if (composeTargets.length) {
    // Loaded only when there are compose files: the loader, its schema validator and the compose rules are heavy.
    const { lintComposeTargets } = await import('./lint-compose.js');
    const compose = await lintComposeTargets(composeTargets, {
      cwd: options.cwd,
      env: options.env ?? {},
      ...(options.profile ? { profile: options.profile } : {}),
      fix: options.fix ?? 'none',
      dryRun: options.dryRun === true,
      configFor,
      ...(options.ruleOverrides ? { ruleOverrides: options.ruleOverrides } : {}),
      ...(options.debug ? { debug: options.debug } : {}),
    });
    files.push(...compose.reports);
    for (const [file, text] of compose.sources) sources.set(file, text);
  }
  await Promise.all(pending);
  files.sort((a, b) => a.target.path.localeCompare(b.target.path));
  const diagnostics = files.flatMap((f) => f.diagnostics).sort(compareDiagnostics);
  return { files, diagnostics, sources, ...(configThreshold ? { configThreshold } : {}) };
}
