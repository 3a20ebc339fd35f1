// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell-style ${...} words are the test data
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Env,
  ExpansionError,
  expandWord,
  expandWords,
  expandWordWithInfo,
  referencedVariables,
} from '../../../src/parse/dockerfile/expand.js';

const env = (o: Record<string, string>): Env => new Map(Object.entries(o));

function errorOf(fn: () => unknown): ExpansionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExpansionError) return e;
    throw e;
  }
  throw new Error('expected an ExpansionError');
}

describe('expandWordWithInfo (cases from BuildKit TestProcessWithMatches)', () => {
  // [input, env, expected | null (= error), used, unmatched]
  const table: [string, Record<string, string>, string | null, string[], string[]][] = [
    ['x', { DUMMY: 'dummy' }, 'x', [], []],
    ['x ${UNUSED}', { DUMMY: 'dummy' }, 'x ', [], ['UNUSED']],
    ['x ${FOO}', { FOO: 'y' }, 'x y', ['FOO'], []],
    ['${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', { FOO: 'xxx', BAR: '' }, 'xxx  ccc', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', { FOO: 'xxx', BAR: '' }, 'xxx bbb ccc', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO:-}', { FOO: 'xxx', BAR: '' }, 'xxx', ['FOO'], []],
    ['${FOO:-}', {}, '', [], ['FOO']],
    ['${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}', { FOO: 'xxx', BAR: '' }, 'aaa bbb ', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', { FOO: 'xxx', BAR: '' }, 'aaa  ', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO?aaa}', { FOO: 'xxx', BAR: '' }, 'xxx', ['FOO'], []],
    ['${BAR?bbb}', { FOO: 'xxx', BAR: '' }, '', ['BAR'], []],
    ['${BAZ?ccc}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${FOO:?aaa}', { FOO: 'xxx', BAR: '' }, 'xxx', ['FOO'], []],
    ['${BAR:?bbb}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${BAZ:?ccc}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${BAZ:?}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${FOO=aaa}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${FOO=:aaa}', { FOO: 'xxx', BAR: '' }, null, [], []],
    ['${FOO=}', {}, null, [], []],
    ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: String.raw`()[]{}^$.*?|\x` }, 'x', ['FOO'], []],
    ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx', ['FOO'], []],
    ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y', ['FOO'], []],
    ['${FOO#*}', { FOO: 'xxyy' }, 'xxyy', ['FOO'], []],
    ['${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' }, 'xyy', ['BAR', 'FOO'], []],
    ['${FOO#$BAR}', { FOO: 'xxyy', BAR: '' }, 'xxyy', ['BAR', 'FOO'], []],
    ['${FOO#}', { FOO: 'xxyy' }, 'xxyy', ['FOO'], []],
    ['${FOO##*x}', { FOO: 'xxyy' }, 'yy', ['FOO'], []],
    ['${FOO##}', { FOO: 'xxyy' }, 'xxyy', ['FOO'], []],
    ['${FOO#?\\?}', { FOO: '???y' }, '?y', ['FOO'], []],
    ['${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' }, '.xxyy.', ['FOO'], ['ABC']],
    ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a', ['FOO'], []],
    ['${FOO%}', { FOO: 'xxyy' }, 'xxyy', ['FOO'], []],
    ['${FOO%%$BAR}', { FOO: 'xxyy', BAR: '' }, 'xxyy', ['BAR', 'FOO'], []],
    [
      '${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}',
      { FOO: '/foo*/*/*.txt', NEEDLE: String.raw`\*/` },
      '/foo.*/*.txt - /foo..*.txt',
      ['NEEDLE', 'FOO'],
      [],
    ],
    [
      '${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}',
      { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' },
      '/tmp/bar.txt - /bar.txt',
      ['NEEDLE', 'FOO'],
      [],
    ],
    [
      '${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}',
      { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' },
      '/foo/b/c.txt - /foo/c.txt',
      ['NEEDLE', 'REPLACEMENT', 'FOO'],
      [],
    ],
    [
      '${FOO/$NEEDLE/$REPLACEMENT}',
      { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' },
      'https://google.de',
      ['NEEDLE', 'REPLACEMENT', 'FOO'],
      [],
    ],
    ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, String.raw`\/tmp\/foo.txt`, ['FOO'], []],
    ['${FOO/$BAR/ww}', { FOO: 'xxyy', BAR: '' }, 'wwxxyy', ['BAR', 'FOO'], []],
    ['${FOO//ww}', { FOO: 'xxyy' }, null, [], []],
    ['${FOO//}', { FOO: 'xxyy' }, null, [], []],
    ['${FOO///}', { FOO: 'xxyy' }, 'xxyy', ['FOO'], []],
    ['${FOO///}', {}, '', [], ['FOO']],
  ];
  for (const [input, vars, expected, used, unmatched] of table) {
    it(`${input} with ${JSON.stringify(vars)}`, () => {
      if (expected === null) {
        expect(() => expandWordWithInfo(input, env(vars))).toThrow(ExpansionError);
        return;
      }
      const r = expandWordWithInfo(input, env(vars));
      expect(r.value).toBe(expected);
      expect(r.used).toEqual(used);
      expect(r.unmatched).toEqual(unmatched);
    });
  }

  it('mandatory variables (TestShellParserMandatoryEnvVars)', () => {
    const noEmpty = '${VAR:?message here$ARG}';
    const noUnset = '${VAR?message here$ARG}';
    const set = env({ VAR: 'plain', ARG: 'x' });
    const empty = env({ VAR: '', ARG: 'x' });
    const unset = env({ ARG: 'x' });
    expect(expandWord(noEmpty, set)).toBe('plain');
    expect(errorOf(() => expandWord(noEmpty, empty)).message).toContain('message herex');
    expect(errorOf(() => expandWord(noEmpty, unset)).message).toContain('message herex');
    expect(expandWord(noUnset, set)).toBe('plain');
    expect(expandWord(noUnset, empty)).toBe('');
    expect(errorOf(() => expandWord(noUnset, unset)).message).toContain('message herex');
    expect(errorOf(() => expandWord('${X:?}', unset)).message).toBe('X: is not allowed to be unset');
    expect(errorOf(() => expandWord('${VAR:?}', empty)).message).toBe('VAR: is not allowed to be empty');
  });

  it('release file name with optional variant (TestProcessWithMatchesPlatform)', () => {
    const release =
      'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz';
    const base = { VERSION: 'v1.2.3', TARGETOS: 'linux' };
    expect(expandWord(release, env({ ...base, TARGETARCH: 'arm', TARGETVARIANT: 'v7' }))).toBe(
      'something-v1.2.3.linux-arm-v7.tar.gz',
    );
    expect(expandWord(release, env({ ...base, TARGETARCH: 'arm64', TARGETVARIANT: '' }))).toBe(
      'something-v1.2.3.linux-arm64.tar.gz',
    );
    const r = expandWordWithInfo(release, env({ ...base, TARGETARCH: 'arm64' }));
    expect(r.value).toBe('something-v1.2.3.linux-arm64.tar.gz');
    expect(r.used).toEqual(['VERSION', 'TARGETOS', 'TARGETARCH']);
    expect(r.unmatched).toEqual(['TARGETVARIANT']);
  });
});

