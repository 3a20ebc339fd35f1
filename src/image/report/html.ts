import { formatBytes } from '../analyses/common.js';
import type { ImageReport } from '../analyses/index.js';
import type { ImageModel } from '../model.js';
import { displayCommand } from './text.js';
import { layoutTreemap, sizeTree } from './treemap.js';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

function layerChart(report: ImageReport): string {
  const layers = report.layers.layers;
  const rowH = 22;
  const labelW = 60;
  const barW = 520;
  const height = Math.max(1, layers.length) * rowH + 10;
  const max = Math.max(1, ...layers.map((l) => l.contentSize));
  const rows = layers
    .map((l, i) => {
      const w = Math.max(l.contentSize > 0 ? 2 : 0, (l.contentSize / max) * barW);
      const wasted = Math.min(w, (l.wastedLater / max) * barW);
      const y = 5 + i * rowH;
      const title = esc(`layer ${i + 1}: ${formatBytes(l.contentSize)} — ${displayCommand(l.createdBy)}`);
      return `<g class="layer-row"><title>${title}</title><text x="${labelW - 8}" y="${y + 15}" text-anchor="end">#${i + 1}</text><rect class="bar" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="2"/>${wasted > 0 ? `<rect class="bar-wasted" x="${(labelW + w - wasted).toFixed(1)}" y="${y + 3}" width="${wasted.toFixed(1)}" height="${rowH - 6}"/>` : ''}<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${esc(formatBytes(l.contentSize))}</text></g>`;
    })
    .join('');
  return `<svg id="layer-chart" role="img" aria-label="Layer sizes" viewBox="0 0 ${labelW + barW + 100} ${height}" width="100%" style="max-width:${labelW + barW + 100}px">${rows}</svg>`;
}

function treemap(model: ImageModel): string {
  const W = 960;
  const H = 480;
  const root = sizeTree(model.files.values());
  const placed = layoutTreemap(root, { x: 0, y: 0, w: W, h: H });
  const topColor = new Map<string, string>();
  let ci = 0;
  const rects = placed
    .map((p) => {
      const top = p.node.path.split('/')[1] ?? '';
      if (!topColor.has(top)) topColor.set(top, PALETTE[ci++ % PALETTE.length]!);
      const fill = topColor.get(top)!;
      const label =
        p.w > 50 && p.h > 14
          ? `<text x="${(p.x + 3).toFixed(1)}" y="${(p.y + 11).toFixed(1)}">${esc(p.node.name.slice(0, Math.floor(p.w / 6.5)))}</text>`
          : '';
      return `<g><title>${esc(`${p.node.path} — ${formatBytes(p.node.size)}`)}</title><rect x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" width="${p.w.toFixed(1)}" height="${p.h.toFixed(1)}" fill="${fill}" fill-opacity="${Math.min(0.9, 0.25 + p.depth * 0.15).toFixed(2)}" data-path="${esc(p.node.path)}" data-size="${p.node.size}"/>${label}</g>`;
    })
    .join('');
  return `<svg id="treemap" role="img" aria-label="Filesystem treemap" viewBox="0 0 ${W} ${H}" width="100%">${rects}</svg>`;
}

type Cell = string | { readonly html: string; readonly sort: number };
const bytesCell = (n: number): Cell => ({ html: esc(formatBytes(n)), sort: n });

