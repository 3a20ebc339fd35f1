import type { Range } from '../../core/source.js';

function isRange(v: unknown): v is Range {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Range).start === 'number' &&
    typeof (v as Range).end === 'number' &&
    Object.keys(v).length === 2
  );
}

/**
 * Rewrite, in place, every range in a freshly parsed sub-tree (used for
 * backquotes and `sh -c '…'`, which are parsed from unescaped text).
 * `map` takes an offset in the sub-parser's text to an offset in the outer text.
 */
export function remapRanges(node: object, map: (offset: number) => number): void {
  const rec = node as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (typeof v !== 'object' || v === null) continue;
    if (isRange(v)) {
      const start = map(v.start);
      const end = v.end > v.start ? map(v.end - 1) + 1 : start;
      rec[key] = { start, end: Math.max(start, end) };
    } else if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) remapRanges(item, map);
    } else {
      remapRanges(v, map);
    }
  }
}