describe('pattern operators', () => {
  const v = env({ P: '/usr/local/lib/libfoo.so.1', N: 'a\nb', E: '', U: '😀x😀y' });
  it.each([
    ['${P#*/}', 'usr/local/lib/libfoo.so.1'],
    ['${P##*/}', 'libfoo.so.1'],
    ['${P%.*}', '/usr/local/lib/libfoo.so'],
    ['${P%%.*}', '/usr/local/lib/libfoo'],
    ['${P/lib/LIB}', '/usr/local/LIB/libfoo.so.1'],
    ['${P//lib/LIB}', '/usr/local/LIB/LIBfoo.so.1'],
    ['${P//?/x}', 'xxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['${P//[a-z]/x}', '/usr/local/lib/libfoo.so.1'], // brackets are literal in BuildKit
    ['${N#*}', 'a\nb'],
    ['${N##*}', '\nb'], // `*` does not cross a newline (Go regexp `.`)
    ['${N%?}', 'a\n'],
    ['${E//*/x}', 'x'],
    ['${P//*/x}', 'x'],
    ['${U#?}', 'x😀y'], // `?` is one code point
    ['${U%?y}', '😀x'],
    ['${U//😀/-}', '-x-y'],
    ['${P//lib/<$$0>}', '/usr/local/<0>/<0>foo.so.1'], // `$$` is the (unset) special parameter
  ])('%s → %s', (word, expected) => {
    expect(expandWord(word, v)).toBe(expected);
  });

  it('`//` expands Go regexp templates in the replacement, `/` does not', () => {
    const e = env({ V: 'abc', R: '[$0]', S: '[${0}|$1|$00|$x|$.|${}]' });
    expect(expandWord('${V//b/$R}', e)).toBe('a[b]c');
    expect(expandWord('${V/b/$R}', e)).toBe('a[$0]c');
    expect(expandWord('${V//b/$S}', e)).toBe('a[b||||$.|${}]c');
  });

  it('rejects invalid escapes in patterns', () => {
    const e = errorOf(() => expandWord('${V#\\x}', env({ V: 'a' })));
    expect(e.message).toContain('invalid escape');
    expect(e.offset).toBe(4);
  });
});

describe('quotes, escapes and words', () => {
  const e = env({ A: 'a b', EMPTY: '' });
  it.each([
    [`"a\\b"`, 'a\\b'],
    [`"a\\"b"`, 'a"b'],
    [`"a\\$A"`, 'a$A'],
    [`'a$A'`, 'a$A'],
    ['$', '$'],
    ['a$', 'a$'],
    ['$.A', '$.A'],
    ['${A:-x}y', 'a by'],
    ['${NOPE:-"q}"}', 'q}'],
    ['${NOPE:-\\}}', '}'],
  ])('%s → %s', (word, expected) => {
    expect(expandWord(word, e)).toBe(expected);
  });

  it('splits unquoted expansions but not quoted ones', () => {
    expect(expandWords('x$A "$A" \\ y', e)).toEqual(['xa', 'b', 'a b', ' y']);
    expect(expandWords('"" $EMPTY x', e)).toEqual(['x']);
    expect(expandWords('  ', e)).toEqual([]);
  });
});

describe('escape token `', () => {
  const e = env({ PWD: '/home' });
  const opts = { escapeToken: '`' } as const;
  it.each([
    ['he`$PWD', 'he$PWD'],
    ['he\\$PWD', 'he\\/home'],
    ['C:\\foo\\bar', 'C:\\foo\\bar'],
    ['"a`"b"', 'a"b'],
    ['"a`b"', 'a`b'],
    ['"a``b"', 'a`b'],
    ['a``b', 'a`b'],
    ['hello`', 'hello'],
    ['${X:-`}}', '}'],
  ])('%s → %s', (word, expected) => {
    expect(expandWord(word, e, opts)).toBe(expected);
  });
  it('splits words on unescaped spaces only', () => {
    expect(expandWords('a` b c', e, opts)).toEqual(['a b', 'c']);
  });
});

describe('windows platform', () => {
  const e = env({ Path: 'C:\\bin', PWD: '/home' });
  it('matches names case-insensitively', () => {
    expect(expandWord('$PATH;${path}', e, { platform: 'windows' })).toBe('C:\\bin;C:\\bin');
    expect(expandWord('$PATH', e)).toBe('');
    const r = expandWordWithInfo('$pwd $PWD $nope', e, { platform: 'windows' });
    expect(r.value).toBe('/home /home ');
    expect(r.used).toEqual(['pwd', 'PWD']);
    expect(r.unmatched).toEqual(['nope']);
  });
  it('prefers an exact-case match', () => {
    const m = env({ foo: 'lower', FOO: 'upper' });
    expect(expandWord('$foo$FOO', m, { platform: 'windows' })).toBe('lowerupper');
  });
});

describe('used / unmatched', () => {
  it('lists names once, in lookup order, as written', () => {
    const r = expandWordWithInfo('$B ${A:-$C} $B $1 ${@:-x}', env({ A: '1', B: '2' }));
    expect(r.value).toBe('2 1 2  x');
    expect(r.used).toEqual(['B', 'A']);
    expect(r.unmatched).toEqual(['C', '1', '@']);
  });
  it('does not look into single quotes or escaped dollars', () => {
    const r = expandWordWithInfo(`'$A' \\$B "$C"`, env({}));
    expect(r.unmatched).toEqual(['C']);
  });
  it('accepts a function env', () => {
    const r = expandWordWithInfo('$A-$B', (n) => (n === 'A' ? 'x' : undefined));
    expect(r).toEqual({ value: 'x-', used: ['A'], unmatched: ['B'] });
  });
});

describe('referencedVariables', () => {
  it('gives names, ranges and modifiers', () => {
    const word = 'a$FOO/${BAR:-${BAZ}x}${Q#*/}${R//a/b}';
    const refs = referencedVariables(word);
    expect(refs).toEqual([
      { name: 'FOO', start: 1, end: 5 },
      { name: 'BAR', start: 6, end: 21, modifier: ':-' },
      { name: 'BAZ', start: 13, end: 19 },
      { name: 'Q', start: 21, end: 28, modifier: '#' },
      { name: 'R', start: 28, end: 37, modifier: '//' },
    ]);
    for (const r of refs) expect(word.slice(r.start, r.end).startsWith('$')).toBe(true);
    expect(word.slice(6, 21)).toBe('${BAR:-${BAZ}x}');
  });
  it('reports all modifier kinds', () => {
    const mods = ['-', ':-', '+', ':+', '?', ':?', '#', '##', '%', '%%'].map(
      (m) => referencedVariables(`\${V${m}w}`)[0]?.modifier,
    );
    expect(mods).toEqual(['-', ':-', '+', ':+', '?', ':?', '#', '##', '%', '%%']);
    expect(referencedVariables('${V/a/b}')[0]?.modifier).toBe('/');
  });
  it('skips single quotes and escapes, keeps double quotes', () => {
    expect(referencedVariables(`'$A' \\$B "$C" $`).map((r) => r.name)).toEqual(['C']);
    expect(referencedVariables('`$A \\$B', { escapeToken: '`' }).map((r) => r.name)).toEqual(['B']);
  });
  it('lists positional and special parameters as BuildKit looks them up', () => {
    expect(referencedVariables('$1 ${@} $$').map((r) => r.name)).toEqual(['1', '@', '$']);
  });
  it('never throws; returns what it completed before a syntax error', () => {
    expect(referencedVariables('$A ${B:-$C')).toEqual([
      { name: 'A', start: 0, end: 2 },
      { name: 'C', start: 8, end: 10 },
    ]);
    expect(referencedVariables('$A ${}')).toEqual([{ name: 'A', start: 0, end: 2 }]);
    expect(referencedVariables('${A:?must be set}')).toEqual([
      { name: 'A', start: 0, end: 17, modifier: ':?' },
    ]);
  });
  it('handles non-ASCII names and offsets in UTF-16 units', () => {
    expect(referencedVariables('😀$한국어x')).toEqual([{ name: '한국어x', start: 2, end: 7 }]);
  });
});

describe('ExpansionError offsets', () => {
  const e = env({ SET: 'v', EMPTY: '' });
  it.each([
    [`ab'cd`, 2, 'single-quote'],
    [`ab"cd`, 2, 'double-quote'],
    [`ab"cd\\"`, 2, 'double-quote'],
    ['ab${X', 2, "missing '}'"],
    ['ab${', 2, "missing '}'"],
    ['ab${X:-"y', 2, "missing '}'"],
    ['ab${}', 4, 'bad substitution'],
    ['ab${:-x}', 4, 'bad substitution'],
    ['ab${X.}', 5, 'unsupported modifier (.)'],
    ['ab${X:=y}', 5, 'unsupported modifier (:=)'],
    ['ab${X?}', 2, 'X: is not allowed to be unset'],
    ['ab${EMPTY:?boom}', 2, 'EMPTY: boom'],
    ['ab${SET/x', 2, "missing '/'"],
    ['ab${SET/x/y', 2, "missing '}'"],
    ['ab${SET%%\\q}', 9, 'invalid escape'],
  ])('%s → offset %i (%s)', (word, offset, msg) => {
    const err = errorOf(() => expandWord(word, e));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ExpansionError');
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(msg);
    expect(err.word).toBe(word);
  });
});

describe('properties', () => {
  const special = fc.constantFrom(
    '$',
    '{',
    '}',
    ':',
    '-',
    '+',
    '?',
    '#',
    '%',
    '/',
    "'",
    '"',
    '\\',
    '`',
    ' ',
    '\n',
    '*',
    'A',
    'b',
    '1',
    '@',
    '😀',
    '한',
  );
  const word = fc.oneof(
    fc.array(special, { maxLength: 30 }).map((a) => a.join('')),
    fc.string({ maxLength: 40 }),
  );
  const vars = env({ A: 'x y', b: '*', EMPTY: '' });

  it('random words only ever throw ExpansionError, and always terminate', () => {
    fc.assert(
      fc.property(
        word,
        fc.constantFrom<'\\' | '`'>('\\', '`'),
        fc.constantFrom<'unix' | 'windows'>('unix', 'windows'),
        (w, escapeToken, platform) => {
          const opts = { escapeToken, platform };
          for (const fn of [
            () => expandWord(w, vars, opts),
            () => expandWords(w, vars, opts),
            () => expandWordWithInfo(w, vars, opts),
          ]) {
            try {
              const r = fn();
              expect(r).toBeDefined();
            } catch (e) {
              expect(e).toBeInstanceOf(ExpansionError);
              const off = (e as ExpansionError).offset;
              expect(off >= 0 && off <= w.length).toBe(true);
            }
          }
          const refs = referencedVariables(w, opts);
          for (const r of refs) {
            expect(r.start).toBeGreaterThanOrEqual(0);
            expect(r.end).toBeLessThanOrEqual(w.length);
            expect(w[r.start]).toBe('$');
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('expandWord and expandWords agree when nothing splits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z$'"{}:-]{0,20}$/), (w) => {
        let single: string;
        try {
          single = expandWord(w, env({ a: 'q' }));
        } catch {
          expect(() => expandWords(w, env({ a: 'q' }))).toThrow(ExpansionError);
          return;
        }
        expect(expandWords(w, env({ a: 'q' })).join('')).toBe(single);
      }),
    );
  });

  it('names in used/unmatched equal the evaluated references of referencedVariables (no errors, no quotes)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^([a-z]|\$[A-C]|\$\{[A-C](:-|\+)?[a-z]?\})*$/), (w) => {
        const r = expandWordWithInfo(w, env({ A: '1' }));
        const names = new Set(referencedVariables(w).map((x) => x.name));
        expect(new Set([...r.used, ...r.unmatched])).toEqual(names);
      }),
    );
  });
});

