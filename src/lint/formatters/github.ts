import type { Severity } from '../../core/diagnostic.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  style: 'notice',
};

/** Escape a workflow command's message (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow command property value (also `:` and `,`, which delimit properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation per finding. */
export const github: Formatter = (diagnostics) =>
  diagnostics
    .map((d) => {
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.start.line}`,
        `col=${d.start.column}`,
        `endLine=${d.end.line}`,
        `endColumn=${d.end.column}`,
        `title=${escapeProperty(`dockwright ${d.code}`)}`,
      ];
      const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
      return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
