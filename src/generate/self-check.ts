import { statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { lintComposeProject } from '../lint/engine/compose.js';
import { DEFAULT_CONFIG, type LintConfig, resolveRules } from '../lint/engine/config.js';
import { lintDockerfile } from '../lint/engine/linter.js';
import type { BuildContextInfo, Profile } from '../lint/engine/rule.js';
import { composeRules } from '../lint/rules/compose/index.js';
import { dockerfileRules } from '../lint/rules/dockerfile/index.js';
import { loadCompose } from '../parse/compose/loader.js';
import { createMatcher, parseDockerignore } from '../parse/dockerignore/index.js';
import type { ComposeFileModel } from './model/compose.js';
import { printCompose } from './print/compose.js';
import { printDockerfile } from './print/dockerfile.js';
import { dockerfileFromText } from './print/dockerfile-from-ast.js';
import type { RenderedFile, SetupPlan } from './types.js';

export interface SelfCheckOptions {
  /** The project directory (the build context is resolved under it). Default: the plan's app root. */
  readonly root: string;
  /** Lint config to honour (default: none, the tier's profile as is). */
  readonly config?: LintConfig;
}

function finding(file: string, code: string, message: string): Diagnostic {
  return {
    file,
    range: { start: 0, end: 0 },
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    severity: 'error',
    code,
    message,
  };
}

/**
 * The build context as BuildKit will see it after `init` writes its files: the project tree plus the generated
 * files, filtered by the generated .dockerignore.
 */
function contextFor(root: string, context: string, files: readonly RenderedFile[]): BuildContextInfo {
  const dir = join(root, context);
  const inContext = (p: string) =>
    context === '.' ? p : p.startsWith(`${context}/`) ? p.slice(context.length + 1) : null;
  const generated = new Set(files.map((f) => inContext(f.path)).filter((p): p is string => p !== null));
  const ignore = files.find((f) => f.kind === 'dockerignore' && inContext(f.path) === '.dockerignore');
  const clean = (p: string) => posix.normalize(p.replace(/^\/+/, '')).replace(/\/$/, '').replace(/^\.$/, '');
  const m = ignore ? createMatcher(parseDockerignore(ignore.content, ignore.path).patterns) : undefined;
  return {
    dir,
    exists(path) {
      const key = clean(path);
      if (key === '' || generated.has(key)) return true;
      for (const g of generated) if (g.startsWith(`${key}/`)) return true;
      // ENOTDIR (a path through a file, e.g. `mvnw/package-lock.json`) means "not there" too.
      try {
        return statSync(join(dir, key), { throwIfNoEntry: false }) !== undefined;
      } catch {
        return false;
      }
    },
    ...(m && ignore
      ? { dockerignore: { path: ignore.path, excludes: (path: string) => m.matches(clean(path)) } }
      : {}),
  };
}

/**
 * Parse back and review every generated file with the tier's profile: Dockerfiles through the parser, the
 * round-trip printer and the Dockerfile rules (with the real build context); compose files through the Compose
 * loader (schema and semantics) and the compose rules; .dockerignore through its parser. Any finding is a
 * generator bug.
 */
export async function selfCheck(
  plan: SetupPlan,
  files: readonly RenderedFile[],
  options: SelfCheckOptions,
): Promise<Diagnostic[]> {
  const findings: Diagnostic[] = [];
  const config = options.config ?? DEFAULT_CONFIG;
  const profile: Profile = plan.profile;
  const settings = {
    profile,
    trustedRegistries: config.trustedRegistries,
    requiredLabels: config.requiredLabels,
  };

  for (const file of files) {
    if (file.kind === 'dockerfile') {
      try {
        const again = printDockerfile(dockerfileFromText(file.content, file.path));
        if (again !== file.content)
          findings.push(
            finding(file.path, 'generate/round-trip', 'parse → print does not give the same text'),
          );
      } catch (error) {
        findings.push(
          finding(file.path, 'generate/round-trip', error instanceof Error ? error.message : String(error)),
        );
      }
      const result = lintDockerfile(file.content, {
        path: file.path,
        rules: resolveRules(dockerfileRules, config, profile),
        settings,
        buildContext: contextFor(options.root, plan.layout.context, files),
      });
      findings.push(...result.diagnostics);
    } else if (file.kind === 'dockerignore') {
      findings.push(...parseDockerignore(file.content, file.path).diagnostics);
    } else if (file.kind === 'compose') {
      const model = plan.files.find((f) => f.path === file.path)?.model as ComposeFileModel | undefined;
      if (model) {
        const reparsed = parseYaml(file.content) as Omit<ComposeFileModel, 'header'>;
        // Comments are not data: the model's per-key comments go back on the parsed services.
        const services = Object.fromEntries(
          Object.entries(reparsed.services ?? {}).map(([name, svc]) => {
            const comments = model.services[name]?.comments;
            return [name, comments ? { comments, ...svc } : svc];
          }),
        );
        if (printCompose({ header: model.header, ...reparsed, services }) !== file.content)
          findings.push(
            finding(file.path, 'generate/round-trip', 'parse → print does not give the same YAML'),
          );
      }
    }
  }

  const composeFiles = files.filter((f) => f.kind === 'compose');
  if (composeFiles.length) {
    // Compose resolves build contexts and secret files on disk: lay the generated files out in a scratch
    // directory, with the secret files `init` creates, and load the project from there.
    const dir = await mkdtemp(join(tmpdir(), 'dockwright-selfcheck-'));
    try {
      for (const f of files) {
        await mkdir(dirname(join(dir, f.path)), { recursive: true });
        await writeFile(join(dir, f.path), f.content);
      }
      for (const s of plan.secretFiles) {
        await mkdir(dirname(join(dir, s.path)), { recursive: true });
        await writeFile(join(dir, s.path), 'self-check\n', { mode: 0o600 });
      }
      const project = await loadCompose({
        workingDir: dir,
        files: composeFiles.map((f) => join(dir, f.path)),
        env: {},
        projectName: 'selfcheck',
      });
      const result = lintComposeProject(project, {
        rules: resolveRules(composeRules, config, profile),
        settings,
      });
      for (const d of result.diagnostics) findings.push({ ...d, file: relative(dir, d.file) || d.file });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return findings.sort(compareDiagnostics);
}
