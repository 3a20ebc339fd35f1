import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BAD_PATTERN,
  checkGlobSyntax,
  compilePattern,
  goClean,
  parseDockerignore,
  readAllPatterns,
  translateGlob,
} from '../../../src/parse/dockerignore/index.js';

describe('parseDockerignore: ReadAll normalisation', () => {
  it('keeps Docker’s cleaning rules and records where each pattern came from', () => {
    const text =
      '\ufeffnode_modules\r\n# comment\n  #not-a-comment  \n\n! /keep/../keep.txt \t\n/abs/./path/\n./rel\n';
    const f = parseDockerignore(text);
    expect(f.diagnostics).toEqual([]);
    expect(f.patterns.map((p) => [p.line, p.normalized, p.pattern, p.exclusion])).toEqual([
      [1, 'node_modules', 'node_modules', false],
      [3, '#not-a-comment', '#not-a-comment', false],
      [5, '!keep.txt', 'keep.txt', true],
      [6, 'abs/path', 'abs/path', false],
      [7, 'rel', 'rel', false],
    ]);
    const keep = f.patterns[2]!;
    expect(keep.text).toBe('! /keep/../keep.txt \t');
    expect(f.source.slice(keep.range)).toBe('! /keep/../keep.txt \t');
    expect(f.source.slice(keep.valueRange)).toBe('! /keep/../keep.txt');
    expect(f.source.positionAt(keep.valueRange.start)).toEqual({ line: 5, column: 1 });
    // BOM is not part of line 1; CR is not part of the line.
    expect(f.source.slice(f.patterns[0]!.range)).toBe('node_modules');
    const comment = f.patterns[1]!;
    expect(f.source.positionAt(comment.valueRange.start)).toEqual({ line: 3, column: 3 });
  });

  it('agrees with readAllPatterns on the normalised lines', () => {
    const text = 'a\n/b\n!c\n! /d\n**/e/\n.\n/\n';
    expect(parseDockerignore(text).patterns.map((p) => p.normalized)).toEqual(readAllPatterns(text));
    expect(readAllPatterns(text)).toEqual(['a', 'b', '!c', '!d', '**/e', '.', '/']);
  });

  it('only a # in the first column starts a comment; a lone CR does not end a line', () => {
    expect(readAllPatterns('#x\n #y\nfoo\rbar\n')).toEqual(['#y', 'foo\rbar']);
  });

  it('uses Go whitespace rules (U+FEFF mid-file is not trimmed, NBSP is)', () => {
    expect(readAllPatterns('a\n\ufeffb\n\u00a0c\u00a0\n')).toEqual(['a', '\ufeffb', 'c']);
  });
});

describe('parseDockerignore: diagnostics', () => {
  it('reports a bad character class at its column, and keeps going', () => {
    const f = parseDockerignore('ok\nfoo[-x]\nalso-ok\n', 'ctx/.dockerignore');
    expect(f.patterns.map((p) => p.pattern)).toEqual(['ok', 'also-ok']);
    expect(f.diagnostics).toHaveLength(1);
    const d = f.diagnostics[0]!;
    expect(d).toMatchObject({ code: BAD_PATTERN, severity: 'error', file: 'ctx/.dockerignore' });
    expect(d.start).toEqual({ line: 2, column: 5 });
    expect(d.message).toMatch(/syntax error in pattern/);
    expect(d.hint).toBeDefined();
  });

  it('points at an unclosed [ and at a trailing backslash', () => {
    const a = parseDockerignore('  src/[abc\n').diagnostics[0]!;
    expect(a.start).toEqual({ line: 1, column: 7 });
    const b = parseDockerignore('x\\\n').diagnostics[0]!;
    expect(b.start).toEqual({ line: 1, column: 2 });
  });

  it('falls back to the whole value when cleaning changed the text', () => {
    const f = parseDockerignore('/a/../[\n');
    const d = f.diagnostics[0]!;
    expect(f.source.slice(d.range)).toBe('/a/../[');
  });

  it('reports a bare ! (Docker: illegal exclusion pattern)', () => {
    const f = parseDockerignore('a\n  !  \n');
    expect(f.diagnostics).toHaveLength(1);
    expect(f.diagnostics[0]!.message).toMatch(/illegal exclusion pattern/);
    expect(f.diagnostics[0]!.start).toEqual({ line: 2, column: 3 });
  });

  it('reports patterns filepath.Match accepts but Go regexp rejects (moby/moby#52203)', () => {
    const f = parseDockerignore('[Local-Only]/\n');
    expect(f.patterns).toEqual([]);
    expect(f.diagnostics[0]!.message).toMatch(/regexp `\^\[Local-Only\]\$`.*invalid character class range/);
  });

  it('reports lines longer than bufio.Scanner accepts', () => {
    const f = parseDockerignore(`a\n${'x'.repeat(70_000)}\nb\n`);
    expect(f.patterns.map((p) => p.pattern)).toEqual(['a', 'b']);
    expect(f.diagnostics[0]!.code).toBe('dockerignore/line-too-long');
  });

  it('never throws on arbitrary text', () => {
    expect(() => parseDockerignore('[\n\\\n!\n[]a]\n[^\n\u0000\n**\\\n')).not.toThrow();
  });
});

