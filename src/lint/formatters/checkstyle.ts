import type { Severity } from '../../core/diagnostic.js';
import type { Formatter } from './types.js';
import { groupByFile, xmlEscape } from './util.js';

const SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
};

/** Checkstyle XML (read by Jenkins, reviewdog, SonarQube importers): one `<file>` per checked file. */
export const checkstyle: Formatter = (diagnostics, { files }) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const [file, list] of groupByFile(diagnostics, files)) {
    if (list.length === 0) {
      out.push(`  <file name="${xmlEscape(file)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlEscape(file)}">`);
    for (const d of list) {
      out.push(
        `    <error line="${d.start.line}" column="${d.start.column}" severity="${SEVERITY[d.severity]}" message="${xmlEscape(d.message)}" source="${xmlEscape(`dockwright.${d.code}`)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
};
