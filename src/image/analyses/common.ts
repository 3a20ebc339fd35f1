import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import { imageDiagnostic } from '../diagnostics.js';
import type { ImageModel } from '../model.js';
import { type Replay, replayLayers } from '../replay.js';

/** A finding is a Diagnostic pointing at the image (line 1, column 1). */
export type Finding = Diagnostic;

export function finding(
  model: ImageModel,
  code: string,
  severity: Severity,
  message: string,
  hint?: string,
  sources?: readonly string[],
): Finding {
  return imageDiagnostic(model.source.location, code, severity, message, hint, sources);
}

const replays = new WeakMap<ImageModel, Replay>();

/** The layer replay (changes, hidden copies) for a model, computed once per model. */
export function replayOf(model: ImageModel): Replay {
  let r = replays.get(model);
  if (!r) {
    r = replayLayers(model.layers);
    replays.set(model, r);
  }
  return r;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function listSome(items: readonly string[], max = 5): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
