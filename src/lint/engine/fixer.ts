import type { Fix, TextEdit } from '../../core/diagnostic.js';

export interface ApplyResult {
  readonly output: string;
  readonly applied: number;
  readonly skipped: number;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  if (a.range.start === a.range.end && b.range.start === b.range.end) return a.range.start === b.range.start;
  return a.range.start < b.range.end && b.range.start < a.range.end;
}

/**
 * Apply fixes in one pass. A fix is all-or-nothing: when any of its edits overlaps an edit
 * already accepted, the whole fix waits for the next pass (after re-linting).
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const ordered = [...fixes].sort(
    (a, b) => Math.min(...a.edits.map((e) => e.range.start)) - Math.min(...b.edits.map((e) => e.range.start)),
  );
  const accepted: TextEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const fix of ordered) {
    if (fix.edits.length === 0 || fix.edits.some((e) => accepted.some((a) => overlaps(a, e)))) {
      skipped++;
      continue;
    }
    accepted.push(...fix.edits);
    applied++;
  }
  accepted.sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let output = text;
  for (const edit of accepted)
    output = output.slice(0, edit.range.start) + edit.text + output.slice(edit.range.end);
  return { output, applied, skipped };
}
