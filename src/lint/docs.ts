import type { AnyDockerfileRule } from './engine/rule.js';

export const HEADER_START = '<!-- begin generated header: edit the rule metadata, then run UPDATE_DOCS=1 npm run test:unit -->';
export const HEADER_END = '<!-- end generated header -->';

const TOOL_NAMES: Record<string, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit check',
  trivy: 'Trivy',
  checkov: 'Checkov',
  kics: 'KICS',
  dclint: 'dclint',
  shellcheck: 'ShellCheck',
};

/** The top of a rule's doc page, rendered from its metadata (the single source of truth). */
export function renderRuleHeader(rule: AnyDockerfileRule): string {
  const { meta } = rule;
  const facts = [
    `- **Severity:** ${meta.severity}`,
    `- **Type:** ${meta.type}`,
    `- **Enabled in profile:** ${meta.profile === false ? 'none (opt-in)' : `${meta.profile} and stricter`}`,
    `- **Fix:** ${meta.fixable ? `${meta.fixable} (${meta.fixable === 'safe' ? '`--fix`' : '`--fix-unsafe`'})` : 'none'}`,
  ];
  if (meta.sources?.length) {
    facts.push(
      `- **Equivalents:** ${meta.sources
        .map((s) => {
          const [tool = '', id = ''] = s.split(':');
          return `${TOOL_NAMES[tool] ?? tool} \`${id}\``;
        })
        .join(', ')}`,
    );
  }
  if (meta.spec) facts.push(`- **Spec:** ${meta.spec}`);
  return [HEADER_START, `# ${rule.name}`, '', meta.description, '', ...facts, HEADER_END].join('\n');
}

/** Fenced `dockerfile` blocks under the page's `### Bad` and `### Good` headings. */
export function docExamples(markdown: string): { bad: string[]; good: string[] } {
  const bad: string[] = [];
  const good: string[] = [];
  let section: 'bad' | 'good' | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{2,4}\s+(.*)$/.exec(line);
    if (heading) {
      const title = heading[1]!.toLowerCase();
      section = title.startsWith('bad') ? 'bad' : title.startsWith('good') ? 'good' : undefined;
      continue;
    }
    if (section && /^```dockerfile\s*$/i.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      (section === 'bad' ? bad : good).push(`${body.join('\n')}\n`);
    }
  }
  return { bad, good };
}
