import type { Range, SourceFile } from '../../core/source.js';

/** Where a value came from: the file and the character range of its YAML node. */
export interface Origin {
  readonly source: SourceFile;
  readonly range: Range;
  /** For a mapping entry: the range of its key. */
  readonly keyRange?: Range;
}

/** A YAML tag that changes how an override file merges (`!reset`, `!override`). */
export type MergeTag = 'reset' | 'override';

interface NodeInfo {
  origin?: Origin;
  children: Map<string | number, Origin>;
  tags?: Map<string | number, MergeTag>;
}

/**
 * Provenance is kept beside the plain data, never in it: the model stays plain
 * objects for rules and printers, while every container knows where it and each
 * of its children were written. Merging, extends and normalisation copy origins
 * to the new containers they build, so `locate()` works on the final model.
 */
const table = new WeakMap<object, NodeInfo>();

function infoOf(container: object): NodeInfo {
  let info = table.get(container);
  if (!info) {
    info = { children: new Map() };
    table.set(container, info);
  }
  return info;
}

export function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export function setOrigin(container: object, origin: Origin | undefined): void {
  if (origin) infoOf(container).origin = origin;
}

export function originOf(container: unknown): Origin | undefined {
  return isContainer(container) ? table.get(container)?.origin : undefined;
}

export function setChildOrigin(container: object, key: string | number, origin: Origin | undefined): void {
  if (origin) infoOf(container).children.set(key, origin);
}

export function childOrigin(container: unknown, key: string | number): Origin | undefined {
  if (!isContainer(container)) return undefined;
  const info = table.get(container);
  return info?.children.get(key) ?? originOf((container as Record<string | number, unknown>)[key]);
}

export function setTag(container: object, key: string | number, tag: MergeTag): void {
  const info = infoOf(container);
  info.tags ??= new Map();
  info.tags.set(key, tag);
}

export function tagOf(container: unknown, key: string | number): MergeTag | undefined {
  return isContainer(container) ? table.get(container)?.tags?.get(key) : undefined;
}

export function resetKeys(container: unknown): string[] {
  if (!isContainer(container)) return [];
  const tags = table.get(container)?.tags;
  if (!tags) return [];
  return [...tags].filter(([, t]) => t === 'reset').map(([k]) => String(k));
}

/** Copy the origin of `from` (and of its children, by key) onto `to`. */
export function copyProvenance(from: unknown, to: object, keys = true): void {
  if (!isContainer(from)) return;
  const info = table.get(from);
  if (!info) return;
  const target = infoOf(to);
  if (info.origin) target.origin = info.origin;
  if (keys) for (const [k, o] of info.children) target.children.set(k, o);
  if (info.tags) target.tags = new Map(info.tags);
}

/**
 * The origin of a model path: the deepest node on the path that has one.
 * Missing steps fall back to the nearest ancestor, so a finding always has a place.
 */
export function locatePath(root: unknown, path: readonly (string | number)[]): Origin | undefined {
  let current: unknown = root;
  let best = originOf(root);
  for (const step of path) {
    if (!isContainer(current)) break;
    const next = (current as Record<string | number, unknown>)[step];
    const found = table.get(current)?.children.get(step) ?? originOf(next);
    if (found) best = found;
    if (next === undefined) break;
    current = next;
  }
  return best;
}
