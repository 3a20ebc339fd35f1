import { readFile } from 'node:fs/promises';

export const DOCS_BASE = 'https://github.com/dockwright/dockwright/blob/main/docs/rules/';

/** The doc page of a rule, relative to the package root (same layout as `dockwright rules <id>`). */
export function ruleDocPath(name: string, language: 'dockerfile' | 'compose'): string {
  return language === 'compose' ? `docs/rules/compose/${name}.md` : `docs/rules/${name}.md`;
}

export function ruleDocUrl(name: string, language: 'dockerfile' | 'compose'): string {
  return `${DOCS_BASE}${ruleDocPath(name, language).slice('docs/rules/'.length)}`;
}

/** A doc page for a hover: the generated-header markers (HTML comments) removed, blank runs collapsed. */
export function renderDocForHover(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const cache = new Map<string, Promise<string | undefined>>();

/** Read a rule's page from the installed package (`docs/` ships in the npm package); undefined when absent. */
export function loadRuleDoc(name: string, language: 'dockerfile' | 'compose'): Promise<string | undefined> {
  const path = ruleDocPath(name, language);
  let page = cache.get(path);
  if (!page) {
    // src/lsp/ and dist/lsp/ are both two levels below the package root.
    page = readFile(new URL(`../../${path}`, import.meta.url), 'utf8').then(
      renderDocForHover,
      () => undefined,
    );
    cache.set(path, page);
  }
  return page;
}
