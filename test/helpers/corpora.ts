import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** External test corpora live beside the repo and are read in place, never copied in. */
export const corporaDir = process.env.DOCKWRIGHT_CORPORA ?? resolve(repoRoot, '../shared/corpora');

export const haveCorpora = existsSync(corporaDir);

if (!haveCorpora) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! CONFORMANCE CORPORA NOT FOUND at ${corporaDir}\n!! Conformance suites are SKIPPED. Set DOCKWRIGHT_CORPORA to the corpora folder.\n${bar}\n`,
  );
}

export function corpusPath(...parts: string[]): string {
  return join(corporaDir, ...parts);
}

export function readCorpus(...parts: string[]): string {
  return readFileSync(corpusPath(...parts), 'utf8');
}

/** Print a pass rate line that stands out in the test log. */
export function reportPassRate(corpus: string, passed: number, total: number, excepted = 0): void {
  const pct = total === 0 ? 100 : (100 * passed) / total;
  const extra = excepted ? ` (+${excepted} documented exceptions)` : '';
  console.log(`[conformance] ${corpus}: ${passed}/${total} passed (${pct.toFixed(1)}%)${extra}`);
}

export { repoRoot };
