/**
 * dockwright as a library: every capability the CLI has, as typed functions.
 * Layers: core ← parse ← lint (← detect, generate, image, engine in later releases).
 */
export * from './core/index.js';
export * from './detect/index.js';
export * as explain from './explain/index.js';
export * as generate from './generate/index.js';
export * as image from './image/index.js';
export { classifyFile, discoverLintTargets, type LintFileKind, type LintTarget } from './lint/discover.js';
export * from './lint/engine/compose.js';
export * from './lint/engine/index.js';
export { type FormatOptions, type Formatter, formatters } from './lint/formatters/index.js';
export {
  type FileReport,
  type FixMode,
  type LintFilesOptions,
  type LintFilesResult,
  lintFiles,
} from './lint/lint-files.js';
export { composeRules } from './lint/rules/compose/index.js';
export { dockerfileRules } from './lint/rules/dockerfile/index.js';
export * as migrate from './migrate/index.js';
export { type DotenvResult, parseDotenv } from './parse/compose/dotenv.js';
export * from './parse/compose/index.js';
export {
  InterpolationError,
  interpolate as interpolateCompose,
  type Lookup,
  referencedVariables as composeVariables,
} from './parse/compose/interpolate.js';
export * from './parse/dockerfile/index.js';
export * from './parse/dockerignore/index.js';
export {
  type ParsedOption,
  parseShell,
  ShellCommand,
  type ShellDiagnostic,
  ShellScript,
  type Wrapper,
} from './parse/shell/index.js';
