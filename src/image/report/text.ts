import { SEVERITY_ORDER } from '../../core/diagnostic.js';
import { formatBytes } from '../analyses/common.js';
import type { ImageReport } from '../analyses/index.js';

type Colors = {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  blue(s: string): string;
};

const plain: Colors = {
  bold: String,
  dim: String,
  red: String,
  yellow: String,
  cyan: String,
  green: String,
  blue: String,
};
const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return '';
  const cells = (value / max) * width;
  const full = Math.floor(cells);
  const part = BLOCKS[Math.floor((cells - full) * 8)] ?? '';
  const s = '█'.repeat(full) + part;
  return s || '▏';
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}

/** Shorten `/bin/sh -c #(nop) ` and BuildKit's ` # buildkit` for display. */
export function displayCommand(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/\s+# buildkit$/, '');
}

/** Terminal summary: header, layer table with bars, top wasted files, findings. */
export function renderText(report: ImageReport, options: { color?: Colors; width?: number } = {}): string {
  const c = options.color ?? plain;
  const width = options.width ?? 100;
  const { image, layers, waste, config } = report;
  const lines: string[] = [];
  lines.push(
    `${c.bold('dockwright analyze')} ${image.name} ${c.dim(`(${image.kind}, ${image.platform || 'unknown platform'})`)}`,
  );
  const eff = `${(waste.efficiency * 100).toFixed(1)} %`;
  lines.push(
    `  size ${c.bold(formatBytes(layers.totalSize))} ${c.dim(`(stored ${formatBytes(layers.storedSize)}, final filesystem ${formatBytes(layers.finalSize)})`)} · ${layers.fileCount.toLocaleString('en-US')} files · ${layers.layers.length} layers`,
  );
  lines.push(
    `  efficiency ${waste.efficiency >= 0.95 ? c.green(eff) : c.yellow(eff)} · wasted ${formatBytes(waste.wastedBytes)} · user ${config.user || 'root'}${config.root ? c.yellow(' (root)') : ''} · language ${config.language}${config.sizeTarget ? c.dim(` (target ${formatBytes(config.sizeTarget.min)}–${formatBytes(config.sizeTarget.max)})`) : ''}`,
  );
  lines.push('');
  lines.push(c.bold('Layers'));
  const max = Math.max(0, ...layers.layers.map((l) => l.contentSize));
  const cmdWidth = Math.max(20, width - 62);
  lines.push(
    c.dim(
      `  ${'#'.padStart(3)}  ${'size'.padStart(9)}  ${''.padEnd(20)}  ${'+'.padStart(6)} ${'~'.padStart(5)} ${'-'.padStart(5)}  command`,
    ),
  );
  for (const l of layers.layers) {
    const b = bar(l.contentSize, max, 20).padEnd(20);
    lines.push(
      `  ${String(l.index + 1).padStart(3)}  ${formatBytes(l.contentSize).padStart(9)}  ${c.cyan(b)}  ${String(l.added.count).padStart(6)} ${String(l.modified.count).padStart(5)} ${String(l.removed.count).padStart(5)}  ${truncate(displayCommand(l.createdBy), cmdWidth)}${l.complete ? '' : c.red(' (incomplete)')}`,
    );
  }
  if (waste.files.length) {
    lines.push('');
    lines.push(
      `${c.bold('Top wasted files')} ${c.dim(`(${formatBytes(waste.wastedBytes)} in ${waste.files.length} paths)`)}`,
    );
    for (const f of waste.files.slice(0, 10)) {
      lines.push(
        `  ${formatBytes(f.wastedBytes).padStart(9)}  ${truncate(f.path, width - 40)} ${c.dim(`${f.copies} ${f.copies === 1 ? 'copy' : 'copies'}, ${f.how}, layer ${f.layers.map((x) => x + 1).join(',')}`)}`,
      );
    }
  }
  lines.push('');
  lines.push(c.bold('Findings'));
  if (report.findings.length === 0) lines.push(`  ${c.green('none')}`);
  for (const f of report.findings) {
    const sev =
      f.severity === 'error'
        ? c.red('error  ')
        : f.severity === 'warning'
          ? c.yellow('warning')
          : c.blue(f.severity.padEnd(7));
    lines.push(`  ${sev}  ${f.message}  ${c.dim(f.code)}`);
    if (f.hint) lines.push(`           ${c.dim(`hint: ${f.hint}`)}`);
  }
  const counts = (['error', 'warning', 'info'] as const).map(
    (s) => [s, report.findings.filter((f) => f.severity === s).length] as const,
  );
  lines.push('');
  lines.push(c.dim(counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`).join(', ')));
  void SEVERITY_ORDER;
  return `${lines.join('\n')}\n`;
}
