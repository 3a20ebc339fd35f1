/** A half-open character range [start, end) into a source text (UTF-16 offsets). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column, as compilers and editors print them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function range(start: number, end: number): Range {
  return { start, end };
}

/**
 * Source text with a lazily built line table, so offsets convert to
 * line/column in O(log lines) without every parser tracking lines itself.
 */
export class SourceFile {
  #lineStarts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  get lineStarts(): readonly number[] {
    if (!this.#lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10 /* \n */) starts.push(i + 1);
        else if (ch === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - starts[lo]! + 1 };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    const lineIndex = Math.max(0, Math.min(position.line - 1, starts.length - 1));
    return Math.min(starts[lineIndex]! + Math.max(0, position.column - 1), this.text.length);
  }

  slice(r: Range): string {
    return this.text.slice(r.start, r.end);
  }

  /** Text of a 1-based line without its terminator. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    let end = next ?? this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }
}
