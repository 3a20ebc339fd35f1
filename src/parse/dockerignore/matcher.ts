import { goClean, goDir } from './go-path.js';
import { type CompiledPattern, compilePattern, type PatternProblem } from './pattern.js';

/**
 * Per-pattern results for a directory, handed to its children so they do not
 * re-test patterns an ancestor already matched (patternmatcher's `MatchInfo`).
 */
export interface MatchInfo {
  readonly parentMatched: Uint8Array;
}

export interface MatchResult {
  /** True when the path is excluded from the build context. */
  readonly excluded: boolean;
  readonly info: MatchInfo;
}

/** A pattern string `createMatcher` could not compile (Docker would fail the build). */
export interface MatcherError {
  /** Index into the list given to `createMatcher`. */
  readonly index: number;
  readonly input: string;
  readonly problem: PatternProblem;
}

export interface IgnoreMatcher {
  /** The active patterns, in order (blank inputs and malformed ones are left out). */
  readonly patterns: readonly CompiledPattern[];
  /** Malformed inputs. Docker refuses the whole list when this is non-empty; we match with the rest. */
  readonly errors: readonly MatcherError[];
  /** True when at least one `!` exception is present. */
  readonly hasExclusions: boolean;
  /**
   * fsutil's `onlyPrefixExcludeExceptions`: no exception (after dropping a trailing
   * `/**` or `/*`) contains any of `*[]?^\`. Only then does BuildKit skip excluded
   * directories without descending into them.
   */
  readonly onlyPrefixExceptions: boolean;
  /**
   * Is this slash-separated, context-relative path excluded? Uses the results of
   * its ancestors exactly like BuildKit's walker (`MatchesUsingParentResults`
   * along the path), so a child of an excluded directory stays excluded unless
   * a later `!` pattern re-includes it. The path is `filepath.Clean`ed; `.` is
   * never excluded.
   */
  matches(path: string): boolean;
  /** `MatchesUsingParentResults`: one step of a walk, given the parent directory's info. */
  matchWithParent(path: string, parent?: MatchInfo): MatchResult;
  /** patternmatcher's `MatchesOrParentMatches` (each pattern tried on the path and every ancestor). */
  matchesOrParentMatches(path: string): boolean;
  /** patternmatcher's `MatchesExact`: no parent-directory logic at all. */
  matchesExact(path: string): boolean;
  /**
   * True when `dir` is excluded and BuildKit would not descend into it because no
   * exception could re-include anything beneath it (fsutil's SkipDir rule). When
   * false for an excluded directory, a walker must descend and test each entry.
   */
  excludesDirEntirely(dir: string): boolean;
}

const FSUTIL_PATTERN_CHARS = /[*[\]?^\\]/;

