/** LSP positions: 0-based line, 0-based UTF-16 code unit within the line (JS string indices are UTF-16 already). */
export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

/** Line starts of a text, with the same line breaks as `SourceFile` and LSP: `\n`, `\r\n` and a lone `\r`. */
export class LineIndex {
  readonly starts: readonly number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) starts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  positionAt(offset: number): LspPosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo]! };
  }

  /** The end of a line's content, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    let end = next ?? this.text.length;
    if (next !== undefined) {
      if (this.text.charCodeAt(end - 1) === 10) end--;
      if (this.text.charCodeAt(end - 1) === 13) end--;
    }
    return end;
  }

  /** A position past the end of its line clamps to the line's end; past the last line, to the text's end. */
  offsetAt(position: LspPosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  rangeOf(start: number, end: number): LspRange {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

export interface ContentChange {
  readonly range?: LspRange;
  readonly text: string;
}

/** Apply `didChange` content changes in order (full text when a change has no range). */
export function applyContentChanges(text: string, changes: readonly ContentChange[]): string {
  let current = text;
  for (const change of changes) {
    if (!change.range) {
      current = change.text;
      continue;
    }
    const index = new LineIndex(current);
    const start = index.offsetAt(change.range.start);
    const end = Math.max(start, index.offsetAt(change.range.end));
    current = current.slice(0, start) + change.text + current.slice(end);
  }
  return current;
}
