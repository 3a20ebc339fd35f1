import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectProject, FsView } from '../../src/detect/index.js';
import { expandGlobs } from '../../src/detect/monorepo.js';
import { pickVersion, satisfies } from '../../src/detect/versions.js';

const tmp = mkdtempSync(join(tmpdir(), 'dw-fsview-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string | Buffer>): string {
  const root = join(tmp, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('FsView', () => {
  it('never follows symlinks out of the project', async () => {
    const outside = tree('outside', {
      'secret.js': 'process.env.OUTSIDE_SECRET;\n',
      'pkg/package.json': '{"name":"evil","scripts":{"start":"node x"}}',
    });
    const root = tree('linked', {
      'package.json': '{"name":"inside","scripts":{"start":"node index.js"}}',
      'index.js': 'process.env.INSIDE;\n',
    });
    symlinkSync(join(outside, 'secret.js'), join(root, 'secret.js'));
    symlinkSync(join(outside, 'pkg'), join(root, 'pkg'));
    symlinkSync(join(root, 'index.js'), join(root, 'alias.js'));
    const view = FsView.open(root);
    expect(view.has('secret.js')).toBe(false);
    expect(view.isDir('pkg')).toBe(false);
    expect(view.has('alias.js')).toBe(true);
    const facts = await detectProject(root);
    expect(facts.apps[0]!.env.map((e) => e.name)).toEqual(['INSIDE']);
  });

  it('reads binary and over-large files as undefined, but still serves a lockfile header', () => {
    const root = tree('bounded', {
      'bin.dat': Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x02]),
      'big.txt': 'x'.repeat(2000),
      'package-lock.json': `{"lockfileVersion": 3, "padding": "${'y'.repeat(5000)}"}`,
    });
    const view = FsView.open(root, { maxFileBytes: 1024 });
    expect(view.read('bin.dat')).toBeUndefined();
    expect(view.read('big.txt')).toBeUndefined();
    expect(view.head('package-lock.json', 40)).toContain('"lockfileVersion": 3');
  });

  it('skips node_modules, .git and build output but records that they exist', () => {
    const root = tree('skips', {
      'node_modules/x/package.json': '{}',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'dist/index.js': '',
      'vendor/modules.txt': '',
      'src/a.js': '',
    });
    const view = FsView.open(root);
    expect([...view.allFiles()]).toEqual(['src/a.js']);
    expect(view.isDir('vendor')).toBe(true);
    expect(view.isDir('node_modules')).toBe(true);
  });

  it('honours nested .gitignore files with negation', () => {
    const root = tree('ignores', {
      '.gitignore': '*.log\n',
      'app/.gitignore': 'tmp/\n!keep.log\n',
      'app/tmp/a.js': '',
      'app/keep.log': '',
      'app/drop.log': '',
      'app/src/b.js': '',
    });
    const view = FsView.open(root);
    expect([...view.allFiles()].sort()).toEqual([
      '.gitignore',
      'app/.gitignore',
      'app/keep.log',
      'app/src/b.js',
    ]);
  });

  it('works from an in-memory tree', async () => {
    const view = FsView.fromFiles({
      'go.mod': 'module x\n\ngo 1.22\n',
      'main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(view.files('.')).toEqual(['go.mod', 'main.go']);
    expect(view.read('go.mod')).toContain('go 1.22');
  });
});

describe('version ranges', () => {
  it.each([
    ['22', '>=18', true],
    ['22', '^20', false],
    ['20', '20.x', true],
    ['18', '>=18 <23', true],
    ['24', '>=18 <23', false],
    ['20', '18 || 20', true],
    ['3.12', '>=3.11,<3.13', true],
    ['3.13', '^3.10', true],
    ['3.13', '~=3.11.0', false],
    ['3.11', '==3.11.*', true],
    ['22', '>=22.3', true],
  ])('%s satisfies %s: %s', (v, range, expected) => {
    expect(satisfies(v, range)).toBe(expected);
  });

  it('picks the default line inside a range, else the newest that fits', () => {
    expect(pickVersion('node', '>=18')?.version).toBe('24');
    expect(pickVersion('node', '^20.11')?.version).toBe('20');
    expect(pickVersion('node', 'lts/iron')?.version).toBe('20');
    expect(pickVersion('node', 'lts/*')).toEqual({ version: '24', fromRange: true });
    expect(pickVersion('python', '>=3.9,<3.12')?.version).toBe('3.11');
    expect(pickVersion('node', '20.11.1')).toEqual({ version: '20.11.1', fromRange: false });
  });
});

describe('workspace globs', () => {
  it('expands *, ** and negations against walked directories', () => {
    const view = FsView.fromFiles({
      'apps/web/package.json': '{}',
      'apps/api/package.json': '{}',
      'packages/ui/package.json': '{}',
      'packages/internal/test-utils/package.json': '{}',
    });
    expect(expandGlobs(view, ['apps/*'])).toEqual(['apps/api', 'apps/web']);
    expect(expandGlobs(view, ['packages/**', '!packages/internal/**'])).toContain('packages/ui');
    expect(expandGlobs(view, ['packages/**', '!packages/internal/**'])).not.toContain(
      'packages/internal/test-utils',
    );
  });
});
