import type { ImageFile, ImageLayer } from './model.js';

/** One copy of a path that is not visible in the final image. */
export interface HiddenCopy {
  readonly entry: ImageFile;
  /** Index of the layer that overwrote or deleted it. */
  readonly by: number;
  readonly how: 'overwritten' | 'deleted';
}

export interface LayerChanges {
  /** Entries of this layer at paths that were not visible before. */
  readonly added: ImageFile[];
  /** Entries of this layer replacing a visible entry of a lower layer. */
  readonly modified: ImageFile[];
  /** Lower-layer entries this layer deleted (whiteouts, opaque directories, type changes). */
  readonly removed: ImageFile[];
}

export interface Replay {
  /** Final filesystem, path → entry. */
  readonly files: Map<string, ImageFile>;
  readonly changes: LayerChanges[];
  readonly hidden: HiddenCopy[];
  /** Entries written below a path that a lower layer made a symlink (extractors differ here). */
  readonly throughSymlink: ImageFile[];
}

interface Node {
  entry: ImageFile | undefined;
  children: Map<string, Node> | undefined;
}

/**
 * Apply the layers in order with OCI semantics: per layer, opaque directories first (hide all
 * lower children), then whiteouts (hide the lower path and everything below), then the layer's
 * entries in tar order. One pass, a tree of visible nodes; no re-stacking of lower layers.
 */
export function replayLayers(
  layers: readonly Pick<ImageLayer, 'entries' | 'whiteouts' | 'opaqueDirs'>[],
): Replay {
  const root: Node = { entry: undefined, children: new Map() };
  const changes: LayerChanges[] = [];
  const hidden: HiddenCopy[] = [];
  const throughSymlink: ImageFile[] = [];

  const collect = (node: Node, by: number, how: HiddenCopy['how'], into: ImageFile[]) => {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.entry) {
        hidden.push({ entry: n.entry, by, how });
        into.push(n.entry);
      }
      if (n.children) for (const c of n.children.values()) stack.push(c);
    }
  };

  const lookup = (path: string): { parent: Node; name: string } | undefined => {
    const segs = path.split('/');
    let node = root;
    for (let i = 1; i < segs.length - 1; i++) {
      const next = node.children?.get(segs[i]!);
      if (!next) return undefined;
      node = next;
    }
    return { parent: node, name: segs[segs.length - 1]! };
  };

  layers.forEach((layer, index) => {
    const change: LayerChanges = { added: [], modified: [], removed: [] };
    changes.push(change);
    for (const dir of layer.opaqueDirs) {
      const node =
        dir === '/'
          ? root
          : (() => {
              const at = lookup(dir);
              return at?.parent.children?.get(at.name);
            })();
      if (!node?.children) continue;
      for (const child of node.children.values()) collect(child, index, 'deleted', change.removed);
      node.children.clear();
    }
    for (const path of layer.whiteouts) {
      const at = lookup(path);
      const node = at?.parent.children?.get(at.name);
      if (!at || !node) continue;
      collect(node, index, 'deleted', change.removed);
      at.parent.children!.delete(at.name);
    }
    for (const entry of layer.entries) {
      const segs = entry.path.split('/');
      let node = root;
      for (let i = 1; i < segs.length - 1; i++) {
        const name = segs[i]!;
        if (!node.children) node.children = new Map();
        let next = node.children.get(name);
        if (!next) {
          next = { entry: undefined, children: new Map() };
          node.children.set(name, next);
        } else if (!next.children) {
          // A lower non-directory where this layer needs a directory.
          if (next.entry?.type === 'symlink') throughSymlink.push(entry);
          collect(next, index, 'overwritten', change.removed);
          next = { entry: undefined, children: new Map() };
          node.children.set(name, next);
        }
        node = next;
      }
      const name = segs[segs.length - 1]!;
      if (!node.children) node.children = new Map();
      const existing = node.children.get(name);
      const isDir = entry.type === 'dir';
      if (!existing) {
        node.children.set(name, { entry, children: isDir ? new Map() : undefined });
        change.added.push(entry);
        continue;
      }
      if (isDir && existing.children) {
        // Directory over directory: new metadata, children kept.
        if (existing.entry && existing.entry.layer !== index) {
          hidden.push({ entry: existing.entry, by: index, how: 'overwritten' });
          change.modified.push(entry);
        } else if (!existing.entry) change.added.push(entry);
        existing.entry = entry;
        continue;
      }
      if (existing.entry) {
        hidden.push({ entry: existing.entry, by: index, how: 'overwritten' });
        if (existing.entry.layer === index) {
          // Same path twice in one layer (invalid, but seen): the later one wins.
        } else change.modified.push(entry);
      } else change.added.push(entry);
      if (existing.children) {
        for (const child of existing.children.values()) collect(child, index, 'deleted', change.removed);
      }
      node.children.set(name, { entry, children: isDir ? new Map() : undefined });
    }
  });

  const files = new Map<string, ImageFile>();
  const walk = (node: Node) => {
    if (node.entry) files.set(node.entry.path, node.entry);
    if (node.children) for (const c of node.children.values()) walk(c);
  };
  walk(root);
  return { files, changes, hidden, throughSymlink };
}
