// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/parse/compose/dotenv.js';
import type { Lookup } from '../../../src/parse/compose/interpolate.js';
import { haveCorpora, readCorpus, reportPassRate } from '../../helpers/corpora.js';

type Case =
  | {
      kind: 'file';
      file: string;
      mode: string;
      os_env: Record<string, string>;
      expected: Record<string, string>;
    }
  | {
      kind: 'parse_doc';
      input: string;
      expected_subset?: Record<string, string>;
      expected_exact?: Record<string, string>;
    }
  | { kind: 'parse_line'; input: string; key: string; value: string }
  | { kind: 'parse_doc_error'; input: string; error_contains: string };

type CorpusCase = Case & { source: string; test?: string; name?: string };

interface Exception {
  source: string;
  input?: string;
  file?: string;
  reason: string;
}

const exceptions: Exception[] = JSON.parse(
  readFileSync(new URL('./dotenv-known-exceptions.json', import.meta.url), 'utf8'),
).exceptions;

const lookupFrom =
  (mapping: Record<string, string>): Lookup =>
  (name) =>
    Object.hasOwn(mapping, name) ? mapping[name] : undefined;

const errorsOf = (r: ReturnType<typeof parseDotenv>) => r.diagnostics.filter((d) => d.severity === 'error');

function sameMap(
  actual: Map<string, string>,
  expected: Record<string, string>,
  exact: boolean,
): string | undefined {
  for (const [k, v] of Object.entries(expected)) {
    if (actual.get(k) !== v)
      return `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual.get(k))}`;
  }
  if (exact && actual.size !== Object.keys(expected).length) {
    return `expected exactly ${JSON.stringify(expected)}, got ${JSON.stringify(Object.fromEntries(actual))}`;
  }
  return undefined;
}

/** Run one corpus case; returns a failure description or undefined when it passes. */
function runCase(c: Case): string | undefined {
  switch (c.kind) {
    case 'file': {
      const text = readCorpus('compose-go', 'dotenv', c.file);
      if (c.mode.startsWith('Load')) {
        // godotenv.Load: the file is read without lookup, then set only where the process has no value.
        const r = parseDotenv(text, c.file);
        if (errorsOf(r).length > 0) return `errors: ${errorsOf(r).map((d) => d.message)}`;
        const env = new Map(Object.entries(c.os_env));
        for (const [k, v] of r.values) if (!env.has(k)) env.set(k, v);
        return sameMap(env, c.expected, false);
      }
      const lookup = c.mode.startsWith('ReadWithLookup') ? lookupFrom(c.os_env) : undefined;
      const r = parseDotenv(text, c.file, lookup);
      if (errorsOf(r).length > 0) return `errors: ${errorsOf(r).map((d) => d.message)}`;
      return sameMap(r.values, c.expected, true);
    }
    case 'parse_doc': {
      const r = parseDotenv(c.input, '<doc>');
      if (errorsOf(r).length > 0) return `errors: ${errorsOf(r).map((d) => d.message)}`;
      return c.expected_exact
        ? sameMap(r.values, c.expected_exact, true)
        : sameMap(r.values, c.expected_subset ?? {}, false);
    }
    case 'parse_line': {
      const r = parseDotenv(c.input, '<line>');
      if (errorsOf(r).length > 0) return `errors: ${errorsOf(r).map((d) => d.message)}`;
      return sameMap(r.values, { [c.key]: c.value }, false);
    }
    case 'parse_doc_error': {
      const r = parseDotenv(c.input, '<doc>');
      const errors = errorsOf(r);
      if (errors.length === 0) return `expected an error containing ${JSON.stringify(c.error_contains)}`;
      return errors.some((d) => d.message.includes(c.error_contains))
        ? undefined
        : `error messages ${JSON.stringify(errors.map((d) => d.message))}`;
    }
  }
}

const label = (c: CorpusCase): string => {
  const what = c.kind === 'file' ? `${c.file} [${c.mode.split(' ')[0]}]` : JSON.stringify(c.input);
  return `${c.kind} ${c.test ?? c.name ?? c.source}: ${what}`;
};

describe.skipIf(!haveCorpora)('compose-go dotenv conformance', () => {
  const cases: CorpusCase[] = haveCorpora
    ? readCorpus('compose-go', 'dotenv', 'cases.jsonl')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line))
    : [];
  let passed = 0;
  let excepted = 0;
  let total = 0;

  afterAll(() => reportPassRate('compose-go dotenv', passed, total, excepted));

  it('has the expected number of cases', () => {
    expect(cases.length).toBe(83);
  });

  cases.forEach((c, i) => {
    const exception = exceptions.find(
      (e) =>
        e.source === c.source &&
        (e.input === undefined || ('input' in c && e.input === c.input)) &&
        (e.file === undefined || (c.kind === 'file' && e.file === c.file)),
    );
    it(`#${i} ${label(c)}`, () => {
      const failure = runCase(c);
      if (exception) {
        excepted++;
        expect(failure, 'excepted case now passes; remove it from the exceptions list').toBeDefined();
        return;
      }
      total++;
      expect(failure).toBeUndefined();
      passed++;
    });
  });
});

