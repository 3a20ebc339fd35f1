import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFile, discoverLintTargets } from '../../src/lint/discover.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-discover-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('classifyFile', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['Dockerfile.prod.dockerignore', 'dockerignore'],
    ['.dockerignore', 'dockerignore'],
    ['compose.yaml', 'compose'],
    ['docker-compose.override.yml', 'compose'],
    ['package.json', undefined],
  ])('%s → %s', (name, kind) => expect(classifyFile(name)).toBe(kind));
});

describe('discoverLintTargets', () => {
  it('walks folders, skips node_modules and what .gitignore files exclude, keeps negations', async () => {
    const root = tree({
      Dockerfile: 'FROM x\n',
      '.gitignore': 'build/\n*.Dockerfile\n!keep.Dockerfile\n',
      'build/Dockerfile': 'FROM x\n',
      'svc/api.Dockerfile': 'FROM x\n',
      'svc/keep.Dockerfile': 'FROM x\n',
      'svc/.gitignore': 'local/\n',
      'svc/local/Dockerfile': 'FROM x\n',
      'svc/other/Containerfile': 'FROM x\n',
      'node_modules/pkg/Dockerfile': 'FROM x\n',
      '.dockerignore': 'node_modules\n',
    });
    const found = await discoverLintTargets([], root);
    expect(found.map((t) => t.path)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'svc/keep.Dockerfile',
      'svc/other/Containerfile',
    ]);
  });

  it('takes an explicitly named file even when git-ignored, and reports a missing path', async () => {
    const root = tree({ '.gitignore': 'Dockerfile.local\n', 'Dockerfile.local': 'FROM x\n' });
    expect((await discoverLintTargets(['Dockerfile.local'], root)).map((t) => t.kind)).toEqual([
      'dockerfile',
    ]);
    await expect(discoverLintTargets(['nope'], root)).rejects.toThrow('no such file or directory');
  });
});
