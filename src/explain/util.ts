import type {
  Confidence,
  Detector,
  Finding,
  LineRange,
  LogLine,
  NormalizedLog,
  ProjectLocation,
  StepInfo,
} from './types.js';

/** Lines worth reading: TTY redraw repeats are left out. */
export function live(log: NormalizedLog): LogLine[] {
  return log.lines.filter((l) => !l.redraw && l.text !== '');
}

/** The first (or every) live line whose body matches. */
export function find(log: NormalizedLog, re: RegExp): LogLine | undefined {
  return log.lines.find((l) => !l.redraw && re.test(l.body));
}

export function findAll(log: NormalizedLog, re: RegExp): LogLine[] {
  return log.lines.filter((l) => !l.redraw && re.test(l.body));
}

export function at(line: number, end = line): LineRange {
  return { start: line, end: Math.max(line, end) };
}

/** Ranges from lines, merging neighbours (so a block of consecutive lines is one range). */
export function rangesOf(lines: readonly (LogLine | undefined)[]): LineRange[] {
  const nums = [...new Set(lines.filter((l): l is LogLine => l !== undefined).map((l) => l.line))];
  const ranges: LineRange[] = [];
  for (const n of nums) {
    const last = ranges.at(-1);
    if (last && n === last.end + 1) ranges[ranges.length - 1] = { start: last.start, end: n };
    else ranges.push({ start: n, end: n });
  }
  return ranges;
}

/** A step's error line (`#5 ERROR: …`, `The command … returned a non-zero code`) for extra evidence. */
export function stepErrorLine(log: NormalizedLog, step: StepInfo | undefined): LogLine | undefined {
  if (!step) return undefined;
  return log.lines.find(
    (l) =>
      !l.redraw &&
      l.step === step &&
      /^ERROR\b|did not complete successfully|returned a non-zero code|executor failed running|^Error: building at STEP/.test(
        l.body,
      ),
  );
}

/** `1.2GB`, `850MB`, `512 MiB`, `1.5 GB` → bytes (decimal units as docker prints them). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kKMGT]?i?B)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toUpperCase();
  const pow = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4, KIB: 1, MIB: 2, GIB: 3, TIB: 4 }[unit];
  if (pow === undefined) return undefined;
  const base = unit.includes('I') ? 1024 : 1000;
  return n * base ** pow;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface FindingInput {
  cause: string;
  title: string;
  confidence: Confidence;
  evidence: readonly LineRange[];
  fix: string;
  step?: StepInfo | undefined;
  service?: string | undefined;
  locations?: readonly ProjectLocation[];
  details?: Readonly<Record<string, string | number | boolean | undefined>>;
  next?: readonly string[];
}

/** Build a finding for a detector, dropping undefined details. */
export function finding(detector: Pick<Detector, 'situation' | 'docs'>, input: FindingInput): Finding {
  const details: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(input.details ?? {})) if (v !== undefined) details[k] = v;
  return {
    situation: detector.situation,
    cause: `${detector.situation}/${input.cause}`,
    title: input.title,
    confidence: input.confidence,
    evidence: input.evidence,
    fix: input.fix,
    docs: detector.docs,
    ...(input.step ? { step: input.step } : {}),
    ...(input.service ? { service: input.service } : {}),
    locations: input.locations ?? [],
    details,
    ...(input.next ? { next: input.next } : {}),
  };
}

/** Secrets look like these: never print them back in full. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bnpm_[A-Za-z0-9]{20,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bsk_live_[A-Za-z0-9]{16,}\b/g,
];
const SECRET_ASSIGN =
  /\b([A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH)[A-Za-z0-9_]*)(=|:\s?)("?)([^\s"',;)]{4,})/gi;

export function maskSecrets(text: string): string {
  let out = text;
  for (const re of TOKEN_PATTERNS) out = out.replace(re, (t) => `${t.slice(0, 4)}…[masked]`);
  out = out.replace(SECRET_ASSIGN, (_m, name: string, sep: string, q: string, value: string) =>
    value.includes('[masked]') || /^\$\{?\w+\}?$/.test(value)
      ? `${name}${sep}${q}${value}`
      : `${name}${sep}${q}${value.slice(0, 2)}…[masked]`,
  );
  return out;
}

export { SECRET_ASSIGN, TOKEN_PATTERNS };

/** The line of a `"Key": value` pair in pretty-printed JSON (docker inspect), optionally after a line. */
export function jsonLine(
  log: NormalizedLog,
  key: string,
  value?: string | number | boolean,
  after = 0,
): LogLine | undefined {
  const v =
    value === undefined ? '' : typeof value === 'string' ? JSON.stringify(value).slice(0, -1) : String(value);
  const needle = `"${key}": ${v}`;
  return log.lines.find((l) => l.line > after && l.text.includes(needle));
}

/** A nested value of a parsed JSON object: `get(obj, 'State', 'Health', 'Status')`. */
export function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The container's name from inspect JSON, without the leading slash. */
export function containerName(obj: unknown): string | undefined {
  const n = get(obj, 'Name');
  return typeof n === 'string' ? n.replace(/^\//, '') : undefined;
}
