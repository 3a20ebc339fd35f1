#!/usr/bin/env node
// Bench for `detect`: a typical repository (warm) and a generated 100,000-file pnpm/Turborepo monorepo.
// Standalone (node bench/detect.mjs) or imported by the main bench runner (`export async function run()`).
// Imports the built library from dist/: run `npm run build` first.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_FILES = 100_000;
const APPS = 20;
const PACKAGES = 180;

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** 200 workspace members with sources and tests, plus installed node_modules, about 100,000 files in all. */
function generateMonorepo(root) {
  const marker = join(root, '.dw-bench-complete');
  if (existsSync(marker)) return;
  let files = 0;
  const add = (path, content) => {
    write(join(root, path), content);
    files++;
  };
  add(
    'package.json',
    JSON.stringify({
      name: 'mega',
      private: true,
      packageManager: 'pnpm@9.4.0',
      devDependencies: { turbo: '^2.0.0' },
    }),
  );
  add('pnpm-workspace.yaml', 'packages:\n  - "apps/*"\n  - "packages/*"\n');
  add('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  add('turbo.json', '{"tasks":{"build":{"dependsOn":["^build"]}}}');
  add('.gitignore', 'node_modules/\ndist/\n.turbo/\n');
  add('.nvmrc', '20.14.0\n');
  const members = [
    ...Array.from({ length: APPS }, (_, i) => ({ dir: `apps/app-${i}`, app: true })),
    ...Array.from({ length: PACKAGES }, (_, i) => ({ dir: `packages/pkg-${i}`, app: false })),
  ];
  // Sources: ~350 files per member; node_modules make up the rest (walked past, never read).
  const perMember = Math.floor((TARGET_FILES * 0.7) / members.length);
  for (const [i, m] of members.entries()) {
    const name = m.app ? `@mega/app-${i}` : `@mega/pkg-${i}`;
    const pkg = m.app
      ? {
          name,
          scripts: { build: 'tsc', start: 'node dist/server.js' },
          dependencies: { express: '^4.19.2', pg: '^8.12.0' },
        }
      : { name, main: 'dist/index.js', scripts: { build: 'tsc' } };
    add(`${m.dir}/package.json`, JSON.stringify(pkg));
    add(`${m.dir}/tsconfig.json`, '{"compilerOptions":{"outDir":"dist","rootDir":"src"}}');
    if (m.app)
      add(
        `${m.dir}/src/server.ts`,
        "import express from 'express';\nconst app = express();\napp.get('/healthz', (_q, r) => r.send('ok'));\napp.listen(Number(process.env.PORT ?? 3000));\n",
      );
    for (let f = 0; f < perMember - 3; f++) {
      const sub = f % 3 === 0 ? 'src/lib' : f % 3 === 1 ? 'src/features' : 'test';
      add(`${m.dir}/${sub}/mod-${f}.ts`, `export const v${f} = process.env.FEATURE_${f % 50} ?? ${f};\n`);
    }
  }
  let dep = 0;
  while (files < TARGET_FILES) {
    add(
      `node_modules/.pnpm/dep-${Math.floor(dep / 50)}/node_modules/dep/file-${dep % 50}.js`,
      'module.exports = 1;\n',
    );
    dep++;
  }
  writeFileSync(marker, String(files));
}

async function time(fn, runs) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { result, min: samples[0], median: samples[Math.floor(samples.length / 2)], max: samples.at(-1) };
}

export async function run({ log = console.log } = {}) {
  const { detectProject } = await import(join(repo, 'dist/detect/index.js'));
  const results = [];

  const typical = join(repo, 'test/detect/fixtures/pnpm-turbo-monorepo');
  await detectProject(typical); // warm up module loading and the JIT
  const t1 = await time(() => detectProject(typical), 20);
  results.push({ name: 'detect: typical repo (warm)', files: t1.result.stats.files, ...t1, budgetMs: 100 });

  const root = join(tmpdir(), 'dockwright-bench-detect-100k');
  const g = performance.now();
  generateMonorepo(root);
  const genMs = performance.now() - g;
  const t2 = await time(() => detectProject(root), 3);
  results.push({
    name: 'detect: 100,000-file monorepo',
    files: t2.result.stats.files,
    apps: t2.result.apps.length,
    ...t2,
    budgetMs: 2000,
  });

  if (genMs > 50) log(`(generated the monorepo in ${(genMs / 1000).toFixed(1)} s at ${root})`);
  for (const r of results) {
    const ok = r.median <= r.budgetMs ? 'ok' : 'OVER BUDGET';
    log(
      `${r.name.padEnd(34)} median ${r.median.toFixed(1).padStart(7)} ms  min ${r.min.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  ` +
        `(${r.files} files walked${r.apps !== undefined ? `, ${r.apps} apps` : ''}; budget ${r.budgetMs} ms: ${ok})`,
    );
  }
  return results.map(({ result: _result, ...r }) => r);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await run();
  if (results.some((r) => r.median > r.budgetMs)) process.exitCode = 1;
}