function table(headers: string[], rows: Cell[][], id: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">none</p>`;
  const td = (c: Cell) =>
    typeof c === 'string' ? `<td>${c}</td>` : `<td data-sort="${c.sort}">${c.html}</td>`;
  return `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(td).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A single self-contained HTML page (inline CSS, SVG and a little JS; no network). */
export function renderHtmlReport(
  report: ImageReport,
  model: ImageModel,
  options: { toolVersion?: string } = {},
): string {
  const { image, layers, waste, config } = report;
  const layerRows = layers.layers.map((l): Cell[] => [
    String(l.index + 1),
    bytesCell(l.contentSize),
    bytesCell(l.storedSize),
    `${l.added.count} / ${l.modified.count} / ${l.removed.count}`,
    bytesCell(l.wastedLater),
    `<code>${esc(displayCommand(l.createdBy)).slice(0, 400)}</code>`,
  ]);
  const wasteRows = waste.files
    .slice(0, 100)
    .map((f): Cell[] => [
      `<code>${esc(f.path)}</code>`,
      bytesCell(f.wastedBytes),
      String(f.copies),
      esc(f.how),
      esc(f.layers.map((x) => x + 1).join(', ')),
    ]);
  const rank = { error: 3, warning: 2, info: 1, style: 0 } as const;
  const findingRows = report.findings.map((f): Cell[] => [
    { html: `<span class="sev sev-${f.severity}">${esc(f.severity)}</span>`, sort: rank[f.severity] },
    `<code>${esc(f.code)}</code>`,
    `${esc(f.message)}${f.hint ? `<div class="hint">${esc(f.hint)}</div>` : ''}`,
  ]);
  const css = `
:root{--fg:#1d2330;--muted:#667085;--bg:#fff;--card:#f6f7f9;--bar:#4e79a7;--wasted:#e15759}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px;max-width:1100px;margin:auto}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.muted{color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.stat{background:var(--card);border-radius:8px;padding:10px 14px;min-width:130px}.stat b{display:block;font-size:18px}
svg text{font-size:11px;fill:var(--fg)}#layer-chart .bar{fill:var(--bar)}#layer-chart .bar-wasted{fill:var(--wasted)}#treemap rect{stroke:#fff;stroke-width:.5}#treemap rect:hover{stroke:#000;stroke-width:1.5}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}th{background:var(--card);cursor:pointer}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}.hint{color:var(--muted);font-size:12px}
.sev{font-weight:600;border-radius:4px;padding:1px 6px;font-size:12px}.sev-error{background:#fde2e1;color:#b42318}.sev-warning{background:#fef0c7;color:#93370d}.sev-info,.sev-style{background:#e0eaff;color:#3538cd}
#treemap-path{min-height:20px}`;
  const js = `
document.querySelectorAll('#treemap rect').forEach(function(r){r.addEventListener('mouseenter',function(){document.getElementById('treemap-path').textContent=r.getAttribute('data-path')+' — '+Number(r.getAttribute('data-size')).toLocaleString()+' bytes';});});
document.querySelectorAll('table').forEach(function(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';rows.sort(function(a,b){var ca=a.cells[i],cb=b.cells[i];var x=ca.textContent,y=cb.textContent;var nx=parseFloat(ca.dataset.sort!==undefined?ca.dataset.sort:x),ny=parseFloat(cb.dataset.sort!==undefined?cb.dataset.sort:y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?c:-c;});rows.forEach(function(r){body.appendChild(r);});});});});`;
  const stat = (label: string, value: string) =>
    `<div class="stat"><span class="muted">${esc(label)}</span><b>${esc(value)}</b></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>dockwright analyze — ${esc(image.name)}</title><style>${css}</style></head>
<body>
<h1>${esc(image.name)}</h1>
<div class="muted">${esc(image.kind)} · ${esc(image.platform || 'unknown platform')}${image.configDigest ? ` · ${esc(image.configDigest.slice(0, 19))}` : ''}${options.toolVersion ? ` · dockwright ${esc(options.toolVersion)}` : ''}</div>
<div class="stats">${stat('size', formatBytes(layers.totalSize))}${stat('stored', formatBytes(layers.storedSize))}${stat('layers', String(layers.layers.length))}${stat('files', layers.fileCount.toLocaleString('en-US'))}${stat('efficiency', `${(waste.efficiency * 100).toFixed(1)} %`)}${stat('wasted', formatBytes(waste.wastedBytes))}${stat('user', config.user || 'root')}${stat('language', config.language)}</div>
<h2>Layers</h2>
${layerChart(report)}
${table(['#', 'size', 'stored', 'added / modified / removed', 'wasted later', 'command'], layerRows, 'layers-table')}
<h2>Filesystem</h2>
<div id="treemap-path" class="muted"></div>
${treemap(model)}
<h2>Wasted space</h2>
${table(['path', 'wasted', 'copies', 'how', 'layers'], wasteRows, 'waste-table')}
<h2>Findings</h2>
${table(['severity', 'code', 'message'], findingRows, 'findings-table')}
<script>${js}</script>
</body></html>
`;
}
