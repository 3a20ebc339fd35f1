import type { Diagnostic, Severity } from '../../core/diagnostic.js';

/** Diagnostics grouped by file, in first-seen order. */
export function groupByFile(
  diagnostics: readonly Diagnostic[],
  files: readonly string[] = [],
): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of files) byFile.set(file, []);
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  return byFile;
}

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escape text for an XML attribute or element; characters XML 1.0 cannot carry become U+FFFD. */
export function xmlEscape(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** The text of a 1-based line of `text`, without its terminator. */
export function lineOf(text: string, line: number): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  return lines[line - 1];
}

export function severityCounts(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, style: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** Where a rule's documentation lives, for reports that link to it. */
export const RULE_DOCS_BASE = 'https://github.com/dockwright/dockwright/blob/main/docs/rules/';

/** A help link for a finding's code: our rule docs, or ShellCheck's wiki for `shellcheck/SCnnnn`. */
export function helpUri(code: string): string | undefined {
  const sc = /^shellcheck\/(SC\d+)$/.exec(code);
  if (sc) return `https://www.shellcheck.net/wiki/${sc[1]}`;
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code)) return `${RULE_DOCS_BASE}${code}.md`;
  return undefined;
}
