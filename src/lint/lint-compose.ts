import { readFile } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { compareDiagnostics, type Diagnostic, type Fix } from '../core/diagnostic.js';
import { writeFileAtomic } from '../core/fs.js';
import { DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES, loadCompose } from '../parse/compose/loader.js';
import type { LintTarget } from './discover.js';
import { lintComposeProject } from './engine/compose.js';
import { type LintConfig, resolveRules } from './engine/config.js';
import { applyFixes } from './engine/fixer.js';
import type { Profile } from './engine/rule.js';
import type { FileReport, FixMode } from './lint-files.js';
import { composeRules } from './rules/compose/index.js';

export interface ComposeLintSettings {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly profile?: Profile;
  readonly fix: FixMode;
  readonly dryRun: boolean;
  readonly configFor: (dir: string) => Promise<LintConfig>;
  readonly ruleOverrides?: LintConfig['rules'];
  readonly debug?: (message: string) => void;
}

const PROJECT_FILES = new Set([...DEFAULT_FILE_NAMES, ...DEFAULT_OVERRIDE_FILE_NAMES]);

/**
 * How Compose would load the files: a folder's `compose.yaml` together with its `compose.override.yaml`
 * (discovery, as `docker compose` does there); any other compose file (`compose.prod.yaml`) on its own, as `-f` would.
 */
function groupProjects(
  targets: readonly LintTarget[],
): { dir: string; files?: string[]; targets: LintTarget[] }[] {
  const groups = new Map<string, { dir: string; files?: string[]; targets: LintTarget[] }>();
  for (const target of targets) {
    const dir = dirname(target.absolutePath);
    if (PROJECT_FILES.has(basename(target.absolutePath))) {
      const key = `dir:${dir}`;
      const group = groups.get(key) ?? { dir, targets: [] };
      group.targets.push(target);
      groups.set(key, group);
    } else {
      groups.set(`file:${target.absolutePath}`, { dir, files: [target.absolutePath], targets: [target] });
    }
  }
  return [...groups.values()];
}

function display(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

function relocate(d: Diagnostic, cwd: string): Diagnostic {
  return { ...d, file: display(cwd, d.file) };
}

/** Load and review compose projects; with a fix mode, apply fixes (up to 10 passes) to the files on disk. */
export async function lintComposeTargets(
  targets: readonly LintTarget[],
  settings: ComposeLintSettings,
): Promise<{ reports: FileReport[]; sources: Map<string, string> }> {
  const reports: FileReport[] = [];
  const sources = new Map<string, string>();
  for (const group of groupProjects(targets)) {
    const config = await settings.configFor(group.dir);
    const profile = settings.profile ?? config.profile ?? 'production';
    const rules = resolveRules(
      composeRules,
      { ...config, rules: { ...config.rules, ...settings.ruleOverrides } },
      profile,
    );
    const lintSettings = {
      profile,
      trustedRegistries: config.trustedRegistries,
      requiredLabels: config.requiredLabels,
    };
    const load = () =>
      loadCompose({
        workingDir: group.dir,
        env: settings.env,
        ...(group.files ? { files: group.files } : {}),
      });
    let project = await load();
    let result = lintComposeProject(project, {
      rules,
      settings: lintSettings,
      inlineSuppressions: config.inlineSuppressions,
    });
    settings.debug?.(
      `${group.targets.map((t) => t.path).join(' + ')}: compose project '${project.name}', ${rules.length} rules, profile ${profile}`,
    );

    const originals = new Map<string, string>();
    let applied = 0;
    if (settings.fix !== 'none') {
      for (let pass = 0; pass < 10; pass++) {
        const byFile = new Map<string, Fix[]>();
        for (const d of result.diagnostics) {
          if (!d.fix || (d.fix.kind === 'unsafe' && settings.fix !== 'unsafe')) continue;
          byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.fix]);
        }
        let changed = false;
        for (const [file, fixes] of byFile) {
          const text = await readFile(file, 'utf8');
          if (!originals.has(file)) originals.set(file, text);
          const next = applyFixes(text, fixes);
          if (next.output === text) continue;
          applied += next.applied;
          changed = true;
          if (!settings.dryRun) await writeFileAtomic(file, next.output, { force: true });
          else originals.set(`${file}\0fixed`, next.output);
        }
        // A dry run cannot re-load what it did not write: one pass shows the fixes.
        if (!changed || settings.dryRun) break;
        project = await load();
        result = lintComposeProject(project, {
          rules,
          settings: lintSettings,
          inlineSuppressions: config.inlineSuppressions,
        });
      }
    }

    for (const file of project.files) sources.set(display(settings.cwd, file.path), file.source.text);
    const diagnostics = result.diagnostics.map((d) => relocate(d, settings.cwd)).sort(compareDiagnostics);
    const claimed = new Set<Diagnostic>();
    group.targets.forEach((target, i) => {
      const own = diagnostics.filter(
        (d) => d.file === target.path || (i === 0 && !group.targets.some((t) => t.path === d.file)),
      );
      for (const d of own) claimed.add(d);
      const before = originals.get(target.absolutePath);
      const after = settings.dryRun
        ? originals.get(`${target.absolutePath}\0fixed`)
        : project.files.find((f) => f.path === target.absolutePath)?.source.text;
      const diff =
        before !== undefined && after !== undefined && before !== after
          ? createTwoFilesPatch(target.path, target.path, before, after, '', '', { context: 3 })
          : undefined;
      reports.push({
        target,
        diagnostics: own,
        fixesApplied: i === 0 ? applied : 0,
        ...(diff ? { diff } : {}),
      });
    });
  }
  return { reports, sources };
}