/**
 * Differential test of the pattern matcher against a backtracking regexp built the way BuildKit builds
 * its Go regexp (leftmost-first; `.` excludes only `\n`).
 */
describe('pattern matching agrees with BuildKit regexp semantics', () => {
  type Tok = { k: 'star' } | { k: 'any' } | { k: 'lit'; c: string };
  const tok = fc.oneof(
    fc.constant<Tok>({ k: 'star' }),
    fc.constant<Tok>({ k: 'any' }),
    fc.constantFrom('a', 'b', '\n', '*', '?', '\\').map((c): Tok => ({ k: 'lit', c })),
  );
  const value = fc
    .array(fc.constantFrom('a', 'b', '\n', '*', '?', '\\'), { maxLength: 10 })
    .map((a) => a.join(''));
  const toWord = (ts: Tok[]): string =>
    ts
      .map((t) => (t.k === 'star' ? '*' : t.k === 'any' ? '?' : '*?\\'.includes(t.c) ? `\\${t.c}` : t.c))
      .join('');
  const toRe = (ts: Tok[], greedy: boolean): string =>
    ts
      .map((t) =>
        t.k === 'star'
          ? greedy
            ? '[^\\n]*'
            : '[^\\n]*?'
          : t.k === 'any'
            ? '[^\\n]'
            : t.c.replace(/[\\*?]/g, '\\$&'),
      )
      .join('');
  const rev = (s: string): string => [...s].reverse().join('');

  function goReplaceAll(re: RegExp, s: string, repl: string): string {
    let out = '';
    let lastEnd = 0;
    let searchPos = 0;
    const g = new RegExp(re.source, 'gu');
    while (searchPos <= s.length) {
      g.lastIndex = searchPos;
      const m = g.exec(s);
      if (m === null) break;
      const a0 = m.index;
      const a1 = a0 + m[0].length;
      out += s.slice(lastEnd, a0);
      if (a1 > lastEnd || a0 === 0) out += repl;
      lastEnd = a1;
      searchPos = Math.max(searchPos + 1, a1);
    }
    return out + s.slice(lastEnd);
  }

  it('#, ##, %, %%, / and //', () => {
    fc.assert(
      fc.property(fc.array(tok, { maxLength: 6 }), value, (ts, v) => {
        const pat = toWord(ts);
        if (pat.startsWith('#') || pat.startsWith('%')) return;
        const e = env({ V: v });
        for (const greedy of [false, true]) {
          const pre = new RegExp(`^(?:${toRe(ts, greedy)})`, 'u').exec(v);
          const expPrefix = pre ? v.slice(pre[0].length) : v;
          expect(expandWord(`\${V${greedy ? '##' : '#'}${pat}}`, e)).toBe(expPrefix);
          const suf = new RegExp(`^(?:${toRe([...ts].reverse(), greedy)})`, 'u').exec(rev(v));
          const expSuffix = suf ? rev(rev(v).slice(suf[0].length)) : v;
          expect(expandWord(`\${V${greedy ? '%%' : '%'}${pat}}`, e)).toBe(expSuffix);
        }
        const re = new RegExp(toRe(ts, true), 'u');
        const m = re.exec(v);
        const expFirst = m ? v.slice(0, m.index) + 'R' + v.slice(m.index + m[0].length) : v;
        if (pat === '') return; // `${V//R}` would parse as `//` without a replacement
        expect(expandWord(`\${V/${pat}/R}`, e)).toBe(expFirst);
        expect(expandWord(`\${V//${pat}/R}`, e)).toBe(goReplaceAll(re, v, 'R'));
      }),
      { numRuns: 5000 },
    );
  });
});
