import type { NormalizedLog } from './types.js';

const WEIGHTS: readonly [RegExp, number][] = [
  [/\b(?:fatal|panic|FATAL|PANIC)\b/, 5],
  [/\bERROR\b|\bError\b|\berror\b|\bERR!/, 4],
  [/\b(?:failed|failure|FAILED|Failed)\b/, 3],
  [/exit(?:ed)? (?:with )?code:? ?[1-9]\d*|non-zero (?:code|exit)|exit status [1-9]/, 3],
  [/Traceback|Exception\b|\bat [\w.$]+\(/, 2],
  [/denied|refused|cannot|can't|unable to|not found|no such|timed? ?out|invalid|unexpected|abort/i, 2],
  [/\b(?:warn(?:ing)?|WARN(?:ING)?)\b/, 1],
];
const NOISE = /^#\d+ (?:DONE|CACHED)|^\s*=> |^\[\+\]|^-+$|^\s*\d+ \| /;

/** The most error-like lines of a log, best first: for logs no detector explains. */
export function suspiciousLines(
  log: NormalizedLog,
  limit = 8,
): { line: number; text: string; score: number }[] {
  const seen = new Set<string>();
  const scored: { line: number; text: string; score: number }[] = [];
  for (const l of log.lines) {
    if (l.redraw || l.text.trim() === '' || NOISE.test(l.text)) continue;
    let score = 0;
    for (const [re, w] of WEIGHTS) if (re.test(l.body)) score += w;
    if (score === 0 || seen.has(l.body)) continue;
    seen.add(l.body);
    scored.push({ line: l.line, text: l.text, score });
  }
  // Later lines break ties: the last error of a log is usually the one that stopped it.
  scored.sort((a, b) => b.score - a.score || b.line - a.line);
  return scored.slice(0, limit);
}
