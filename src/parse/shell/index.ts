/**
 * Shell parsing for RUN instructions: parsed once, shared by every rule.
 *
 * ```ts
 * const script = parseShell(run.command); // string or MappedText
 * for (const cmd of script.find('apt-get', 'install')) {
 *   if (!cmd.hasFlag('--no-install-recommends')) report(cmd.sourceRange);
 * }
 * if (script.hasPipe()) …
 * ```
 */
export * from './ast.js';
export type { CommandContext, CommandOrigin, ParsedOption, Wrapper } from './command.js';
export { parseOptions, ShellCommand, stripWrappers } from './command.js';
export type { ShellDiagnostic, ShellDialect } from './diagnostics.js';
export type { MappedText, ParseShellOptions, PipelineInfo } from './script.js';
export { parseShell, ShellScript } from './script.js';
export type { ToolSpec, WrapperSpec } from './tools.js';
export { TOOL_SPECS, toolSpec, WRAPPERS } from './tools.js';
export { hasExpansion, hasGlob, isQuoted, staticPrefix, staticValue, valueWithOffsets } from './words.js';
