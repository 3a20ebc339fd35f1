import { describe, expect, it } from 'vitest';
import { createMatcher, parseDockerignore } from '../../../src/parse/dockerignore/index.js';

describe('createMatcher', () => {
  it('later patterns win and ! re-includes', () => {
    const m = createMatcher(['*.md', '!README.md', 'docs/**', '!docs/keep/**']);
    expect(m.matches('CHANGELOG.md')).toBe(true);
    expect(m.matches('README.md')).toBe(false);
    expect(m.matches('docs/a.txt')).toBe(true);
    expect(m.matches('docs/keep/a.txt')).toBe(false);
    expect(m.matches('src/x.md')).toBe(false); // * does not cross /
    expect(m.hasExclusions).toBe(true);
  });

  it('an excluded directory excludes everything beneath it', () => {
    const m = createMatcher(['node_modules', 'build/']);
    expect(m.matches('node_modules/a/b/c.js')).toBe(true);
    expect(m.matches('build/out.js')).toBe(true);
    expect(m.matches('src/node_modules/x')).toBe(false); // patterns are anchored at the context root
  });

  it('accepts parsed patterns as well as strings', () => {
    const f = parseDockerignore('**/*.log\n!important.log\n');
    const m = createMatcher(f.patterns);
    expect(m.matches('a/b/c.log')).toBe(true);
    expect(m.matches('important.log')).toBe(false);
  });

  it('cleans the queried path and never excludes the context root', () => {
    const m = createMatcher(['**']);
    expect(m.matches('.')).toBe(false);
    expect(m.matches('./a/../b')).toBe(true);
    expect(m.matches('')).toBe(false);
  });

  it('keeps matching with the valid patterns when one is malformed, and reports it', () => {
    const m = createMatcher(['a', '[', 'b']);
    expect(m.errors.map((e) => e.index)).toEqual([1]);
    expect(m.patterns.map((p) => p.pattern)).toEqual(['a', 'b']);
    expect(m.matches('b')).toBe(true);
  });

  it('follows BuildKit’s walk (MatchesUsingParentResults), which can differ from MatchesOrParentMatches', () => {
    // At "a" the exception is skipped (nothing excluded yet) and so not remembered;
    // at "a/b/c" it is tested against "a/b/c" alone. MatchesOrParentMatches
    // instead lets `!a` match the ancestor "a" and re-include the file.
    const m = createMatcher(['a/b', '!a']);
    expect(m.matches('a/b/c')).toBe(true);
    expect(m.matchesOrParentMatches('a/b/c')).toBe(false);
    // the walk API gives the same answer step by step
    const a = m.matchWithParent('a');
    const ab = m.matchWithParent('a/b', a.info);
    const abc = m.matchWithParent('a/b/c', ab.info);
    expect([a.excluded, ab.excluded, abc.excluded]).toEqual([false, true, true]);
  });

  it('reproduces patternmatcher.New cleaning before it strips `!` (raw strings only)', () => {
    // New: Clean("!./a") is "!./a", so the exception is "./a" and never matches.
    expect(createMatcher(['a', '!./a']).matches('a')).toBe(true);
    // A .dockerignore line goes through ReadAll first, which cleans after the `!`.
    expect(createMatcher(parseDockerignore('a\n!./a\n').patterns).matches('a')).toBe(false);
  });

  it('matchesExact ignores parents', () => {
    const m = createMatcher(['dir']);
    expect(m.matchesExact('dir/file')).toBe(false);
    expect(m.matches('dir/file')).toBe(true);
  });

  it('reuses ancestor results across calls without leaking them between unrelated paths', () => {
    const m = createMatcher(['a/x', '!a/x/keep']);
    expect(m.matches('a/x/y/z')).toBe(true);
    expect(m.matches('a/x/keep')).toBe(false);
    expect(m.matches('a/x/keep/deeper')).toBe(false);
    expect(m.matches('a/y/z')).toBe(false);
    expect(m.matches('a/x/y/z')).toBe(true);
  });
});

describe('excludesDirEntirely (fsutil SkipDir rule)', () => {
  it('skips an excluded directory when there are no exceptions', () => {
    const m = createMatcher(['node_modules', '*.log']);
    expect(m.excludesDirEntirely('node_modules')).toBe(true);
    expect(m.excludesDirEntirely('src')).toBe(false); // not excluded at all
  });

  it('descends when a literal exception lives beneath the directory', () => {
    const m = createMatcher(['vendor', '!vendor/keep/file.txt']);
    expect(m.onlyPrefixExceptions).toBe(true);
    expect(m.excludesDirEntirely('vendor')).toBe(false);
    expect(m.excludesDirEntirely('vendor/keep')).toBe(false);
    expect(m.excludesDirEntirely('vendor/other')).toBe(true);
  });

  it('a trailing /** or /* on the exception does not count as a wildcard', () => {
    const m = createMatcher(['build', '!build/keep/**']);
    expect(m.onlyPrefixExceptions).toBe(true);
    expect(m.excludesDirEntirely('build/other')).toBe(true);
    expect(m.excludesDirEntirely('build/keep')).toBe(false);
  });

  it('never skips once any exception has a wildcard (BuildKit must walk)', () => {
    const m = createMatcher(['node_modules', '!**/*.md']);
    expect(m.onlyPrefixExceptions).toBe(false);
    expect(m.excludesDirEntirely('node_modules')).toBe(false);
    expect(m.matches('node_modules/x/README.md')).toBe(false);
  });
});
