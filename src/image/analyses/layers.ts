import type { ImageModel } from '../model.js';
import { type Finding, finding, replayOf } from './common.js';
import { redactSecrets } from './secret-rules.js';

export interface ChangeStat {
  readonly count: number;
  readonly bytes: number;
}

export interface LayerReport {
  readonly index: number;
  readonly digest: string;
  readonly diffId?: string;
  /** The instruction that made the layer (history, matched past empty layers), secrets masked. */
  readonly createdBy: string;
  /** Metadata-only steps (ENV, WORKDIR…) between the previous layer and this one. */
  readonly emptySteps: readonly string[];
  readonly compression: string;
  readonly storedSize: number;
  readonly contentSize: number;
  /** Non-directory entries: new paths, replaced paths, deleted lower-layer paths. */
  readonly added: ChangeStat;
  readonly modified: ChangeStat;
  readonly removed: ChangeStat;
  /** Bytes of this layer's files that later layers overwrite or delete. */
  readonly wastedLater: number;
  readonly complete: boolean;
}

export interface LargeFile {
  readonly path: string;
  readonly size: number;
  readonly layer: number;
}

export interface LayersReport {
  readonly layers: readonly LayerReport[];
  /** Σ uncompressed layer content (what `docker images` calls the size). */
  readonly totalSize: number;
  /** Σ stored blob sizes (compressed where the layers are). */
  readonly storedSize: number;
  /** Bytes of files visible in the final filesystem. */
  readonly finalSize: number;
  readonly fileCount: number;
  readonly largestFiles: readonly LargeFile[];
}

function stat(entries: readonly { type: string; size: number }[]): ChangeStat {
  let count = 0;
  let bytes = 0;
  for (const e of entries) {
    if (e.type === 'dir') continue;
    count++;
    bytes += e.size;
  }
  return { count, bytes };
}

export function layersReport(model: ImageModel, options: { top?: number } = {}): LayersReport {
  const replay = replayOf(model);
  const wastedLater = new Array<number>(model.layers.length).fill(0);
  for (const h of replay.hidden)
    wastedLater[h.entry.layer] = (wastedLater[h.entry.layer] ?? 0) + h.entry.size;
  // Empty-layer history entries before each layer.
  const empties: string[][] = model.layers.map(() => []);
  let li = 0;
  let pending: string[] = [];
  for (const h of model.config.history) {
    if (h.emptyLayer) pending.push(redactSecrets(h.createdBy ?? ''));
    else {
      if (li < empties.length) empties[li] = pending;
      pending = [];
      li++;
    }
  }
  const layers = model.layers.map((l, i): LayerReport => {
    const c = replay.changes[i]!;
    return {
      index: i,
      digest: l.digest,
      ...(l.diffId ? { diffId: l.diffId } : {}),
      createdBy: l.history?.createdBy ? redactSecrets(l.history.createdBy) : '(missing)',
      emptySteps: empties[i] ?? [],
      compression: l.compression,
      storedSize: l.storedSize,
      contentSize: l.contentSize,
      added: stat(c.added),
      modified: stat(c.modified),
      removed: stat(c.removed),
      wastedLater: wastedLater[i] ?? 0,
      complete: l.complete,
    };
  });
  let finalSize = 0;
  let fileCount = 0;
  const top = options.top ?? 20;
  const largest: LargeFile[] = [];
  for (const f of model.files.values()) {
    if (f.type === 'dir') continue;
    fileCount++;
    finalSize += f.size;
    if (f.type !== 'file') continue;
    if (largest.length < top || f.size > largest[largest.length - 1]!.size) {
      largest.push({ path: f.path, size: f.size, layer: f.layer });
      largest.sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
      if (largest.length > top) largest.pop();
    }
  }
  return {
    layers,
    totalSize: layers.reduce((n, l) => n + l.contentSize, 0),
    storedSize: layers.reduce((n, l) => n + l.storedSize, 0),
    finalSize,
    fileCount,
    largestFiles: largest,
  };
}

/** Layer-level findings: layers that could not be read whole, and oversized layer counts. */
export function layers(model: ImageModel, options: { maxLayers?: number } = {}): Finding[] {
  const out: Finding[] = [];
  const max = options.maxLayers ?? 50;
  if (model.layers.length > max) {
    out.push(
      finding(
        model,
        'image/many-layers',
        'info',
        `the image has ${model.layers.length} layers (more than ${max})`,
        'Combine RUN steps and use multi-stage builds.',
      ),
    );
  }
  return out;
}
