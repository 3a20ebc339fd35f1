import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/parse/compose/index.js';
import { corpusPath, haveCorpora, reportPassRate } from '../../helpers/corpora.js';

const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

function composeFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return composeFiles(path);
      return COMPOSE_NAME.test(name) ? [path] : [];
    })
    .sort();
}

describe.skipIf(!haveCorpora)('awesome-compose corpus', () => {
  it('loads every compose file without crashing', async () => {
    const root = corpusPath('awesome-compose');
    const files = composeFiles(root);
    let clean = 0;
    const crashes: string[] = [];
    const byCode = new Map<string, string[]>();
    for (const path of files) {
      try {
        const project = await loadCompose({ workingDir: dirname(path), files: [path], env: {} });
        if (project.diagnostics.length === 0) clean++;
        for (const d of project.diagnostics) {
          const line = `${relative(root, d.file)}:${d.start.line}:${d.start.column} ${d.severity} ${d.message}`;
          byCode.set(d.code, [...(byCode.get(d.code) ?? []), line]);
        }
      } catch (error) {
        crashes.push(`${relative(root, path)}: ${String(error)}`);
      }
    }
    reportPassRate('awesome-compose (loads without any diagnostic)', clean, files.length);
    for (const [code, lines] of [...byCode].sort()) {
      console.log(
        `[awesome-compose] ${code}: ${lines.length}\n  ${lines.slice(0, 8).join('\n  ')}${lines.length > 8 ? '\n  …' : ''}`,
      );
    }
    expect(crashes).toEqual([]);
    expect(files.length).toBe(39);
  });
});
