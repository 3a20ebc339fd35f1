// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InterpolationError,
  interpolate,
  type Lookup,
  referencedVariables,
} from '../../../src/parse/compose/interpolate.js';
import { haveCorpora, readCorpus, reportPassRate } from '../../helpers/corpora.js';

interface Case {
  test: string;
  template: string;
  expected?: string;
  error?: string;
}

interface Exception {
  test: string;
  template: string;
  reason: string;
}

const exceptions: Exception[] = JSON.parse(
  readFileSync(new URL('./interpolate-known-exceptions.json', import.meta.url), 'utf8'),
).exceptions;

const lookupFrom =
  (mapping: Record<string, string>): Lookup =>
  (name) =>
    Object.hasOwn(mapping, name) ? mapping[name] : undefined;

/** Run one corpus case; returns a failure description or undefined when it passes. */
function runCase(c: Case, lookup: Lookup): string | undefined {
  try {
    const { value } = interpolate(c.template, lookup);
    if (c.error !== undefined)
      return `expected error ${JSON.stringify(c.error)}, got ${JSON.stringify(value)}`;
    return value === c.expected
      ? undefined
      : `expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(value)}`;
  } catch (error) {
    if (!(error instanceof InterpolationError)) return `threw a non-InterpolationError: ${String(error)}`;
    if (c.error === undefined) return `unexpected error: ${error.message}`;
    // compose-go's required-variable wording is reproduced exactly.
    const wantKind = c.error.startsWith('required variable') ? 'required' : 'syntax';
    if (error.kind !== wantKind) return `expected a ${wantKind} error, got ${error.kind}: ${error.message}`;
    if (wantKind === 'required' && error.message !== c.error)
      return `message ${JSON.stringify(error.message)}`;
    return undefined;
  }
}

describe.skipIf(!haveCorpora)('compose-go interpolation conformance', () => {
  const corpus = haveCorpora
    ? (JSON.parse(readCorpus('compose-go', 'interpolation-cases.json')) as {
        mapping: Record<string, string>;
        cases: Case[];
      })
    : { mapping: {}, cases: [] };
  const lookup = lookupFrom(corpus.mapping);
  let passed = 0;
  let excepted = 0;
  let total = 0;

  afterAll(() => reportPassRate('compose-go interpolation', passed, total, excepted));

  it('has the expected number of cases', () => {
    expect(corpus.cases.length).toBe(46);
  });

  corpus.cases.forEach((c, i) => {
    const exception = exceptions.find((e) => e.test === c.test && e.template === c.template);
    it(`#${i} ${c.test}: ${JSON.stringify(c.template)}`, () => {
      const failure = runCase(c, lookup);
      if (exception) {
        excepted++;
        expect(failure, `excepted case now passes; remove it from the exceptions list`).toBeDefined();
        return;
      }
      total++;
      expect(failure).toBeUndefined();
      passed++;
    });
  });

  it('every documented exception matches a corpus case', () => {
    for (const e of exceptions) {
      expect(corpus.cases.some((c) => c.test === e.test && c.template === e.template)).toBe(true);
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });
});

const defaults = lookupFrom({ FOO: 'first', BAR: '', JSON: '{"json":2}' });
const value = (template: string, lookup: Lookup = defaults) => interpolate(template, lookup).value;

function catchError(fn: () => unknown): InterpolationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InterpolationError) return error;
    throw error;
  }
  throw new Error('expected an InterpolationError');
}

