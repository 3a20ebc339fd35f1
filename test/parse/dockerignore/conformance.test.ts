import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatcher, readAllPatterns } from '../../../src/parse/dockerignore/index.js';
import { haveCorpora, readCorpus, reportPassRate } from '../../helpers/corpora.js';

interface MatchCase {
  readonly patterns: string[];
  readonly path: string;
  readonly match: boolean;
  readonly badPattern?: boolean;
  readonly error?: boolean;
  readonly test?: string;
}

interface ReadCase {
  readonly content: string;
  readonly expected: string[];
  readonly source: string;
}

interface Corpus {
  readonly single: MatchCase[];
  readonly multi: MatchCase[];
  readonly filepathMatch: MatchCase[];
  readonly simple: MatchCase[];
  readonly readIgnoreFile: ReadCase[];
}

interface KnownException {
  readonly set: string;
  readonly patterns?: string[];
  readonly path?: string;
  readonly reason: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const known: KnownException[] = JSON.parse(
  readFileSync(join(here, 'known-exceptions.json'), 'utf8'),
).exceptions;

function isKnown(set: string, c: MatchCase): KnownException | undefined {
  return known.find(
    (k) => k.set === set && k.path === c.path && JSON.stringify(k.patterns) === JSON.stringify(c.patterns),
  );
}

const MATCH_SETS = ['single', 'multi', 'filepathMatch', 'simple'] as const;

describe.skipIf(!haveCorpora)('moby/patternmatcher conformance', () => {
  const corpus: Corpus = haveCorpora
    ? JSON.parse(readCorpus('patternmatcher', 'cases.json'))
    : ({} as Corpus);
  const tally = new Map<string, { passed: number; total: number; excepted: number }>();
  const count = (set: string, ok: boolean, excepted: boolean) => {
    const t = tally.get(set) ?? { passed: 0, total: 0, excepted: 0 };
    t.total++;
    if (ok) t.passed++;
    if (excepted) t.excepted++;
    tally.set(set, t);
  };

  afterAll(() => {
    for (const [set, t] of tally) reportPassRate(`patternmatcher/${set}`, t.passed, t.total, t.excepted);
  });

  for (const set of MATCH_SETS) {
    describe(set, () => {
      const cases = haveCorpora ? corpus[set] : [];
      it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
        const expectError = c.badPattern === true || c.error === true;
        const m = createMatcher(c.patterns);
        // The three parent-matching modes of the original must agree.
        const walk = m.matches(c.path);
        const orParent = m.matchesOrParentMatches(c.path);
        const ok = m.errors.length > 0 === expectError && walk === c.match && orParent === c.match;
        const exception = isKnown(set, c);
        count(set, ok, !ok && exception !== undefined);
        if (exception) return;
        expect({ errors: m.errors.length > 0, walk, orParent }).toEqual({
          errors: expectError,
          walk: c.match,
          orParent: c.match,
        });
      });
    });
  }

  describe('readIgnoreFile', () => {
    const cases = haveCorpora ? corpus.readIgnoreFile : [];
    it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
      const actual = readAllPatterns(c.content);
      count('readIgnoreFile', JSON.stringify(actual) === JSON.stringify(c.expected), false);
      expect(actual).toEqual(c.expected);
    });
  });

  it('every known exception still names a real, still-failing case', () => {
    for (const k of known) {
      const set = corpus[k.set as (typeof MATCH_SETS)[number]];
      expect(set, `unknown set ${k.set}`).toBeDefined();
      expect(
        set.some((c) => c.path === k.path && JSON.stringify(c.patterns) === JSON.stringify(k.patterns)),
        `exception not in corpus: ${JSON.stringify(k)}`,
      ).toBe(true);
    }
  });
});
