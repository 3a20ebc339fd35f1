// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { it } from 'vitest';
import { lintComposeProject } from '../../../../src/lint/engine/compose.js';
import { DEFAULT_SETTINGS } from '../../../../src/lint/engine/linter.js';
import { composeRules } from '../../../../src/lint/rules/compose/index.js';
import { loadCompose } from '../../../../src/parse/compose/loader.js';

const MINE = new Set([
  'depends-on-healthy',
  'healthcheck-missing',
  'healthcheck-test',
  'resource-limits',
  'restart-policy',
  'image-tag',
  'build-and-image',
  'duplicate-published-ports',
  'container-name',
  'no-links',
  'build-context-dockerfile',
  'quote-ports',
  'source-bind-mount',
  'database-volume',
  'require-project-name',
  'network-segmentation',
]);
const ROOT = '/work/shared/corpora/awesome-compose';
function find(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') find(p, out);
    else if (/^(compose|docker-compose)\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}
it('scratch', async () => {
  const rules = composeRules.filter((r) => MINE.has(r.name));
  const counts: Record<string, number> = {};
  const lines: string[] = [];
  for (const file of find(ROOT).sort()) {
    const project = await loadCompose({ workingDir: dirname(file), files: [file], env: {} });
    const res = lintComposeProject(project, {
      rules: rules.map((rule) => ({
        rule,
        severity: rule.meta.severity,
        options: rule.meta.defaultOptions ?? {},
      })),
      settings: DEFAULT_SETTINGS,
    });
    for (const d of res.diagnostics) {
      if (!MINE.has(d.code) && d.code !== 'internal/rule-error') continue;
      counts[d.code] = (counts[d.code] ?? 0) + 1;
      lines.push(`${relative(ROOT, d.file)}:${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
    }
  }
  console.log(JSON.stringify(counts, null, 1));
  console.log(lines.filter((l) => (process.env.ONLY ? l.includes(process.env.ONLY) : true)).join('\n'));
}, 60000);
