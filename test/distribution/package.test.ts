import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpora.js';

interface PackFile {
  path: string;
  size: number;
}
interface Pack {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackFile[];
}
interface Pkg {
  name: string;
  version: string;
  license: string;
  type: string;
  bin: Record<string, string>;
  main: string;
  types: string;
  exports: Record<string, unknown>;
  files: string[];
  engines: { node: string };
  repository: { type: string; url: string };
  publishConfig: { provenance: boolean; access: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  keywords: string[];
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Pkg;
const distBuilt = existsSync(join(repoRoot, 'dist/index.js'));

/** Runtime dependency closure from the lockfile (what `npm install dockwright` brings in), with on-disk sizes. */
function runtimeClosure(): { name: string; bytes: number }[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean }>;
  };
  const du = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
      const p = join(dir, e.name);
      return sum + (e.isDirectory() ? du(p) : e.isFile() ? statSync(p).size : 0);
    }, 0);
  return Object.entries(lock.packages)
    .filter(([path, meta]) => path.startsWith('node_modules/') && !meta.dev && !meta.devOptional)
    .map(([path]) => ({
      name: path.slice('node_modules/'.length),
      bytes: existsSync(join(repoRoot, path)) ? du(join(repoRoot, path)) : 0,
    }));
}

describe.skipIf(!distBuilt)('npm package (npm pack --dry-run)', () => {
  let pack: Pack;
  let paths: string[];

  beforeAll(() => {
    // --ignore-scripts: `prepack` would rebuild dist/; the test checks the build already made.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    pack = (JSON.parse(out) as Pack[])[0] as Pack;
    paths = pack.files.map((f) => f.path);
  }, 60_000);

  it('contains the CLI, the library with types, the docs, README, LICENSE and CHANGELOG', () => {
    expect(pack.name).toBe('dockwright');
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/dockwright.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'docs/configuration.md',
      'docs/rules/index.md',
      'docs/commands/lint.md',
    ])
      expect(paths, f).toContain(f);
  });

  it('leaks no tests, fixtures, sources, source maps, scripts or examples', () => {
    const leaks = paths.filter(
      (p) =>
        /^(test|src|scripts|examples|bench|node_modules|\.ci|\.github)\//.test(p) ||
        /\.(map|tsbuildinfo)$/.test(p) ||
        (/\.ts$/.test(p) && !/\.d\.ts$/.test(p)) ||
        /(^|\/)(fixtures?|__snapshots__)\//.test(p) ||
        /^(tsconfig.*|biome|vitest\.config\.ts|package-lock)\.json$/.test(p) ||
        /(^|\/)\.(env|dockwright\.yaml)$/.test(p),
    );
    expect(leaks).toEqual([]);
    const top = new Set(paths.map((p) => p.split('/')[0]));
    expect([...top].sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin',
      'dist',
      'docs',
      'package.json',
    ]);
  });

  it('stays small', () => {
    console.log(
      `npm pack: ${pack.entryCount} files, ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked`,
    );
    expect(pack.unpackedSize).toBeLessThan(6 * 1024 * 1024);
  });

  it('imports only Node built-ins and declared dependencies at runtime (no dev dependencies)', () => {
    const runtime = new Set(Object.keys(pkg.dependencies));
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    for (const file of paths.filter((p) => /\.js$/.test(p))) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const specs = [
        ...text.matchAll(/^\s*(?:import|export)\s[^;'"]*?\sfrom\s*['"]([^'"\n]+)['"]/gm),
        ...text.matchAll(/^\s*import\s*['"]([^'"\n]+)['"]/gm),
        ...text.matchAll(/\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g),
      ];
      for (const m of specs) {
        const spec = m[1] ?? '';
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : (spec.split('/')[0] ?? '');
        if (!runtime.has(name)) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('package.json', () => {
  it('has a bin that exists with a node shebang', () => {
    expect(pkg.bin).toEqual({ dockwright: 'bin/dockwright.js' });
    expect(readFileSync(join(repoRoot, pkg.bin.dockwright as string), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });

  it('exports the ESM library with types first, and package.json', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(Object.keys(pkg.exports['.'] as object)[0]).toBe('types');
    expect(pkg.exports['./package.json']).toBe('./package.json');
    expect(pkg.types).toBe('./dist/index.d.ts');
  });

  it.skipIf(!distBuilt)('exposes the library API through the package entry', async () => {
    const lib = (await import(join(repoRoot, 'dist/index.js'))) as Record<string, unknown>;
    for (const name of [
      'parseDockerfile',
      'lintFiles',
      'lintDockerfile',
      'loadCompose',
      'detectProject',
      'parseShell',
    ])
      expect(typeof lib[name], name).toBe('function');
    for (const ns of ['generate', 'image', 'explain', 'migrate']) expect(typeof lib[ns], ns).toBe('object');
    expect(typeof (lib.image as Record<string, unknown>).readImage).toBe('function');
    expect(typeof (lib.generate as Record<string, unknown>).planSetup).toBe('function');
  });

  it('is provenance-friendly: license, repository, engines, public publishConfig with provenance', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/dockwright/dockwright.git' });
    expect(pkg.engines.node).toMatch(/^>=20/);
    expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(pkg.keywords).toContain('dockerfile');
  });

  it('pins every dependency exactly and keeps the runtime closure small', () => {
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }))
      expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
    const closure = runtimeClosure();
    const total = closure.reduce((s, d) => s + d.bytes, 0);
    console.log(
      `runtime dependencies: ${Object.keys(pkg.dependencies).length} direct, ${closure.length} installed, ${(total / 1024 / 1024).toFixed(1)} MB on disk\n` +
        closure.map((d) => `  ${d.name} ${(d.bytes / 1024).toFixed(0)} kB`).join('\n'),
    );
    expect(closure.length).toBeLessThanOrEqual(20);
  });
});
