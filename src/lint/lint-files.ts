import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import ignore from 'ignore';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs.js';
import { parseDockerignore } from '../parse/dockerignore/index.js';
import { loadBuildContext } from './build-context.js';
import { discoverLintTargets, type LintFileKind, type LintTarget } from './discover.js';
import { findConfig, type LintConfig, loadConfigFile, type RuleSetting, resolveRules } from './engine/config.js';
import { fixDockerfile, lintDockerfile } from './engine/linter.js';
import type { Profile } from './engine/rule.js';
import { dockerfileRules } from './rules/dockerfile/index.js';

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
  return !rel.startsWith('..') && ignore().add([...config.ignorePaths]).ignores(rel);
}

/** Review files and folders the way `dockwright lint` does, as a library call. */
export async function lintFiles(options: LintFilesOptions): Promise<LintFilesResult> {
  const kinds = new Set<LintFileKind>(['dockerfile', 'dockerignore']);
  const targets = await discoverLintTargets(options.paths, options.cwd, kinds);
  const explicit = options.configPath ? await loadConfigFile(resolve(options.cwd, options.configPath)) : undefined;
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
  let configThreshold: LintConfig['failureThreshold'];
  for (const target of targets) {
    const config = await configFor(dirname(target.absolutePath));
    configThreshold ??= config.failureThreshold;
    if (isIgnoredByConfig(config, target)) {
      options.debug?.(`${target.path}: skipped (ignorePaths in ${config.path})`);
      continue;
    }
    const text = await read(target);
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
    const contextDir = options.contextDir ? resolve(options.cwd, options.contextDir) : dirname(target.absolutePath);
    const lintOptions = {
      path: target.path,
      rules,
      settings: { profile, trustedRegistries: config.trustedRegistries, requiredLabels: config.requiredLabels },
      buildContext: await loadBuildContext(contextDir, target.absolutePath),
      inlineSuppressions: config.inlineSuppressions,
      ...(options.buildArgs ? { model: { buildArgs: options.buildArgs } } : {}),
    };
    if (options.fix && options.fix !== 'none') {
      const fixed = fixDockerfile(text, { ...lintOptions, unsafe: options.fix === 'unsafe' });
      const diff = fixed.changed ? createTwoFilesPatch(target.path, target.path, text, fixed.output, '', '', { context: 3 }) : undefined;
      if (fixed.changed && !options.dryRun) await writeFileAtomic(target.absolutePath, fixed.output, { force: true });
      files.push({ target, diagnostics: fixed.result.diagnostics, fixesApplied: fixed.applied, ...(diff ? { diff } : {}) });
    } else {
      files.push({ target, diagnostics: lintDockerfile(text, lintOptions).diagnostics, fixesApplied: 0 });
    }
  }
  const diagnostics = files.flatMap((f) => f.diagnostics).sort(compareDiagnostics);
  return { files, diagnostics, ...(configThreshold ? { configThreshold } : {}) };
}
