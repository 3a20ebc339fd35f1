import { createHash } from 'node:crypto';
import type { Severity } from '../../core/diagnostic.js';
import type { Formatter } from './types.js';

/** Code Quality severities: info, minor, major, critical, blocker. */
const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info', style: 'info' };

/**
 * GitLab Code Quality report (a JSON array). The fingerprint hashes file, rule and the offending line's text (not its
 * number), so a finding keeps its identity when lines are added above it; repeats on identical lines get a counter.
 */
export const gitlab: Formatter = (diagnostics, { sources }) => {
  const seen = new Map<string, number>();
  const lineCache = new Map<string, string[]>();
  const lineText = (file: string, line: number): string | undefined => {
    const text = sources?.get(file);
    if (text === undefined) return undefined;
    let lines = lineCache.get(file);
    if (!lines) {
      lines = text.split(/\r\n|\r|\n/);
      lineCache.set(file, lines);
    }
    return lines[line - 1];
  };
  const issues = diagnostics.map((d) => {
    const content = lineText(d.file, d.start.line)?.trim() ?? `line ${d.start.line}`;
    const key = `${d.file}\0${d.code}\0${content}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
    return {
      type: 'issue',
      description: d.message,
      check_name: d.code,
      fingerprint,
      severity: SEVERITY[d.severity],
      categories: [d.code.startsWith('shellcheck/') ? 'Bug Risk' : 'Style'],
      location: { path: d.file, lines: { begin: d.start.line, end: d.end.line } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
