import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import type { FormatOptions, Formatter } from './types.js';
import { groupByFile, severityCounts } from './util.js';

type Color = FormatOptions['color'];

function paint(severity: Severity, color: Color): (s: string) => string {
  switch (severity) {
    case 'error':
      return color.red;
    case 'warning':
      return color.yellow;
    case 'info':
      return color.blue;
    default:
      return color.dim;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const CONTROL = /\s*[\u0000-\u001F\u007F]+\s*/g;

/** A message on one line: line breaks and control characters become a space. */
function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}

/** Longest source line shown in a frame; longer lines are cut around the finding. */
const MAX_FRAME_WIDTH = 160;

/**
 * The offending line with the range underlined (`^~~~`). A range spanning lines is underlined to the end of its
 * first line. Tabs in the line are kept in the underline's padding so the marks stay aligned.
 */
export function codeFrame(lines: readonly string[], d: Diagnostic, indent: string, color: Color): string[] {
  const text = lines[d.start.line - 1];
  if (text === undefined) return [];
  const startCol = Math.min(Math.max(1, d.start.column), text.length + 1);
  let endCol = d.end.line === d.start.line ? d.end.column : text.length + 1;
  endCol = Math.max(startCol + 1, Math.min(endCol, text.length + 1));
  let shown = text;
  let from = startCol - 1;
  let to = endCol - 1;
  if (shown.length > MAX_FRAME_WIDTH) {
    const cut = Math.max(0, Math.min(from - 20, text.length - MAX_FRAME_WIDTH));
    const prefix = cut > 0 ? '…' : '';
    shown = `${prefix}${text.slice(cut, cut + MAX_FRAME_WIDTH)}${cut + MAX_FRAME_WIDTH < text.length ? '…' : ''}`;
    from = from - cut + prefix.length;
    to = Math.min(to - cut, MAX_FRAME_WIDTH) + prefix.length;
  }
  const gutter = String(d.start.line);
  const pad = shown.slice(0, from).replace(/[^\t]/g, ' ');
  const marks = `^${'~'.repeat(Math.max(0, to - from - 1))}`;
  return [
    `${indent}${color.dim(`${gutter} │`)} ${shown}`,
    `${indent}${' '.repeat(gutter.length)} ${color.dim('│')} ${pad}${paint(d.severity, color)(marks)}`,
  ];
}

/** ESLint's stylish layout: findings grouped by file, aligned columns, a code frame, a summary line. */
export const stylish: Formatter = (diagnostics, { color, fileCount, sources }) => {
  if (diagnostics.length === 0) {
    return `${color.green('✔')} ${plural(fileCount, 'file')} checked, no problems found\n`;
  }
  const out: string[] = [];
  for (const [file, list] of groupByFile(diagnostics)) {
    out.push(color.underline(file));
    const text = sources?.get(file);
    const lines = text === undefined ? undefined : text.split(/\r\n|\r|\n/);
    const place = list.map((d) => `${d.start.line}:${d.start.column}`);
    const width = Math.max(...place.map((p) => p.length));
    const indent = `  ${' '.repeat(width)}  ${' '.repeat(7)}  `;
    list.forEach((d, i) => {
      const label = paint(d.severity, color)(d.severity.padEnd(7));
      out.push(
        `  ${color.dim(place[i]!.padEnd(width))}  ${label}  ${oneLine(d.message)}  ${color.dim(d.code)}`,
      );
      if (lines) out.push(...codeFrame(lines, d, indent, color));
      if (d.hint) out.push(`${indent}${color.dim(`↳ ${oneLine(d.hint)}`)}`);
    });
    out.push('');
  }
  const count = severityCounts(diagnostics);
  const parts = [plural(count.error, 'error'), plural(count.warning, 'warning')];
  const minor = count.info + count.style;
  if (minor) parts.push(`${minor} info/style`);
  const mark = count.error ? color.red('✖') : color.yellow('⚠');
  out.push(
    `${mark} ${plural(diagnostics.length, 'problem')} (${parts.join(', ')}) in ${plural(fileCount, 'file')}`,
  );
  return `${out.join('\n')}\n`;
};
