import { checkGlobSyntax, type GlobSyntaxError, goClean, goTrimSpace } from './go-path.js';
import { GoRegexp, GoRegexpError } from './go-regexp.js';

/**
 * How a pattern is matched, exactly as moby/patternmatcher decides it:
 * plain text is compared whole, `prefix/**` and `**suffix` use string tests,
 * everything else goes through a (Go) regular expression.
 */
export type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** One compiled `.dockerignore` pattern (what patternmatcher calls a `Pattern`). */
export interface CompiledPattern {
  /** The cleaned pattern without its `!`: patternmatcher's `cleanedPattern`. */
  readonly pattern: string;
  /** True for a `!` line: an exception that re-includes what it matches. */
  readonly exclusion: boolean;
  readonly kind: MatchKind;
  /** The Go regexp Docker compiles for this pattern (`regexp` kind only). */
  readonly regexpSource?: string;
  /** Does this single pattern match the slash-separated path (no parent logic)? */
  test(path: string): boolean;
}

/** Why a pattern was rejected; `offset` is into `pattern` when the problem has a precise place. */
export interface PatternProblem {
  readonly message: string;
  readonly offset?: number;
  readonly hint?: string;
}

export type CompileResult =
  | { readonly ok: true; readonly compiled: CompiledPattern }
  | {
      readonly ok: false;
      readonly problem: PatternProblem;
      readonly pattern: string;
      readonly exclusion: boolean;
    }
  | { readonly ok: 'skip' };

const SHOULD_ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** patternmatcher's glob→regexp rewrite: returns the match kind and the regexp text. */
export function translateGlob(pattern: string): { kind: MatchKind; regexp: string } {
  let re = '^';
  let kind: MatchKind = 'exact';
  const chars = Array.from(pattern);
  let k = 0;
  for (let iter = 0; k < chars.length; iter++) {
    const ch = chars[k++]!;
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        // `**/` is treated as `**`
        if (chars[k] === '/') k++;
        if (k >= chars.length) {
          // `**` at the end: accept everything (like .gitignore)
          if (kind === 'exact') kind = 'prefix';
          else {
            re += '.*';
            kind = 'regexp';
          }
        } else {
          // any number of directories, including none
          re += '(.*/)?';
          kind = 'regexp';
        }
        if (iter === 0) kind = 'suffix';
      } else {
        re += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      kind = 'regexp';
    } else if (SHOULD_ESCAPE.has(ch)) {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      if (k < chars.length) {
        re += `\\${chars[k++]}`;
        kind = 'regexp';
      } else re += '\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      kind = 'regexp';
    } else re += ch;
  }
  if (kind === 'regexp') re += '$';
  return { kind, regexp: re };
}

function globProblem(err: GlobSyntaxError): PatternProblem {
  return {
    message: `syntax error in pattern: ${err.message}`,
    offset: err.offset,
    hint: 'Docker rejects the whole .dockerignore (the build fails) when one pattern is malformed.',
  };
}

/**
 * Compile one pattern string the way `patternmatcher.New` does: trim, `filepath.Clean`,
 * strip `!`, check `filepath.Match` syntax, then build the matcher. Also reports the
 * patterns `filepath.Match` accepts but Go's regexp compiler rejects (Docker fails
 * those when it first evaluates them).
 */
export function compilePattern(input: string): CompileResult {
  let p = goTrimSpace(input);
  if (p === '') return { ok: 'skip' };
  p = goClean(p);
  let exclusion = false;
  if (p[0] === '!') {
    if (p.length === 1) {
      return {
        ok: false,
        pattern: '',
        exclusion: true,
        problem: {
          message: 'illegal exclusion pattern: "!"',
          hint: 'A `!` needs a pattern after it, e.g. `!keep-me.txt`.',
        },
      };
    }
    exclusion = true;
    p = p.slice(1);
  }
  const syntax = checkGlobSyntax(p);
  if (syntax) return { ok: false, pattern: p, exclusion, problem: globProblem(syntax) };

  const { kind, regexp } = translateGlob(p);
  const pattern = p;
  let test: (path: string) => boolean;
  switch (kind) {
    case 'exact':
      test = (path) => path === pattern;
      break;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      test = (path) => path.startsWith(prefix);
      break;
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      const bare = suffix.startsWith('/') ? suffix.slice(1) : undefined;
      test = (path) => path.endsWith(suffix) || path === bare;
      break;
    }
    case 'regexp': {
      let re: GoRegexp;
      try {
        re = GoRegexp.compile(regexp);
      } catch (e) {
        if (!(e instanceof GoRegexpError)) throw e;
        return {
          ok: false,
          pattern: p,
          exclusion,
          problem: {
            message: `syntax error in pattern: Docker compiles it to the regexp \`${regexp}\`, which Go rejects (${e.message.replace(/ in `.*`$/s, '')})`,
            hint: 'Backslash escapes and `[...]` classes are passed to Go regexp unchanged; escape only punctuation.',
          },
        };
      }
      test = (path) => re.test(path);
      break;
    }
  }
  const compiled: CompiledPattern =
    kind === 'regexp'
      ? { pattern, exclusion, kind, regexpSource: regexp, test }
      : { pattern, exclusion, kind, test };
  return { ok: true, compiled };
}
