/**
 * `.dockerignore` with Docker's exact semantics (moby/patternmatcher +
 * ignorefile.ReadAll, and BuildKit/fsutil's directory walk).
 */
export {
  type BuildContextOptions,
  type BuildContextSummary,
  type ContextEntry,
  type ContextEntryType,
  type ContextWalkProblem,
  type DirectoryTotal,
  listBuildContext,
  loadContextIgnore,
  summarizeBuildContext,
} from './context.js';
export { checkGlobSyntax, type GlobSyntaxError, goClean } from './go-path.js';
export { GoRegexp, GoRegexpError } from './go-regexp.js';
export {
  createMatcher,
  type IgnoreMatcher,
  type MatcherError,
  type MatchInfo,
  type MatchResult,
  patternWithoutTrailingGlob,
} from './matcher.js';
export {
  BAD_PATTERN,
  type DockerignoreFile,
  type IgnorePattern,
  LINE_TOO_LONG,
  parseDockerignore,
  readAllPatterns,
} from './parse.js';
export {
  type CompiledPattern,
  type CompileResult,
  compilePattern,
  type MatchKind,
  type PatternProblem,
  translateGlob,
} from './pattern.js';
