import type { AnyDockerfileRule } from './engine/rule.js';

export const HEADER_START =
  '<!-- begin generated header: edit the rule metadata, then run UPDATE_DOCS=1 npm run test:unit -->';
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
export function renderRuleHeader(rule: {
  readonly name: string;
  readonly meta: AnyDockerfileRule['meta'];
}): string {
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

/** The files of an example's context as name → content (a plain list means empty files). */
export function contextFiles(context: NonNullable<DocExample['context']>): Record<string, string> {
  return Array.isArray(context.files)
    ? Object.fromEntries((context.files as readonly string[]).map((f) => [f, '']))
    : { ...(context.files as Readonly<Record<string, string>>) };
}

export interface DocExample {
  readonly code: string;
  /**
   * Options for the example, from the fence: ```dockerfile {"settings": {"trustedRegistries": ["docker.io"]}}.
   * `context` describes the folder around the example: `{"files": ["package.json", ".env"], "dockerignore": "node_modules"}`;
   * `files` may also map names to contents: `{"files": {".env": "DB_PASSWORD=s3cret"}}`.
   */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly context?: {
    readonly files: readonly string[] | Readonly<Record<string, string>>;
    readonly dockerignore?: string;
  };
}

/** Fenced `dockerfile` (or `yaml`, for compose rules) blocks under the page's `### Bad` and `### Good` headings. */
export function docExamples(
  markdown: string,
  language: 'dockerfile' | 'yaml' = 'dockerfile',
): { bad: DocExample[]; good: DocExample[] } {
  const bad: DocExample[] = [];
  const good: DocExample[] = [];
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
    const fence = new RegExp(`^\`\`\`${language}\\s*(\\{.*\\})?\\s*$`, 'i').exec(line);
    if (section && fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      const extra = fence[1] ? (JSON.parse(fence[1]) as Pick<DocExample, 'settings' | 'context'>) : {};
      const example: DocExample = {
        code: `${body.join('\n')}\n`,
        ...(extra.settings ? { settings: extra.settings } : {}),
        ...(extra.context ? { context: extra.context } : {}),
      };
      (section === 'bad' ? bad : good).push(example);
    }
  }
  return { bad, good };
}