describe('glob → Go regexp translation (patternmatcher compileTests)', () => {
  const cases: [string, string, string?][] = [
    ['*', 'regexp', '^[^/]*$'],
    ['file*', 'regexp', '^file[^/]*$'],
    ['*file', 'regexp', '^[^/]*file$'],
    ['a*/b', 'regexp', '^a[^/]*/b$'],
    ['**', 'suffix'],
    ['**/**', 'regexp', '^(.*/)?.*$'],
    ['dir/**', 'prefix'],
    ['**/dir', 'suffix'],
    ['**/dir2/*', 'regexp', '^(.*/)?dir2/[^/]*$'],
    ['**/dir2/**', 'regexp', '^(.*/)?dir2/.*$'],
    ['**file', 'suffix'],
    ['**/file*txt', 'regexp', '^(.*/)?file[^/]*txt$'],
    ['**/**/*.txt', 'regexp', '^(.*/)?(.*/)?[^/]*\\.txt$'],
    ['a[b-d]e', 'regexp', '^a[b-d]e$'],
    ['.*', 'regexp', '^\\.[^/]*$'],
    ['abc.def', 'exact'],
    ['abc?def', 'regexp', '^abc[^/]def$'],
    ['**/foo/bar', 'suffix'],
    ['a(b)c/def', 'exact'],
    ['a.|)$(}+{bc', 'exact'],
  ];
  it.each(cases)('%s → %s %s', (pattern, kind, re) => {
    const t = translateGlob(goClean(pattern));
    expect(t.kind).toBe(kind);
    if (re) expect(t.regexp).toBe(re);
    const c = compilePattern(pattern);
    expect(c.ok).toBe(true);
    if (c.ok === true) expect(c.compiled.kind).toBe(kind);
  });
});

describe('Docker-specific quirks of the regexp route', () => {
  const test = (pattern: string, path: string) => {
    const c = compilePattern(pattern);
    if (c.ok !== true) throw new Error(`did not compile: ${pattern}`);
    return c.compiled.test(path);
  };
  it('backslash-letter escapes are Go regexp escapes, not literals', () => {
    expect(test('file\\d*', 'file7.txt')).toBe(true);
    expect(test('file\\d*', 'filed.txt')).toBe(false);
    expect(compilePattern('x\\e*').ok).toBe(false); // \e is not a Go escape
  });
  it('POSIX classes inside brackets work as in Go', () => {
    expect(test('[[:digit:]]*', '1abc')).toBe(true);
    expect(test('[[:digit:]]*', 'abc')).toBe(false);
    expect(compilePattern('[[:nope:]]').ok).toBe(false);
  });
  it('a ^ outside a class is a begin-of-text assertion once the regexp route is taken', () => {
    expect(test('a^b', 'a^b')).toBe(true); // plain text: exact match
    expect(test('a^b*', 'a^bc')).toBe(false); // regexp: can never match
  });
  it('? and * inside a class are rewritten before Go parses the class', () => {
    // `[a?]` becomes `^[a[^/]]$`: one of a [ ^ / followed by a literal ]
    expect(test('[a?]', 'a')).toBe(false);
    expect(test('[a?]', 'a]')).toBe(true);
    expect(test('[a?]', '/]')).toBe(true);
  });
  it('negated classes may match / (as in Go)', () => {
    expect(test('a[^b]c', 'a/c')).toBe(true);
  });
  it('. excludes newline inside ** but classes do not', () => {
    expect(test('**/x*', 'a\nb/xy')).toBe(false);
    expect(test('**', 'a\nb')).toBe(true); // suffix kind: plain string test
    expect(test('?', '\n')).toBe(true);
  });
  it('matches non-BMP characters as one character', () => {
    expect(test('a?b', 'a😀b')).toBe(true);
    expect(test('a??b', 'a😀b')).toBe(false);
  });
});

describe('checkGlobSyntax (filepath.Match ErrBadPattern)', () => {
  it.each([
    ['[]a]', true],
    ['[-]', true],
    ['[x-]', true],
    ['[a-b-c]', true],
    ['\\', true],
    ['a[', true],
    ['*[', true],
    ['a*b[c', true],
    ['[\\]a]', false],
    ['[x\\-]', false],
    ['a*[b]*c', false],
    ['[*]', false],
    ['[z-a]', false], // legal for filepath.Match (Go regexp then rejects it)
  ])('%s bad=%s', (pattern, bad) => {
    expect(checkGlobSyntax(pattern) !== undefined).toBe(bad);
  });
  it('[z-a] is then rejected by the regexp step', () => {
    expect(compilePattern('[z-a]').ok).toBe(false);
  });
});

describe('goClean (filepath.Clean)', () => {
  const reference = (p: string) => {
    if (p === '') return '.';
    const n = posix.normalize(p);
    return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
  };
  it.each([
    ['', '.'],
    ['a//b/', 'a/b'],
    ['./a/./b/..', 'a'],
    ['/../a', '/a'],
    ['../../a/..', '../..'],
    ['...', '...'],
    ['.a/..b', '.a/..b'],
    ['/', '/'],
  ])('%j → %j', (input, out) => {
    expect(goClean(input)).toBe(out);
  });
  it('agrees with a reference on random paths (fast path included)', () => {
    const seg = fc.constantFrom('', '.', '..', 'a', '.a', 'a.', '...', '!');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (segs) => {
        const p = segs.join('/');
        expect(goClean(p)).toBe(reference(p));
      }),
      { numRuns: 3000 },
    );
  });
});
