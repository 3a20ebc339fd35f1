import type { Word, WordPart } from './ast.js';

/** Quote-removed text of parts when nothing in them expands; glob parts count as their pattern text. */
export function staticValue(parts: readonly WordPart[]): string | undefined {
  let s = '';
  for (const p of parts) {
    switch (p.type) {
      case 'Literal':
      case 'SingleQuoted':
      case 'AnsiCQuoted':
        s += p.value;
        break;
      case 'Glob':
        s += p.pattern;
        break;
      case 'DoubleQuoted': {
        const inner = staticValue(p.parts);
        if (inner === undefined) return undefined;
        s += inner;
        break;
      }
      default:
        return undefined;
    }
  }
  return s;
}

function someDeep(parts: readonly WordPart[], pred: (p: WordPart) => boolean): boolean {
  for (const p of parts) {
    if (pred(p)) return true;
    if (p.type === 'DoubleQuoted' && someDeep(p.parts, pred)) return true;
  }
  return false;
}

/** True when the word contains `$x`, `${…}`, `$(…)`, backquotes, `$((…))` or `<(…)`. */
export function hasExpansion(word: Word): boolean {
  return someDeep(
    word.parts,
    (p) =>
      p.type === 'ParameterExpansion' ||
      p.type === 'CommandSubstitution' ||
      p.type === 'ArithmeticExpansion' ||
      p.type === 'ProcessSubstitution',
  );
}

/** True when the word has an unquoted glob (`*`, `?`, `[…]`, extglob). */
export function hasGlob(word: Word): boolean {
  return word.parts.some((p) => p.type === 'Glob');
}

/** True when any part of the word is quoted or backslash-escaped. */
export function isQuoted(word: Word): boolean {
  return word.parts.some((p) => p.type !== 'Literal' && p.type !== 'Glob') || word.raw.includes('\\');
}

/**
 * The literal text at the start of the word, up to the first expansion
 * (`foo=${V}` → `foo=`). Useful for rules that only need a prefix (`-o$X`, `pkg=$VERSION`).
 */
export function staticPrefix(word: Word): string {
  let s = '';
  const walk = (parts: readonly WordPart[]): boolean => {
    for (const p of parts) {
      switch (p.type) {
        case 'Literal':
        case 'SingleQuoted':
        case 'AnsiCQuoted':
          s += p.value;
          break;
        case 'Glob':
          s += p.pattern;
          break;
        case 'DoubleQuoted':
          if (!walk(p.parts)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
  walk(word.parts);
  return s;
}

/**
 * The static value of a word together with, for each character, its offset
 * in the parser input. Used to parse `sh -c '…'` strings with exact ranges.
 * Undefined when the word is not static.
 */
export function valueWithOffsets(
  word: Word,
  input: string,
): { value: string; offsets: number[] } | undefined {
  let value = '';
  const offsets: number[] = [];
  const walk = (parts: readonly WordPart[], inDq: boolean): boolean => {
    for (const p of parts) {
      switch (p.type) {
        case 'SingleQuoted':
          for (let i = 0; i < p.value.length; i++) offsets.push(p.range.start + 1 + i);
          value += p.value;
          break;
        case 'AnsiCQuoted':
        case 'Glob': {
          const v = p.type === 'Glob' ? p.pattern : p.value;
          for (let i = 0; i < v.length; i++) offsets.push(Math.min(p.range.start + i, p.range.end - 1));
          value += v;
          break;
        }
        case 'Literal': {
          // Re-scan the raw text to know where each unescaped character came from.
          const { start, end } = p.range;
          const raw = input.slice(start, end);
          if (raw === p.value) {
            for (let i = 0; i < raw.length; i++) offsets.push(start + i);
            value += raw;
            break;
          }
          for (let i = 0; i < raw.length; i++) {
            const c = raw[i] as string;
            if (c === '\\' && i + 1 < raw.length) {
              const n = raw[i + 1] as string;
              if (n === '\n') {
                i++;
                continue;
              }
              if (!inDq || n === '$' || n === '`' || n === '"' || n === '\\') {
                value += n;
                offsets.push(start + i + 1);
                i++;
                continue;
              }
            }
            value += c;
            offsets.push(start + i);
          }
          break;
        }
        case 'DoubleQuoted':
          if (!walk(p.parts, true)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
  if (!walk(word.parts, false)) return undefined;
  return { value, offsets };
}
