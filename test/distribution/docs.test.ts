import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without types
import { MIGRATION_PAGES, renderAll } from '../../scripts/gen-docs.mjs';
import { commands } from '../../src/cli/commands/index.js';
import { composeRules } from '../../src/lint/rules/compose/index.js';
import { dockerfileRules } from '../../src/lint/rules/dockerfile/index.js';
import { repoRoot } from '../helpers/corpora.js';

const root = new URL(`file://${repoRoot}/`);

describe('generated docs (run `npm run docs` when this fails)', () => {
  it('every command has a page, docs/commands/<name>.md', () => {
    for (const spec of commands)
      expect(existsSync(join(repoRoot, 'docs/commands', `${spec.name}.md`)), spec.name).toBe(true);
  });

  const generated = renderAll(root, dockerfileRules, composeRules, commands) as Record<string, string>;
  it.each(Object.keys(generated))('%s is up to date', (path) => {
    expect(readFileSync(join(repoRoot, path), 'utf8')).toBe(generated[path]);
  });

  it('the rule index lists every rule and the migration tables every hadolint/dclint source', () => {
    const index = generated['docs/rules/index.md'] ?? '';
    for (const rule of [...dockerfileRules, ...composeRules]) expect(index).toContain(`[\`${rule.name}\`]`);
    for (const [tool, page] of Object.entries(MIGRATION_PAGES as Record<string, string>)) {
      const text = generated[page] ?? '';
      const ids = [...dockerfileRules, ...composeRules].flatMap((r) =>
        (r.meta.sources ?? []).filter((s) => s.startsWith(`${tool}:`)).map((s) => s.slice(tool.length + 1)),
      );
      expect(ids.length, tool).toBeGreaterThan(0);
      for (const id of ids) expect(text).toContain(`| \`${id}\` |`);
    }
  });

  it('links between the docs resolve', () => {
    const pages = [
      'README.md',
      'docs/configuration.md',
      'docs/github-action.md',
      'docs/pre-commit.md',
      'docs/rules/index.md',
      ...Object.values(MIGRATION_PAGES as Record<string, string>),
      ...commands.map((c) => `docs/commands/${c.name}.md`),
    ];
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), 'utf8');
      const dir = join(repoRoot, page, '..');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
        if (!target || /^https?:/.test(target)) continue;
        expect(existsSync(join(dir, target)), `${page} → ${target}`).toBe(true);
      }
    }
  });
});