describe('interpolate', () => {
  it('upstream templates the corpus mis-extracted', () => {
    for (const t of ['ok ${missing:-{"json":1}}', 'ok ${missing-{"json":1}}'])
      expect(value(t)).toBe('ok {"json":1}');
    for (const t of ['ok ${JSON:-{"json":1}}', 'ok ${JSON-{"json":1}}'])
      expect(value(t)).toBe('ok {"json":2}');
  });

  it('keeps lone dollars (compose-go TestUnescaped)', () => {
    for (const t of ['a $ string', '^REGEX$', '$}', '$', '$1', 'cost: 5$']) expect(value(t)).toBe(t);
  });

  it('operator precedence is the operator right after the name (TestPrecedence)', () => {
    expect(value('${UNSET_VAR-myerror?msg}')).toBe('myerror?msg');
    expect(value('${FOO?bar-baz}')).toBe('first');
    expect(value('${BAR:-default_value_for_empty_var}')).toBe('default_value_for_empty_var');
    expect(catchError(() => value('${UNSET_VAR?bar-baz}')).message).toBe(
      'required variable UNSET_VAR is missing a value: bar-baz',
    );
  });

  it('substitutes the rest of a greedy match separately', () => {
    expect(value('ok ${SUBDOMAIN:-redis}.${FOO:?}')).toBe('ok redis.first');
    expect(value('${A:-x} ${FOO} ${B-y}!')).toBe('x first y!');
    expect(value('${A:-${B:-${FOO}}}-$FOO')).toBe('first-first');
    expect(value('${A:-}{}')).toBe('{}');
  });

  it('$$ escapes, also inside defaults', () => {
    expect(value('$$FOO $${FOO} ${A:-$$x}')).toBe('$FOO ${FOO} $x');
  });

  it('names follow compose-go (case-insensitive [_a-z][_a-z0-9]*, with Go folding)', () => {
    expect(value('$FOO_1x', lookupFrom({ FOO_1x: 'v' }))).toBe('v');
    expect(value('$1FOO')).toBe('$1FOO');
    expect(value('$FOO.bar')).toBe('first.bar');
    // Go's (?i)[a-z] includes U+017F and U+212A.
    expect(value('$ſ-${\u212A}', lookupFrom({ ſ: 's', '\u212A': 'k' }))).toBe('s-k');
  });

  it('reports unset, used and blank variables like Compose warns', () => {
    expect(interpolate('${A:+${A},}B', defaults)).toEqual({
      value: 'B',
      unset: ['A'],
      used: ['A'],
      blank: [],
    });
    expect(interpolate('${A:-${B}}', defaults)).toEqual({
      value: '',
      unset: ['A', 'B'],
      used: ['A', 'B'],
      blank: ['B'],
    });
    expect(interpolate('$FOO ${BAR} $X ${X}', defaults)).toEqual({
      value: 'first   ',
      unset: ['X'],
      used: ['FOO', 'BAR', 'X'],
      blank: ['X'],
    });
    // Lazy: variables in unused branches are not looked up.
    expect(interpolate('${FOO:-${NOPE}}', defaults).used).toEqual(['FOO']);
  });

  it('does not fail on a required variable in an unused branch', () => {
    expect(value('${FOO:-${NOPE:?must be set}}')).toBe('first');
    expect(value('${NOPE:+${NOPE2:?x}}')).toBe('');
  });

  describe('errors', () => {
    it.each([
      ['${', 0],
      ['${}', 0],
      ['${ }', 0],
      ['${ foo}', 0],
      ['${foo }', 0],
      ['${foo!}', 0],
      ['${foo', 0],
      ['${foo:-x', 0],
      ['${foo:x}', 0],
      ['abc ${FOO:-${}', 11],
      ['ok $FOO ${BAR:-${ x}}', 15],
      ['${a:-x\n}', 0],
    ])('%j is a syntax error at offset %i', (template, offset) => {
      const error = catchError(() => value(template));
      expect(error.kind).toBe('syntax');
      expect(error.offset).toBe(offset);
      expect(error.variable).toBeUndefined();
      expect(error.message).toMatch(/^Invalid template/);
    });

    it('reports syntax errors in unused branches too', () => {
      const error = catchError(() => value('x ${FOO:-${ bad}}'));
      expect(error.kind).toBe('syntax');
      expect(error.offset).toBe(9);
    });

    it('required errors carry the variable and the offset of its expression', () => {
      const error = catchError(() => value('a: ${FOO} b: ${NEED:?set NEED in .env (see $FOO)}'));
      expect(error).toMatchObject({ kind: 'required', variable: 'NEED', offset: 13 });
      expect(error.message).toBe('required variable NEED is missing a value: set NEED in .env (see first)');
      const empty = catchError(() => value('${BAR:?}'));
      expect(empty).toMatchObject({ kind: 'required', variable: 'BAR', offset: 0 });
      expect(empty.message).toBe('required variable BAR is missing a value');
      expect(value('${BAR?}')).toBe('');
    });

    it('the first error in template order wins', () => {
      expect(catchError(() => value('${A:?first} ${'))).toMatchObject({ kind: 'required', variable: 'A' });
      expect(catchError(() => value('${ ${A:?second}'))).toMatchObject({ kind: 'syntax', offset: 0 });
    });

    it('is an Error with a name', () => {
      const error = catchError(() => value('${'));
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('InterpolationError');
    });
  });
});

