import type { Diagnostic } from '../../core/diagnostic.js';
import type { Formatter } from './types.js';

/** One finding of `--format json` (schema version 1, documented in docs/json-output.md). */
export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fix?: {
    readonly kind: 'safe' | 'unsafe';
    readonly description?: string;
    readonly edits: readonly { readonly range: readonly [number, number]; readonly text: string }[];
  };
  readonly sources: readonly string[];
  readonly hint?: string;
}

export function toJsonFinding(d: Diagnostic): JsonFinding {
  return {
    ruleId: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.start.line,
    column: d.start.column,
    endLine: d.end.line,
    endColumn: d.end.column,
    ...(d.fix
      ? {
          fix: {
            kind: d.fix.kind,
            ...(d.fix.description ? { description: d.fix.description } : {}),
            edits: d.fix.edits.map((e) => ({ range: [e.range.start, e.range.end] as const, text: e.text })),
          },
        }
      : {}),
    sources: [...(d.sources ?? [])],
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

/** The stable machine interface: a JSON array of findings, 1-based positions, end exclusive. */
export const json: Formatter = (diagnostics) =>
  `${JSON.stringify(diagnostics.map(toJsonFinding), null, 2)}\n`;
