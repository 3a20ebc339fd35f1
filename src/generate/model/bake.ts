/**
 * A typed model of `docker-bake.hcl` (buildx bake, HCL form). Only what `init` writes: variables, functions,
 * groups and targets with the attributes of the bake reference. Printed by `print/bake.ts`.
 */

/** An HCL expression: a literal, a list, or raw HCL (an interpolated string or a function call). */
export type HclValue =
  | string
  | number
  | boolean
  | null
  | readonly HclValue[]
  | { readonly $hcl: 'raw'; readonly text: string }
  | { readonly $hcl: 'object'; readonly entries: Readonly<Record<string, HclValue>> };

export interface BakeVariable {
  readonly name: string;
  readonly default: HclValue;
  /** Printed as comment lines above the block (older buildx rejects a `description` attribute). */
  readonly description?: string;
}

export interface BakeFunction {
  readonly name: string;
  readonly params: readonly string[];
  /** Raw HCL expression. */
  readonly result: string;
  readonly description?: string;
}

export interface BakeGroup {
  readonly name: string;
  readonly targets: readonly string[];
  readonly description?: string;
}

export interface BakeTarget {
  readonly name: string;
  /** Comment lines above the block. */
  readonly comment?: readonly string[];
  /** Attributes in print order (bake reference names: context, dockerfile, target, platforms, tags …). */
  readonly attributes: readonly (readonly [string, HclValue])[];
}

export interface BakeFileModel {
  readonly header: readonly string[];
  readonly variables: readonly BakeVariable[];
  readonly functions: readonly BakeFunction[];
  readonly groups: readonly BakeGroup[];
  readonly targets: readonly BakeTarget[];
}

/** A raw HCL expression, printed as written (a function call, a conditional, a variable reference). */
export function hclRaw(text: string): HclValue {
  return { $hcl: 'raw', text };
}

/**
 * A quoted HCL template whose `${…}` are meant as interpolation (a plain string would escape them to `$${…}`).
 * Quotes and backslashes are still escaped.
 */
export function hclTemplate(text: string): HclValue {
  return hclRaw(`"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
}

/** An HCL object (`{ key = value }`), e.g. `args` or `labels`. */
export function hclObject(entries: Readonly<Record<string, HclValue>>): HclValue {
  return { $hcl: 'object', entries };
}
