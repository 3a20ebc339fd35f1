import type { Range } from '../../core/index.js';

/**
 * Text assembled from pieces of a source file (a logical Dockerfile line with its
 * continuations and comment lines removed, a heredoc body, a command) together with
 * the way back: every offset into `text` maps to an offset into the source.
 */
export class MappedText {
  readonly #textStarts: readonly number[];
  readonly #sourceStarts: readonly number[];

  /**
   * @param text the assembled text
   * @param textStarts ascending offsets into `text` where a contiguous source piece begins (first is 0)
   * @param sourceStarts source offset of each piece's first character
   */
  constructor(
    readonly text: string,
    textStarts: readonly number[],
    sourceStarts: readonly number[],
  ) {
    this.#textStarts = textStarts;
    this.#sourceStarts = sourceStarts;
  }

  /** A mapped text that is one contiguous slice of the source. */
  static contiguous(text: string, sourceStart: number): MappedText {
    return new MappedText(text, [0], [sourceStart]);
  }

  #piece(offset: number): number {
    const starts = this.#textStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Source offset of `offset` in `text`. With `end` set, `offset` is read as an exclusive
   * end: it maps to just after the source character before it, so a range never
   * swallows the continuation or comment lines that follow its last character.
   */
  toSource(offset: number, end = false): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    if (end && o > 0) return this.toSource(o - 1) + 1;
    const k = this.#piece(o);
    return this.#sourceStarts[k]! + (o - this.#textStarts[k]!);
  }

  /** Source range of the half-open text range [start, end). */
  rangeToSource(start: number, end: number): Range {
    const s = this.toSource(start);
    return { start: s, end: end > start ? this.toSource(end, true) : s };
  }

  /** Source range covering the whole text. */
  get range(): Range {
    return this.rangeToSource(0, this.text.length);
  }

  /** The mapped text of `text.slice(start, end)`. */
  slice(start: number, end: number = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const first = this.#piece(s);
    const textStarts = [0];
    const sourceStarts = [this.#sourceStarts[first]! + (s - this.#textStarts[first]!)];
    for (let k = first + 1; k < this.#textStarts.length; k++) {
      const ts = this.#textStarts[k]!;
      if (ts >= e) break;
      textStarts.push(ts - s);
      sourceStarts.push(this.#sourceStarts[k]!);
    }
    return new MappedText(this.text.slice(s, e), textStarts, sourceStarts);
  }
}
