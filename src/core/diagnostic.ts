import type { Position, Range } from './source.js';

export type Severity = 'error' | 'warning' | 'info' | 'style';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1, style: 0 };

/** A text edit expressed as data: replace `range` with `text`. */
export interface TextEdit {
  readonly range: Range;
  readonly text: string;
}

export interface Fix {
  readonly kind: 'safe' | 'unsafe';
  readonly description?: string;
  readonly edits: readonly TextEdit[];
}

/** The one shape every finding takes: lint rules, parse problems, image analyses. */
export interface Diagnostic {
  readonly file: string;
  readonly range: Range;
  readonly start: Position;
  readonly end: Position;
  readonly severity: Severity;
  readonly message: string;
  /** Rule id, or a parser code such as `dockerfile/unknown-instruction`. */
  readonly code: string;
  /** The rule's message key, for tests and tools that match on kind rather than text. */
  readonly messageId?: string;
  readonly hint?: string;
  readonly fix?: Fix;
  /** Equivalent checks in other tools (`hadolint:DL3008`, `buildkit:JSONArgsRecommended`, …). */
  readonly sources?: readonly string[];
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.start.line - b.start.line ||
    a.start.column - b.start.column ||
    a.code.localeCompare(b.code)
  );
}
