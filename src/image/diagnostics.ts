import type { Diagnostic, Severity } from '../core/diagnostic.js';

/** Image findings have no text position: they point at the image (file), line 1 column 1. */
export function imageDiagnostic(
  file: string,
  code: string,
  severity: Severity,
  message: string,
  hint?: string,
  sources?: readonly string[],
): Diagnostic {
  return {
    file,
    range: { start: 0, end: 0 },
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    severity,
    message,
    code,
    ...(hint ? { hint } : {}),
    ...(sources?.length ? { sources } : {}),
  };
}
