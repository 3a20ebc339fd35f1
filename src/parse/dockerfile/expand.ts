/**
 * BuildKit-faithful Dockerfile word expansion (semantics of BuildKit's shell/lex.go).
 * Work in progress: the API below is stable.
 */
export type Env = ReadonlyMap<string, string> | ((name: string) => string | undefined);

export interface ExpandOptions {
  escapeToken?: '\\' | '`';
  platform?: 'unix' | 'windows';
}

export interface ExpandResult {
  value: string;
  used: string[];
  unmatched: string[];
}

export class ExpansionError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExpansionError';
    this.offset = offset;
  }
}

export function expandWordWithInfo(word: string, _env: Env, _opts?: ExpandOptions): ExpandResult {
  return { value: word, used: [], unmatched: [] };
}

export function expandWord(word: string, env: Env, opts?: ExpandOptions): string {
  return expandWordWithInfo(word, env, opts).value;
}

export function expandWords(word: string, _env: Env, _opts?: ExpandOptions): string[] {
  return word.split(/\s+/).filter((w) => w !== '');
}

export function referencedVariables(
  _word: string,
  _opts?: ExpandOptions,
): { name: string; start: number; end: number; modifier?: string }[] {
  return [];
}
