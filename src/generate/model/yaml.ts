/**
 * A YAML document as plain data, for the CI, scanner, Helm and Falco files `init` writes at tiers 3–4. Comments
 * are part of the model (a pinned action's `# v4.3.0`, a note above a key), so the printed file is reproducible
 * and reviewers see why a value is there.
 */

/** A value with a comment: `trailing` goes after it on the same line, `before` on the lines above its key. */
export interface YamlCommented {
  readonly $yaml: 'commented';
  readonly value: YamlValue;
  readonly trailing?: string;
  readonly before?: readonly string[];
}

export type YamlScalar = string | number | boolean | null;
export type YamlValue =
  | YamlScalar
  | YamlCommented
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue | undefined };

export interface YamlFileModel {
  /** Comment lines at the top of the file (without `# `). */
  readonly header: readonly string[];
  readonly body: YamlValue;
  /** Print each top-level entry separated by an empty line (workflows, CI files). Default true. */
  readonly spaceTopLevel?: boolean;
}

/** `value` with a comment on the same line (e.g. the version a SHA pin stands for). */
export function trailing(value: YamlValue, comment: string): YamlCommented {
  return { $yaml: 'commented', value, trailing: comment };
}

/** `value` whose key gets comment lines above it. */
export function before(value: YamlValue, ...comment: string[]): YamlCommented {
  return { $yaml: 'commented', value, before: comment };
}

export function isCommented(v: unknown): v is YamlCommented {
  return typeof v === 'object' && v !== null && (v as { $yaml?: unknown }).$yaml === 'commented';
}

/** The value without its comments (for tests and for code that reads a model back). */
export function plainYaml(v: YamlValue | undefined): unknown {
  if (isCommented(v)) return plainYaml(v.value);
  if (Array.isArray(v)) return v.map((x) => plainYaml(x as YamlValue));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, plainYaml(x as YamlValue)]),
    );
  }
  return v;
}
