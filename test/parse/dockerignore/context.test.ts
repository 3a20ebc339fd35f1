import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BuildContextSummary,
  type ContextEntry,
  listBuildContext,
  summarizeBuildContext,
} from '../../../src/parse/dockerignore/index.js';

let root: string;

async function put(rel: string, bytes: number | string): Promise<void> {
  const abs = join(root, rel);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, typeof bytes === 'string' ? bytes : Buffer.alloc(bytes, 120));
}

async function collect(opts: Parameters<typeof listBuildContext>[1] = {}) {
  const entries: ContextEntry[] = [];
  const it = listBuildContext(root, opts);
  for (;;) {
    const r = await it.next();
    if (r.done) return { entries, summary: r.value as BuildContextSummary };
    entries.push(r.value);
  }
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dw-ctx-'));
  await put('Dockerfile', 'FROM scratch\n');
  await put('src/index.js', 100);
  await put('src/lib/util.js', 50);
  await put('node_modules/a/index.js', 1000);
  await put('node_modules/a/README.md', 10);
  await put('node_modules/b/big.bin', 5000);
  await put('logs/app.log', 7);
  await put('logs/keep.log', 3);
  await put('docs/guide.md', 20);
});

afterEach(async () => {
  await chmod(join(root, 'locked'), 0o755).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

describe('listBuildContext', () => {
  it('sends everything, sorted depth-first, when there is no .dockerignore', async () => {
    const { entries, summary } = await collect();
    expect(entries.map((e) => e.path)).toEqual([
      'Dockerfile',
      'docs/guide.md',
      'logs/app.log',
      'logs/keep.log',
      'node_modules/a/README.md',
      'node_modules/a/index.js',
      'node_modules/b/big.bin',
      'src/index.js',
      'src/lib/util.js',
    ]);
    expect(summary.files).toBe(9);
    expect(summary.totalBytes).toBe(13 + 100 + 50 + 1000 + 10 + 5000 + 7 + 3 + 20);
    expect(summary.largest[0]).toEqual({ path: 'node_modules', bytes: 6010, files: 3 });
    expect(summary.ignoreFile).toBeUndefined();
  });

  it('applies .dockerignore, skips excluded dirs without opening them, and re-includes with !', async () => {
    await put('.dockerignore', 'node_modules\nlogs\n!logs/keep.log\n*.md\n**/*.md\n');
    const { entries, summary } = await collect();
    expect(entries.map((e) => e.path)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'logs/keep.log',
      'src/index.js',
      'src/lib/util.js',
    ]);
    expect(entries.find((e) => e.path === 'logs/keep.log')).toEqual({
      path: 'logs/keep.log',
      type: 'file',
      size: 3,
    });
    expect(summary.skippedDirs).toBe(1); // node_modules: no exception can reach inside
    expect(summary.walkedExcludedDirs).toBe(1); // logs: walked for the exception
    expect(summary.ignoreFile).toBe('.dockerignore');
    expect(summary.largest.map((d) => d.path)).toEqual(['src', 'src/lib', 'logs']);
  });

  it('walks excluded directories when a wildcard exception exists (as BuildKit does)', async () => {
    await put('.dockerignore', 'node_modules\n!**/README.md\n');
    const { entries, summary } = await collect();
    expect(entries.map((e) => e.path)).toContain('node_modules/a/README.md');
    expect(entries.map((e) => e.path)).not.toContain('node_modules/a/index.js');
    expect(summary.skippedDirs).toBe(0);
    expect(summary.walkedExcludedDirs).toBe(3);
  });

  it('emits excluded parent directories only when something beneath is included (includeDirs)', async () => {
    await put('.dockerignore', '*\n!logs/keep.log\n');
    const { entries } = await collect({ includeDirs: true });
    expect(entries).toEqual([
      { path: 'logs', type: 'dir', size: 0 },
      { path: 'logs/keep.log', type: 'file', size: 3 },
    ]);
  });

  it('reports symlinks as entries and never follows them', async () => {
    await symlink(join(root, 'node_modules'), join(root, 'src/linked'));
    await symlink('missing-target', join(root, 'dangling'));
    await put('.dockerignore', 'node_modules\n');
    const { entries } = await collect();
    const links = entries.filter((e) => e.type === 'symlink');
    expect(links).toEqual([
      { path: 'dangling', type: 'symlink', size: 0, linkTarget: 'missing-target' },
      { path: 'src/linked', type: 'symlink', size: 0, linkTarget: join(root, 'node_modules') },
    ]);
    expect(entries.some((e) => e.path.startsWith('src/linked/'))).toBe(false);
  });

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile (BuildKit)', async () => {
    await put('.dockerignore', 'src\n');
    await put('build/prod.Dockerfile', 'FROM scratch\n');
    await put('build/prod.Dockerfile.dockerignore', 'node_modules\ndocs\n');
    const { entries, summary } = await collect({ dockerfile: 'build/prod.Dockerfile' });
    expect(summary.ignoreFile).toBe('build/prod.Dockerfile.dockerignore');
    const paths = entries.map((e) => e.path);
    expect(paths).toContain('src/index.js');
    expect(paths).not.toContain('docs/guide.md');
  });

  it('BuildKit honours an ignored Dockerfile; legacyBuilder always sends it and .dockerignore', async () => {
    await put('.dockerignore', '.dockerignore\nDockerfile\nsrc\n');
    const buildkit = (await collect()).entries.map((e) => e.path);
    expect(buildkit).not.toContain('Dockerfile');
    expect(buildkit).not.toContain('.dockerignore');
    const legacy = (await collect({ legacyBuilder: true })).entries.map((e) => e.path);
    expect(legacy).toContain('Dockerfile');
    expect(legacy).toContain('.dockerignore');
    expect(legacy).not.toContain('src/index.js');
  });

  it('puts parse diagnostics in the summary', async () => {
    await put('.dockerignore', 'ok\n[bad\n');
    const s = await summarizeBuildContext(root);
    expect(s.diagnostics.map((d) => [d.code, d.start.line])).toEqual([['dockerignore/bad-pattern', 2]]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'ignores unreadable excluded dirs, fails on included ones',
    async () => {
      await mkdir(join(root, 'locked'));
      await put('locked/x', 1);
      await chmod(join(root, 'locked'), 0);
      await put('.dockerignore', 'locked\n!locked/x\n');
      const s = await summarizeBuildContext(root);
      expect(s.problems).toMatchObject([{ path: 'locked', ignoredByDocker: true }]);
      await put('.dockerignore', '');
      await expect(collect()).rejects.toThrow(/cannot read locked/);
    },
  );
});

describe('summarizeBuildContext', () => {
  it('points at the directory that makes the context big', async () => {
    await put('node_modules/b/huge.bin', 200_000);
    const s = await summarizeBuildContext(root, { largestCount: 2, largestMaxDepth: 1 });
    expect(s.largest.map((d) => d.path)).toEqual(['node_modules', 'src']);
    expect(s.largest[0]!.bytes).toBe(206_010);
    expect(s.files).toBe(10);
  });

  it('uses explicit patterns instead of any ignore file', async () => {
    await put('.dockerignore', 'src\n');
    const s = await summarizeBuildContext(root, { patterns: ['**', '!src'] });
    expect(s.files).toBe(2);
    expect(s.totalBytes).toBe(150);
  });
});
