import { detectors as allDetectors } from './detectors/index.js';
import { normalizeLog } from './normalize.js';
import { suspiciousLines } from './suspicious.js';
import type { Confidence, Detector, ExplainReport, Finding, ProjectInfo } from './types.js';

export interface ExplainOptions {
  /** The project read with `loadProject` (for `--dir`). */
  readonly project?: ProjectInfo;
  /** Detectors to run (default: all). */
  readonly detectors?: readonly Detector[];
}

const RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
/** Observations that stand on their own: they never hide another finding and are never hidden. */
const INDEPENDENT = new Set(['secret-in-layers', 'image-too-large', 'build-cache-miss']);

function overlaps(a: Finding, b: Finding): boolean {
  if (a.step && b.step && a.step === b.step) return true;
  const lines = new Set(
    a.evidence.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i)),
  );
  return b.evidence.some((r) => {
    for (let n = r.start; n <= r.end; n++) if (lines.has(n)) return true;
    return false;
  });
}

/**
 * Explain a log: normalise it, run every detector, keep the root causes (a finding of an earlier,
 * more specific detector hides a later one about the same step or lines), best first. Pure.
 */
export function explainLog(text: string, options: ExplainOptions = {}): ExplainReport {
  const log = normalizeLog(text);
  const detectors = options.detectors ?? allDetectors;
  const raw: { f: Finding; order: number }[] = [];
  detectors.forEach((d, order) => {
    for (const f of d.detect(log, options.project)) raw.push({ f, order });
  });
  const kept: { f: Finding; order: number }[] = [];
  for (const item of raw) {
    const { f } = item;
    if (INDEPENDENT.has(f.situation)) {
      kept.push(item);
      continue;
    }
    const hidden = kept.some(
      (k) =>
        !INDEPENDENT.has(k.f.situation) &&
        k.f.situation !== f.situation &&
        (overlaps(k.f, f) ||
          // A vague "the container exited" is explained by any cause about the same service (or log).
          ((f.confidence === 'low' ||
            (f.situation === 'container-exits' && RANK[f.confidence] > RANK[k.f.confidence])) &&
            (k.f.service === f.service || !f.service || !k.f.service))),
    );
    if (!hidden) kept.push(item);
  }
  kept.sort((a, b) => RANK[a.f.confidence] - RANK[b.f.confidence] || a.order - b.order);
  const findings = kept.map((k) => k.f);
  return {
    kind: log.kind,
    lineCount: log.lines.length,
    recognised: findings.length > 0,
    findings,
    suspicious: findings.length ? [] : suspiciousLines(log),
    lineTexts: log.lines.map((l) => l.text),
  };
}
