import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const corporaDir = process.env.DOCKWRIGHT_CORPORA ?? join(repoRoot, '../shared/corpora');

/** Every file under `dir` whose name passes `keep`, depth-first, sorted for repeatable runs. */
export function findFiles(dir, keep) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p, { throwIfNoEntry: false });
      if (!s) continue;
      if (s.isDirectory()) walk(p);
      else if (keep(name, p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Run `fn` `iterations` times after a warm-up; returns the best and median wall time per iteration in ms. */
export function time(fn, iterations) {
  fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0], median: samples[Math.floor(samples.length / 2)] };
}

export function row(label, value) {
  console.log(`  ${label.padEnd(34)} ${value}`);
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
