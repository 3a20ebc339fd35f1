import type { Formatter } from './types.js';

/** Stable machine-readable output: one object per finding, 1-based positions. */
export const json: Formatter = (diagnostics) =>
  `${JSON.stringify(
    diagnostics.map((d) => ({
      file: d.file,
      line: d.start.line,
      column: d.start.column,
      endLine: d.end.line,
      endColumn: d.end.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.fix ? { fix: d.fix } : {}),
    })),
    null,
    2,
  )}\n`;
