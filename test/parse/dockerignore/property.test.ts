import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  createMatcher,
  goClean,
  parseDockerignore,
} from '../../../src/parse/dockerignore/index.js';

// Small alphabets so random patterns and paths actually interact.
const patternChar = fc.constantFrom(
  'a',
  'b',
  '.',
  '/',
  '*',
  '**',
  '?',
  '[',
  ']',
  '^',
  '-',
  '\\',
  '!',
  ' ',
  '$',
  '(',
  '{',
  ':',
  'd',
  'x',
  '0',
  'é',
  '😀',
);
const pattern = fc.array(patternChar, { maxLength: 14 }).map((a) => a.join(''));
const segment = fc.array(fc.constantFrom('a', 'b', '.', 'x', '-', '^', '[', 'é', '😀', '\n'), {
  minLength: 1,
  maxLength: 5,
});
const path = fc
  .array(segment, { minLength: 1, maxLength: 6 })
  .map((segs) => segs.map((s) => s.join('')).join('/'));

describe('property: never throws, always terminates', () => {
  it('compiling and matching random patterns against random paths', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 6 }),
        fc.array(path, { maxLength: 6 }),
        (patterns, paths) => {
          const m = createMatcher(patterns);
          for (const p of paths) {
            const a = m.matches(p);
            const b = m.matchesOrParentMatches(p);
            expect(typeof a).toBe('boolean');
            expect(typeof b).toBe('boolean');
            m.excludesDirEntirely(p);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parsing random files', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pattern, fc.constant('#c'), fc.constant('\r')), { maxLength: 10 }),
        (lines) => {
          const f = parseDockerignore(lines.join('\n'));
          for (const d of f.diagnostics) {
            expect(d.range.start).toBeLessThanOrEqual(d.range.end);
            expect(d.start.line).toBeGreaterThanOrEqual(1);
          }
          for (const p of f.patterns) expect(f.source.slice(p.range)).toBe(p.text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a literal line excludes its path and `!` of the same line re-includes it', () => {
    fc.assert(
      fc.property(path, (p) => {
        const clean = p.replace(/\n/g, '');
        fc.pre(!/[*?[\]\\^]/.test(clean) && !/^[!/]/.test(clean) && goClean(clean) !== '.');
        expect(createMatcher(parseDockerignore(`${clean}\n`).patterns).matches(clean)).toBe(true);
        expect(createMatcher(parseDockerignore(`${clean}\n!${clean}\n`).patterns).matches(clean)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('no catastrophic backtracking', () => {
  const time = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };

  it('a chain of ** against a long near-miss path is linear', () => {
    const c = compilePattern('**/**/**/**/**/**/**/**/**/**/a');
    expect(c.ok).toBe(true);
    if (c.ok !== true) return;
    expect(c.compiled.kind).toBe('regexp');
    const miss = `${'x/'.repeat(5000)}b`;
    const hit = `${'x/'.repeat(5000)}a`;
    const ms = time(() => {
      for (let i = 0; i < 20; i++) {
        expect(c.compiled.test(miss)).toBe(false);
        expect(c.compiled.test(hit)).toBe(true);
      }
    });
    expect(ms).toBeLessThan(2000);
  });

  it('many stars in one segment and ** with ? stay fast', () => {
    const patterns = ['a*a*a*a*a*a*a*a*a*a*a*a*b', '**/a**/a**/a**/a**/a**/?b', `${'*'.repeat(60)}b`];
    const subject = 'a'.repeat(20_000);
    for (const p of patterns) {
      const c = compilePattern(p);
      if (c.ok !== true) throw new Error(p);
      const ms = time(() => expect(c.compiled.test(subject)).toBe(false));
      expect(ms, p).toBeLessThan(1000);
    }
  });

  it('a deep path under a pathological .dockerignore matches quickly through the matcher', () => {
    const m = createMatcher(['**/**/**/**/**/**/**/**/**/**/a', '!**/**/**/**/**/**/**/**/**/**/b/**']);
    const deep = `${Array.from({ length: 300 }, (_, i) => `d${i}`).join('/')}/a`;
    const ms = time(() => {
      expect(m.matches(deep)).toBe(true);
      expect(m.matchesOrParentMatches(deep)).toBe(true);
    });
    expect(ms).toBeLessThan(2000);
  });
});
