import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseShell } from '../../../src/parse/shell/index.js';
import { haveCorpora, reportPassRate } from '../../helpers/corpora.js';
import { corpusRuns } from './corpus-runs.js';

interface KnownException {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

const known: readonly KnownException[] = JSON.parse(
  readFileSync(new URL('./known-exceptions.json', import.meta.url), 'utf8'),
).exceptions;

describe.skipIf(!haveCorpora)('shell corpus: every RUN in official-images and awesome-compose', () => {
  it('parses without diagnostics, except documented ones', () => {
    const runs = corpusRuns();
    expect(runs.length).toBeGreaterThan(500);
    const knownKeys = new Set(known.map((k) => `${k.file}:${k.line}`));
    const failing = new Set<string>();
    const failures: string[] = [];
    let commands = 0;
    for (const run of runs) {
      const script = parseShell(run.text);
      commands += script.commands().length;
      const d = script.diagnostics[0];
      if (!d) continue;
      const key = `${run.file}:${run.line}`;
      failing.add(key);
      if (!knownKeys.has(key)) {
        const near = JSON.stringify(run.text.text.slice(d.range.start, d.range.start + 40));
        failures.push(`${key}: ${d.code} ${d.message} near ${near}`);
      }
    }
    const excepted = [...failing].filter((k) => knownKeys.has(k)).length;
    reportPassRate('shell (RUN commands)', runs.length - failing.size, runs.length, excepted);
    console.log(`[conformance] shell: ${commands} simple commands found in ${runs.length} RUN commands`);
    expect(failures).toEqual([]);
    // Entries that parse cleanly now must be removed from known-exceptions.json.
    expect([...knownKeys].filter((k) => !failing.has(k))).toEqual([]);
  });
});
