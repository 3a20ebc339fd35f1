import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import type { FormatOptions, Formatter } from './types.js';

function severityLabel(severity: Severity, color: FormatOptions['color']): string {
  const padded = severity.padEnd(7);
  switch (severity) {
    case 'error':
      return color.red(padded);
    case 'warning':
      return color.yellow(padded);
    case 'info':
      return color.blue(padded);
    default:
      return color.dim(padded);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** ESLint's stylish layout: findings grouped by file, aligned columns, a summary line. */
export const stylish: Formatter = (diagnostics, { color, fileCount }) => {
  if (diagnostics.length === 0) {
    return `${color.green('✔')} ${plural(fileCount, 'file')} checked, no problems found\n`;
  }
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(color.underline(file));
    const place = list.map((d) => `${d.start.line}:${d.start.column}`);
    const width = Math.max(...place.map((p) => p.length));
    list.forEach((d, i) => {
      lines.push(`  ${color.dim(place[i]!.padEnd(width))}  ${severityLabel(d.severity, color)}  ${d.message}  ${color.dim(d.code)}`);
      if (d.hint) lines.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ${color.dim(`↳ ${d.hint}`)}`);
    });
    lines.push('');
  }
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const minor = count('info') + count('style');
  if (minor) parts.push(`${minor} info/style`);
  const mark = count('error') ? color.red('✖') : color.yellow('⚠');
  lines.push(`${mark} ${plural(diagnostics.length, 'problem')} (${parts.join(', ')}) in ${plural(fileCount, 'file')}`);
  return `${lines.join('\n')}\n`;
};
