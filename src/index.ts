/**
 * dockwright as a library: every capability the CLI has, as typed functions.
 * Layers: core ← parse ← lint (← detect, generate, image, engine in later releases).
 */
export * from './core/index.js';
export * from './parse/dockerfile/index.js';
export * from './parse/dockerignore/index.js';
export {
  parseShell,
  ShellCommand,
  ShellScript,
  type ParsedOption,
  type ShellDiagnostic,
  type Wrapper,
} from './parse/shell/index.js';
export * from './lint/engine/index.js';
export { dockerfileRules } from './lint/rules/dockerfile/index.js';
export { formatters, type Formatter, type FormatOptions } from './lint/formatters/index.js';