describe('referencedVariables', () => {
  it('lists every reference with offsets, defaults and requiredness (ExtractVariables cases)', () => {
    expect(referencedVariables('$docker:${project:-cli} and $toto')).toEqual([
      { name: 'docker', start: 0, end: 7, required: false },
      { name: 'project', start: 8, end: 23, required: false, operator: ':-', defaultValue: 'cli' },
      { name: 'toto', start: 28, end: 33, required: false },
    ]);
    expect(referencedVariables('${bar?:foo}')).toEqual([
      { name: 'bar', start: 0, end: 11, required: true, operator: '?' },
    ]);
    expect(referencedVariables('${bar-foo}${baz:+on}')).toEqual([
      { name: 'bar', start: 0, end: 10, required: false, operator: '-', defaultValue: 'foo' },
      { name: 'baz', start: 10, end: 20, required: false, operator: ':+' },
    ]);
  });

  it('includes nested references, in source order, with their own offsets', () => {
    const t = 'x ${A:-${B:-$C}} ${D:?need $E}';
    const refs = referencedVariables(t);
    expect(refs.map((r) => [r.name, t.slice(r.start, r.end)])).toEqual([
      ['A', '${A:-${B:-$C}}'],
      ['B', '${B:-$C}'],
      ['C', '$C'],
      ['D', '${D:?need $E}'],
      ['E', '$E'],
    ]);
    expect(refs[0]?.defaultValue).toBe('${B:-$C}');
  });

  it('skips escapes and invalid expressions without throwing', () => {
    expect(referencedVariables('$$A ${ B} ${C')).toEqual([]);
    expect(referencedVariables('${ ok} $D').map((r) => r.name)).toEqual(['D']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, including a differential test against a direct port of compose-go's regex-based
// algorithm (eager evaluation), used as an oracle.

const NAME = '[_a-zA-Z\u017F\u212A][_a-zA-Z0-9\u017F\u212A]*';
const PATTERN_SOURCE = `\\$(?:(\\$)|(${NAME})|\\{(?:(${NAME}(?::?[-+?][^\\n]*)?)\\}|()))`;

class OracleError extends Error {
  constructor(readonly kind: 'required' | 'syntax') {
    super(kind);
  }
}

function oracleSubstitute(template: string, mapping: Lookup): string {
  let first: OracleError | undefined;
  const result = template.replace(new RegExp(PATTERN_SOURCE, 'g'), (substring) => {
    try {
      return oracleReplace(substring, mapping);
    } catch (error) {
      if (!(error instanceof OracleError)) throw error;
      first ??= error;
      return '';
    }
  });
  if (first) throw first;
  return result;
}

function oracleReplace(matched: string, mapping: Lookup): string {
  const ops = [':?', '?', ':-', '-', ':+', '+'];
  let op: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const o of ops) {
    const idx = matched.indexOf(o);
    if (idx >= 0 && idx < best) {
      best = idx;
      op = o;
    }
  }
  let substring = matched;
  let rest = '';
  let open = 0;
  for (let i = 0; i < matched.length; i++) {
    if (matched[i] === '}') {
      open--;
      if (open === 0) {
        rest = matched.slice(i + 1);
        substring = matched.slice(0, i + 1);
        break;
      }
    }
    if (matched[i] === '{') {
      open++;
      i++;
    }
  }
  const m = new RegExp(PATTERN_SOURCE).exec(substring);
  if (!m) throw new Error(`oracle: no rematch of ${substring}`);
  if (m[1]) return '$';
  if (m[2]) return mapping(m[2]) ?? '';
  const braced = m[3];
  if (!braced) throw new OracleError('syntax');
  if (op !== undefined && braced.includes(op)) {
    const at = braced.indexOf(op);
    const name = braced.slice(0, at);
    const arg = oracleSubstitute(braced.slice(at + op.length), mapping); // eager, as compose-go
    const v = mapping(name);
    let out: string;
    if (op === ':-') out = v === undefined || v === '' ? arg : v;
    else if (op === '-') out = v === undefined ? arg : v;
    else if (op === ':+') out = v !== undefined && v !== '' ? arg : (v ?? '');
    else if (op === '+') out = v !== undefined ? arg : '';
    else {
      if (v === undefined || (op === ':?' && v === '')) throw new OracleError('required');
      out = v;
    }
    return out + oracleSubstitute(rest, mapping);
  }
  return mapping(braced) ?? '';
}

const pieces = fc.constantFrom(
  '$',
  '$$',
  '{',
  '}',
  '${',
  ':',
  '-',
  '+',
  '?',
  ':-',
  ':?',
  ':+',
  'FOO',
  'BAR',
  'X',
  'a',
  '_',
  '1',
  ' ',
  '\n',
  '"',
  'ok',
);
const templates = fc.oneof(
  fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const mapping = lookupFrom({ FOO: 'first', BAR: '', X: '$FOO}', a: '{' });

describe('interpolate properties', () => {
  it('never throws anything but InterpolationError, and terminates', () => {
    fc.assert(
      fc.property(templates, (t) => {
        try {
          const r = interpolate(t, mapping);
          expect(typeof r.value).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(InterpolationError);
          const e = error as InterpolationError;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThan(t.length);
          expect(t[e.offset]).toBe('$');
        }
        referencedVariables(t);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a port of compose-go (eager) wherever compose-go succeeds', () => {
    fc.assert(
      fc.property(templates, (t) => {
        let expected: string | OracleError;
        try {
          expected = oracleSubstitute(t, mapping);
        } catch (error) {
          if (!(error instanceof OracleError)) throw error;
          expected = error;
        }
        let actual: string | InterpolationError;
        try {
          actual = interpolate(t, mapping).value;
        } catch (error) {
          if (!(error instanceof InterpolationError)) throw error;
          actual = error;
        }
        if (typeof expected === 'string') {
          expect(actual).toBe(expected);
        } else if (typeof actual === 'string') {
          // Only laziness may make us succeed where eager compose-go fails: a required variable in a
          // branch that is not used. Syntax errors are reported regardless.
          expect(expected.kind).toBe('required');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('escaping every $ round-trips any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(interpolate(s.split('$').join('$$'), mapping)).toEqual({
          value: s,
          unset: [],
          used: [],
          blank: [],
        });
      }),
    );
  });

  it('stays fast and shallow on pathological input', () => {
    const deep = `${'${A:-'.repeat(2000)}x${'}'.repeat(2000)}`;
    expect(catchError(() => interpolate(deep, mapping)).kind).toBe('syntax');
    const wide = '${A:-x}'.repeat(20000);
    const started = performance.now();
    expect(interpolate(wide, mapping).value).toBe('x'.repeat(20000));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('throughput (templates/s)', () => {
    const sample = [
      'postgres://${DB_USER:-app}:${DB_PASSWORD:?set DB_PASSWORD}@db:5432/${DB_NAME:-app}',
      '${REGISTRY:-docker.io}/library/nginx:${NGINX_TAG:-1.27}',
      '8080:80',
      '$${NOT_INTERPOLATED} and $FOO',
      './data/${ENV:-dev}/config.yml',
    ];
    const env = lookupFrom({ DB_PASSWORD: 'secret', FOO: 'x', ENV: 'prod' });
    const n = 100_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) interpolate(sample[i % sample.length] as string, env);
    const seconds = (performance.now() - started) / 1000;
    console.log(`[speed] interpolate: ${Math.round(n / seconds).toLocaleString('en')} templates/s`);
  });
});
