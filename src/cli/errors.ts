import { DockwrightError, InputError, ParseError } from '../core/errors.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './io.js';

const REPORT_URL = 'https://github.com/dockwright/dockwright/issues';

/** Print an expected error like a compiler would: place, message, hint. */
export function printError(error: unknown, out: Output): number {
  const c = out.color;
  if (error instanceof ParseError) {
    out.err(
      `${c.bold(`${error.file}:${error.position.line}:${error.position.column}`)}: ${c.red('error')}: ${error.message}`,
    );
    if (error.lineText !== undefined) {
      out.err(`  ${error.lineText}`);
      out.err(`  ${' '.repeat(Math.max(0, error.position.column - 1))}${c.red('^')}`);
    }
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  if (error instanceof InputError) {
    out.err(`${error.file ? `${c.bold(error.file)}: ` : 'dockwright: '}${c.red('error')}: ${error.message}`);
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  if (error instanceof DockwrightError) {
    out.err(`dockwright: ${c.red('error')}: ${error.message}`);
    if (error.hint) out.err(`  ${c.dim('hint:')} ${error.hint}`);
    return ExitCode.UsageOrInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.err(`dockwright: ${c.red('internal error')}: ${message}`);
  if (out.debug && error instanceof Error && error.stack) out.err(error.stack);
  else
    out.err(
      `  ${c.dim('hint:')} this is a bug in dockwright; rerun with --debug and report it at ${REPORT_URL}`,
    );
  return ExitCode.Internal;
}