/** fsutil's `patternWithoutTrailingGlob`. */
export function patternWithoutTrailingGlob(pattern: string): string {
  let p = pattern;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

export function createMatcher(input: readonly (string | CompiledPattern)[]): IgnoreMatcher {
  const patterns: CompiledPattern[] = [];
  const errors: MatcherError[] = [];
  input.forEach((item, index) => {
    if (typeof item !== 'string') {
      patterns.push(item);
      return;
    }
    const r = compilePattern(item);
    if (r.ok === true) patterns.push(r.compiled);
    else if (r.ok === false) errors.push({ index, input: item, problem: r.problem });
  });
  return new Matcher(patterns, errors);
}

class Matcher implements IgnoreMatcher {
  readonly hasExclusions: boolean;
  readonly onlyPrefixExceptions: boolean;
  readonly #exceptionPrefixes: string[];
  // Ancestor chain of the previous `matches` call, reused when paths arrive in walk order.
  #chainKeys: string[] = [];
  #chainInfos: MatchInfo[] = [];

  constructor(
    readonly patterns: readonly CompiledPattern[],
    readonly errors: readonly MatcherError[],
  ) {
    const exceptions = patterns.filter((p) => p.exclusion);
    this.hasExclusions = exceptions.length > 0;
    this.onlyPrefixExceptions = !exceptions.some((p) =>
      FSUTIL_PATTERN_CHARS.test(patternWithoutTrailingGlob(p.pattern)),
    );
    this.#exceptionPrefixes = exceptions.map((p) => `${patternWithoutTrailingGlob(p.pattern)}/`);
  }

  matchWithParent(path: string, parent?: MatchInfo): MatchResult {
    const pats = this.patterns;
    const parentMatched = parent && parent.parentMatched.length > 0 ? parent.parentMatched : undefined;
    if (parentMatched && parentMatched.length !== pats.length) {
      throw new RangeError('MatchInfo comes from a different matcher');
    }
    const info = new Uint8Array(pats.length);
    let matched = false;
    let parentDirs: string[] | undefined;
    for (let i = 0; i < pats.length; i++) {
      const p = pats[i]!;
      let m = parentMatched ? parentMatched[i] === 1 : false;
      if (!m) {
        // An inclusion cannot change an already-excluded path and an exception
        // cannot change an included one, so those are not evaluated (nor recorded).
        if (p.exclusion !== matched) continue;
        m = p.test(path);
        if (!m && !parentMatched) {
          parentDirs ??= ancestorsOf(path);
          for (const dir of parentDirs) {
            if (p.test(dir)) {
              m = true;
              break;
            }
          }
        }
      }
      if (m) {
        info[i] = 1;
        matched = !p.exclusion;
      }
    }
    return { excluded: matched, info: { parentMatched: info } };
  }

  matches(path: string): boolean {
    const file = goClean(path);
    if (file === '.') return false;
    const ancestors = ancestorsOf(file);
    const keys = this.#chainKeys;
    const infos = this.#chainInfos;
    let info: MatchInfo | undefined;
    for (let i = 0; i < ancestors.length; i++) {
      const key = ancestors[i]!;
      if (keys[i] === key) {
        info = infos[i];
        continue;
      }
      keys.length = i;
      infos.length = i;
      info = this.matchWithParent(key, info).info;
      keys.push(key);
      infos.push(info);
    }
    return this.matchWithParent(file, info).excluded;
  }

  matchesOrParentMatches(path: string): boolean {
    const file = goClean(path);
    if (file === '.') return false;
    let matched = false;
    let parentDirs: string[] | undefined;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) continue;
      let m = p.test(file);
      if (!m) {
        parentDirs ??= ancestorsOf(file);
        m = parentDirs.some((d) => p.test(d));
      }
      if (m) matched = !p.exclusion;
    }
    return matched;
  }

  matchesExact(path: string): boolean {
    let matched = false;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) continue;
      if (p.test(path)) matched = !p.exclusion;
    }
    return matched;
  }

  excludesDirEntirely(dir: string): boolean {
    const clean = goClean(dir);
    if (clean === '.' || !this.matches(clean)) return false;
    return this.skipsExcludedDir(clean);
  }

  /** fsutil's decision for a directory already known to be excluded. */
  skipsExcludedDir(dir: string): boolean {
    if (!this.onlyPrefixExceptions) return false;
    if (!this.hasExclusions) return true;
    const dirSlash = `${dir}/`;
    return !this.#exceptionPrefixes.some((p) => p.startsWith(dirSlash));
  }
}

/**
 * The prefixes `filepath.Dir(path)` splits into, as patternmatcher tries them
 * ("a", "a/b", …).
 */
function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  if (path.charCodeAt(0) !== 47 && goClean(path) === path) {
    // Relative and clean: the prefixes end just before each '/'.
    for (let j = path.indexOf('/'); j >= 0; j = path.indexOf('/', j + 1)) out.push(path.slice(0, j));
    return out;
  }
  const dir = goDir(path);
  if (dir === '.') return out;
  const parts = dir.split('/');
  let key = '';
  for (let i = 0; i < parts.length; i++) {
    key = i === 0 ? parts[0]! : `${key}/${parts[i]}`;
    out.push(key);
  }
  return out;
}

/** Internal view used by the context walker. */
export function skipsExcludedDir(m: IgnoreMatcher, dir: string): boolean {
  return m instanceof Matcher ? m.skipsExcludedDir(dir) : m.excludesDirEntirely(dir);
}
