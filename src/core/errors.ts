import type { Position, Range, SourceFile } from './source.js';

/**
 * Base for every error dockwright expects to happen (bad input, bad usage).
 * The CLI prints these like a compiler would and exits 2; anything else is a bug.
 */
export class DockwrightError extends Error {
  override readonly name: string = 'DockwrightError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A problem in the command line itself. */
export class UsageError extends DockwrightError {
  override readonly name = 'UsageError';
}

/** A file or input that cannot be read or is not what it must be. */
export class InputError extends DockwrightError {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** A syntax error with a place: file, range and the 1-based position of its start. */
export class ParseError extends DockwrightError {
  override readonly name = 'ParseError';
  constructor(
    message: string,
    readonly file: string,
    readonly range: Range,
    readonly position: Position,
    hint?: string,
    /** Machine-readable kind, e.g. `dockerfile/unterminated-heredoc`. */
    readonly code = 'parse-error',
    /** The offending source line, for a compiler-style code frame. */
    readonly lineText?: string,
  ) {
    super(message, hint);
  }

  static at(source: SourceFile, range: Range, message: string, code?: string, hint?: string): ParseError {
    const position = source.positionAt(range.start);
    return new ParseError(message, source.path, range, position, hint, code, source.lineText(position.line));
  }

  /** `file:line:col: message`, the form every editor and CI log understands. */
  get located(): string {
    return `${this.file}:${this.position.line}:${this.position.column}: ${this.message}`;
  }
}
