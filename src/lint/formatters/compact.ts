import type { Formatter } from './types.js';

/** One line per finding, `file:line:col: severity: message [code]`: what editors' problem matchers expect. */
export const compact: Formatter = (diagnostics) =>
  diagnostics
    .map((d) => `${d.file}:${d.start.line}:${d.start.column}: ${d.severity}: ${d.message} [${d.code}]\n`)
    .join('');