describe('parseDotenv', () => {
  it('reports all problems with file:line:col and keeps going', () => {
    const text = [
      '# comment', // 1
      'OK=1', // 2
      'lol$wut=2', // 3
      'BAD KEY=3', // 4
      'Q="unterminated', // 5
      'R=${NEED:?set NEED}', // 6
      'S=${ oops}', // 7
      'LAST=ok', // 8
    ].join('\n');
    const r = parseDotenv(text, 'app/.env');
    const seen = r.diagnostics.map((d) => [d.code, d.severity, d.start.line, d.start.column, d.file]);
    expect(seen).toEqual([
      ['dotenv/invalid-key', 'error', 3, 4, 'app/.env'],
      ['dotenv/key-space', 'error', 4, 1, 'app/.env'],
      ['dotenv/unterminated-quote', 'error', 5, 3, 'app/.env'],
      ['dotenv/required-variable', 'error', 6, 3, 'app/.env'],
      ['dotenv/invalid-interpolation', 'error', 7, 3, 'app/.env'],
    ]);
    expect(r.diagnostics[0]?.message).toBe('unexpected character "$" in variable name "lol$wut=2"');
    expect(r.diagnostics[3]?.message).toBe('required variable NEED is missing a value: set NEED');
    expect(Object.fromEntries(r.values)).toEqual({ OK: '1', LAST: 'ok' });
  });

  it('reports compose-go’s "line 7: key cannot contain a space" for invalid1.env at line 7', () => {
    const text = '# some comments\nfoo="\n  a\n  multine\n  value\n"\nINVALID LINE\nzot=qix';
    const r = parseDotenv(text, 'invalid1.env');
    expect(errorsOf(r).map((d) => [d.message, d.start.line, d.start.column, d.end.column])).toEqual([
      ['key cannot contain a space', 7, 1, 13],
    ]);
    expect(r.values.get('foo')).toBe('\n  a\n  multine\n  value\n');
  });

  it('maps interpolation positions through escapes in double-quoted values', () => {
    const r = parseDotenv('K="\\t\\"x\\" ${ bad}"', 'e.env');
    expect(errorsOf(r)[0]?.start).toEqual({ line: 1, column: 12 });
    const w = parseDotenv('A="\\n$MISSING" B=$OTHER', 'w.env');
    expect(w.diagnostics.map((d) => [d.code, d.severity, d.start.column, d.end.column, d.message])).toEqual([
      [
        'dotenv/unset-variable',
        'warning',
        6,
        14,
        'The "MISSING" variable is not set. Defaulting to a blank string.',
      ],
      [
        'dotenv/unset-variable',
        'warning',
        18,
        24,
        'The "OTHER" variable is not set. Defaulting to a blank string.',
      ],
    ]);
  });

  it('entries carry key, value, line and statement range', () => {
    const text = 'export A=1 # c\n\n  B = "two\nlines"\nA=3\n';
    const r = parseDotenv(text, '.env');
    expect(r.entries.map((e) => [e.key, e.value, e.line, text.slice(e.range.start, e.range.end)])).toEqual([
      ['A', '1', 1, 'export A=1'],
      ['B', 'two\nlines', 3, 'B = "two\nlines"'],
      ['A', '3', 5, 'A=3'],
    ]);
    expect(r.values.get('A')).toBe('3');
  });

  it('lookup wins over earlier keys; inherited keys come from lookup only', () => {
    const r = parseDotenv('A=file\nB=$A\nC\nD\n', '.env', lookupFrom({ A: 'env', C: 'from-env' }));
    expect(Object.fromEntries(r.values)).toEqual({ A: 'file', B: 'env', C: 'from-env' });
  });

  it('drops digit-leading keys with a warning, like compose-go’s Read', () => {
    const r = parseDotenv('456 = ABC\nX=1\n', '.env');
    expect(Object.fromEntries(r.values)).toEqual({ X: '1' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.start.line])).toEqual([
      ['dotenv/digit-key', 'warning', 1],
    ]);
  });

  it('quirks kept from compose-go', () => {
    // `\$` and `$$` both give a literal dollar; single quotes are literal apart from \'.
    expect(parseDotenv("A=\"\\$X $$Y\"\nB='$X \\n \\''", '.env').values).toEqual(
      new Map([
        ['A', '$X $Y'],
        ['B', "$X \\n '"],
      ]),
    );
    // Octal escapes need three octal digits and a value up to 0377.
    expect(parseDotenv('A="\\0101\\01\\0777\\c"', '.env').values.get('A')).toBe('A\\01\\0777\\c');
    // A final line without "=" or newline becomes the value of an empty key (with a warning).
    const last = parseDotenv('A=1\nDEBUG', '.env');
    expect(last.values.get('')).toBe('DEBUG');
    expect(last.diagnostics.map((d) => d.code)).toEqual(['dotenv/missing-separator']);
    // CRLF files.
    expect(Object.fromEntries(parseDotenv('A=1\r\nB="2"\r\n', '.env').values)).toEqual({ A: '1', B: '2' });
  });

  it('never throws on arbitrary input', () => {
    const chars = fc.constantFrom(
      'A',
      '=',
      ':',
      '"',
      "'",
      '\\',
      '$',
      '{',
      '}',
      '#',
      ' ',
      '\t',
      '\n',
      '\r',
      'export ',
      '0',
      'é',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
          fc.string({ maxLength: 60 }),
        ),
        (text) => {
          const r = parseDotenv(text, 'fuzz.env', lookupFrom({ A: 'a' }));
          for (const d of r.diagnostics) {
            expect(d.range.start).toBeGreaterThanOrEqual(0);
            expect(d.range.end).toBeLessThanOrEqual(text.length);
            expect(d.start.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
