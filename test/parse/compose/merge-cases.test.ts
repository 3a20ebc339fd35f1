import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { enforceUnicity, mergeComposeDicts } from '../../../src/parse/compose/merge.js';
import { corpusPath, haveCorpora, reportPassRate } from '../../helpers/corpora.js';

interface MergeCase {
  test: string;
  base: string;
  override: string;
  expected: string;
}

const exceptions = JSON.parse(readFileSync(new URL('./known-exceptions.json', import.meta.url), 'utf8')) as {
  merge: Record<string, string>;
};

/** Objects compare as data (key order is not meaningful); sequences keep their order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

describe.skipIf(!haveCorpora)('compose-go merge cases', () => {
  const cases = haveCorpora
    ? (JSON.parse(readFileSync(corpusPath('compose-go/merge-cases.json'), 'utf8')) as { cases: MergeCase[] })
        .cases
    : [];

  it('merges base + override like compose-go', () => {
    const failures: string[] = [];
    const unexpectedPasses: string[] = [];
    let passed = 0;
    for (const c of cases) {
      const merged = enforceUnicity(mergeComposeDicts(parse(c.base), parse(c.override)));
      const ok = isDeepStrictEqual(canonical(merged), canonical(parse(c.expected)));
      if (c.test in exceptions.merge) {
        if (ok) unexpectedPasses.push(c.test);
        continue;
      }
      if (ok) passed++;
      else
        failures.push(
          `${c.test}\n  got:      ${JSON.stringify(canonical(merged))}\n  expected: ${JSON.stringify(canonical(parse(c.expected)))}`,
        );
    }
    const excepted = Object.keys(exceptions.merge).length;
    reportPassRate('compose-go merge-cases', passed, cases.length - excepted, excepted);
    expect(failures).toEqual([]);
    expect(unexpectedPasses, 'excepted cases that now pass: remove them from known-exceptions.json').toEqual(
      [],
    );
    expect(cases.length).toBe(61);
  });
});
