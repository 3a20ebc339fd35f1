/** Squarified treemap layout (Bruls, Huizing, van Wijk) over a size tree. */

export interface SizeNode {
  readonly name: string;
  readonly path: string;
  size: number;
  children?: Map<string, SizeNode>;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PlacedNode extends Rect {
  readonly node: SizeNode;
  readonly depth: number;
}

/** Build a directory tree of sizes from path → size (directories sum their contents). */
export function sizeTree(files: Iterable<{ path: string; size: number; type: string }>): SizeNode {
  const root: SizeNode = { name: '/', path: '/', size: 0, children: new Map() };
  for (const f of files) {
    if (f.type === 'dir' || f.size === 0) continue;
    const segs = f.path.split('/').filter(Boolean);
    let node = root;
    node.size += f.size;
    let path = '';
    segs.forEach((seg, i) => {
      path += `/${seg}`;
      if (!node.children) node.children = new Map();
      let next = node.children.get(seg);
      if (!next) {
        next = { name: seg, path, size: 0, ...(i < segs.length - 1 ? { children: new Map() } : {}) };
        node.children.set(seg, next);
      }
      next.size += f.size;
      node = next;
    });
  }
  return root;
}

function worst(row: number[], side: number): number {
  const sum = row.reduce((a, b) => a + b, 0);
  const max = Math.max(...row);
  const min = Math.min(...row);
  const s2 = side * side;
  const sum2 = sum * sum;
  return Math.max((s2 * max) / sum2, sum2 / (s2 * min));
}

/** Lay out `sizes` (descending) in `rect`; returns one rect per size. */
export function squarify(sizes: readonly number[], rect: Rect): Rect[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= 0 || rect.w <= 0 || rect.h <= 0) return sizes.map(() => ({ ...rect, w: 0, h: 0 }));
  const scale = (rect.w * rect.h) / total;
  const areas = sizes.map((s) => s * scale);
  const out: Rect[] = [];
  let { x, y, w, h } = rect;
  let i = 0;
  while (i < areas.length) {
    const side = Math.min(w, h);
    const row = [areas[i]!];
    let j = i + 1;
    while (j < areas.length && worst([...row, areas[j]!], side) <= worst(row, side)) {
      row.push(areas[j]!);
      j++;
    }
    const sum = row.reduce((a, b) => a + b, 0);
    if (w >= h) {
      const rw = sum / h;
      let yy = y;
      for (const a of row) {
        const rh = a / rw;
        out.push({ x, y: yy, w: rw, h: rh });
        yy += rh;
      }
      x += rw;
      w -= rw;
    } else {
      const rh = sum / w;
      let xx = x;
      for (const a of row) {
        const rw = a / rh;
        out.push({ x: xx, y, w: rw, h: rh });
        xx += rw;
      }
      y += rh;
      h -= rh;
    }
    i = j;
  }
  return out;
}

/** Nested layout down to `maxDepth`, skipping boxes too small to see, at most `maxNodes`. */
export function layoutTreemap(
  root: SizeNode,
  rect: Rect,
  options: { maxDepth?: number; maxNodes?: number; minArea?: number } = {},
): PlacedNode[] {
  const maxDepth = options.maxDepth ?? 4;
  const maxNodes = options.maxNodes ?? 1500;
  const minArea = options.minArea ?? 30;
  const out: PlacedNode[] = [];
  const visit = (node: SizeNode, r: Rect, depth: number) => {
    if (out.length >= maxNodes || !node.children || depth > maxDepth) return;
    const kids = [...node.children.values()].filter((k) => k.size > 0).sort((a, b) => b.size - a.size);
    const header = depth > 0 && r.h > 30 ? 14 : 0;
    const inner = {
      x: r.x + 1,
      y: r.y + header + 1,
      w: Math.max(0, r.w - 2),
      h: Math.max(0, r.h - header - 2),
    };
    const rects = squarify(
      kids.map((k) => k.size),
      inner,
    );
    kids.forEach((k, i) => {
      const kr = rects[i]!;
      if (kr.w * kr.h < minArea || out.length >= maxNodes) return;
      out.push({ ...kr, node: k, depth: depth + 1 });
      visit(k, kr, depth + 1);
    });
  };
  visit(root, rect, 0);
  return out;
}
