import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { closestMatch } from '../../core/suggest.js';
import { renderRuleHeader } from '../../lint/docs.js';
import type { AnyComposeRule } from '../../lint/engine/compose.js';
import type { AnyDockerfileRule } from '../../lint/engine/rule.js';
import { composeRules } from '../../lint/rules/compose/index.js';
import { dockerfileRules } from '../../lint/rules/dockerfile/index.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';

type AnyRule = AnyDockerfileRule | AnyComposeRule;

const allRules: readonly AnyRule[] = [...dockerfileRules, ...composeRules];

function describe(rule: AnyRule) {
  const { meta } = rule;
  return {
    id: rule.name,
    language: rule.language,
    description: meta.description,
    type: meta.type,
    severity: meta.severity,
    profile: meta.profile,
    fixable: meta.fixable ?? null,
    sources: meta.sources ?? [],
    spec: meta.spec ?? null,
    docs: docPath(rule),
  };
}

function docPath(rule: AnyRule): string {
  return rule.language === 'compose' ? `docs/rules/compose/${rule.name}.md` : `docs/rules/${rule.name}.md`;
}

async function docPage(rule: AnyRule): Promise<string> {
  try {
    return await readFile(new URL(`../../../${docPath(rule)}`, import.meta.url), 'utf8');
  } catch {
    return renderRuleHeader(rule);
  }
}

/** `dockwright rules` lists every rule; `dockwright rules <id>` prints one rule's documentation. */
export async function run(ctx: CommandContext): Promise<number> {
  const { output } = ctx;
  const [id] = ctx.positionals;
  if (id !== undefined) {
    const rule = allRules.find((r) => r.name === id || r.meta.sources?.some((s) => s.split(':')[1] === id));
    if (!rule) {
      const suggestion = closestMatch(
        id,
        allRules.map((r) => r.name),
      );
      throw new UsageError(
        `unknown rule '${id}'`,
        suggestion ? `Did you mean '${suggestion}'?` : "Run 'dockwright rules' for the list.",
      );
    }
    if (ctx.format === 'json') output.out(JSON.stringify(describe(rule), null, 2));
    else output.out((await docPage(rule)).replace(/<!--[\s\S]*?-->\n?/g, '').trim());
    return ExitCode.Ok;
  }
  const rules = [...allRules].sort((a, b) => a.name.localeCompare(b.name));
  if (ctx.format === 'json') {
    output.out(JSON.stringify(rules.map(describe), null, 2));
    return ExitCode.Ok;
  }
  const c = output.color;
  const width = Math.max(...rules.map((r) => r.name.length));
  for (const rule of rules) {
    const tags = [
      rule.language,
      rule.meta.severity,
      rule.meta.profile === false ? 'opt-in' : rule.meta.profile,
    ];
    if (rule.meta.fixable) tags.push(`fix:${rule.meta.fixable}`);
    const sources = rule.meta.sources?.length ? c.dim(` (${rule.meta.sources.join(', ')})`) : '';
    output.out(
      `${c.cyan(rule.name.padEnd(width))}  ${c.dim(tags.join(' '))}\n${' '.repeat(width + 2)}${rule.meta.description}${sources}`,
    );
  }
  output.out(`\n${rules.length} rules. Run ${c.cyan('dockwright rules <id>')} for one rule's documentation.`);
  return ExitCode.Ok;
}
