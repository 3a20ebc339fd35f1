import type { FsView } from './fs-view.js';
import { rel } from './fs-view.js';

/**
 * Versions we fall back to when no file pins one, reviewed 2026-11. Each is a line that official images
 * publish and that is inside its upstream support window; change them in one place.
 */
export const DEFAULT_VERSIONS = {
  node: '24',
  bun: '1',
  deno: '2',
  python: '3.13',
  go: '1.25',
  rust: '1.89',
  java: '21',
  dotnet: '10.0',
  ruby: '3.4',
  php: '8.4',
  elixir: '1.18',
  clojure: '21',
  scala: '21',
  swift: '6.0',
  crystal: '1.14',
  dart: '3.5',
  gleam: '1.5',
  haskell: '9.8',
  zig: '0.13',
} as const;

/** Known release lines, newest last, used to pick a concrete version inside a range. */
const KNOWN: Record<string, readonly string[]> = {
  node: ['14', '16', '18', '20', '22', '24', '26'],
  python: ['2.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'],
  go: ['1.20', '1.21', '1.22', '1.23', '1.24', '1.25'],
  java: ['8', '11', '17', '21', '25'],
};

type Cmp = { op: '>=' | '>' | '<=' | '<' | '='; v: number[] };

function parseNums(v: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/i.exec(v.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((p) => p !== undefined && /^\d+$/.test(p)).map(Number);
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function bump(v: readonly number[], index: number): number[] {
  const out = v.slice(0, index + 1).map((n, i) => (i === index ? n + 1 : n));
  return out;
}

/** Parse one conjunction of npm/PEP 440/Poetry comparators into bounds. */
function parseConjunction(text: string): Cmp[] | undefined {
  const out: Cmp[] = [];
  const tokens = text
    .replace(/([<>=!~^]+)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok === '*' || tok === 'x' || tok === 'latest' || tok === 'lts' || tok === 'lts/*') continue;
    if (tokens[i + 1] === '-' && tokens[i + 2]) {
      const lo = parseNums(tok);
      const hi = parseNums(tokens[i + 2]!);
      if (!lo || !hi) return undefined;
      out.push({ op: '>=', v: lo }, { op: '<', v: bump(hi, hi.length - 1) });
      i += 2;
      continue;
    }
    const m = /^(\^|~=|~|>=|<=|>|<|==|=|!=)?v?(.+)$/.exec(tok);
    if (!m) return undefined;
    const op = m[1] ?? '';
    const nums = parseNums(m[2]!);
    if (!nums || nums.length === 0) return undefined;
    const wildcard =
      /[x*]/i.test(m[2]!) || (op === '' && nums.length < 3) || (op === '==' && m[2]!.includes('*'));
    switch (op) {
      case '^': {
        const idx = nums.findIndex((n) => n !== 0);
        out.push({ op: '>=', v: nums }, { op: '<', v: bump(nums, idx < 0 ? nums.length - 1 : idx) });
        break;
      }
      case '~':
        out.push({ op: '>=', v: nums }, { op: '<', v: bump(nums, nums.length >= 2 ? 1 : 0) });
        break;
      case '~=':
        out.push({ op: '>=', v: nums }, { op: '<', v: bump(nums, Math.max(0, nums.length - 2)) });
        break;
      case '>=':
      case '>':
      case '<=':
      case '<':
        out.push({ op, v: nums });
        break;
      case '!=':
        break;
      default:
        if (wildcard) out.push({ op: '>=', v: nums }, { op: '<', v: bump(nums, nums.length - 1) });
        else out.push({ op: '=', v: nums });
    }
  }
  return out;
}

/** Does version `v` (e.g. `22`, `3.12`) satisfy `range`? Versions given as a line match when the line's `.0` does, or any later patch. */
export function satisfies(v: string, range: string): boolean {
  const nums = parseNums(v);
  if (!nums) return false;
  return range.split('||').some((alt) => {
    const cmps = parseConjunction(alt);
    if (!cmps) return false;
    return cmps.every((c) => {
      // Compare only as many components as the candidate line has, so `22` satisfies `>=22.3`.
      const lhs = nums;
      const rhs = c.v.slice(0, Math.max(lhs.length, 1));
      const d = compare(lhs, rhs);
      const exactLine = c.v.length > lhs.length;
      switch (c.op) {
        case '>=':
          return d >= 0;
        case '>':
          return d > 0 || (d === 0 && exactLine);
        case '<=':
          return d <= 0;
        case '<':
          return d < 0;
        case '=':
          return d === 0;
      }
      return true;
    });
  });
}

export interface PickedVersion {
  readonly version: string;
  /** True when the constraint was a range and we picked a line inside it. */
  readonly fromRange: boolean;
}

/**
 * Turn what a file says into a version to build with: an exact version stays as written; a range picks
 * the default line when it satisfies the range, else the newest known line that does.
 */
export function pickVersion(lang: keyof typeof KNOWN | string, spec: string): PickedVersion | undefined {
  const s = spec.trim().replace(/^v(?=\d)/, '');
  if (s === '') return undefined;
  if (/^\d+(\.\d+){0,2}$/.test(s)) return { version: s, fromRange: false };
  const lts = /^(lts\/\*|lts|node|latest|stable|\*)$/i.test(s);
  const def = (DEFAULT_VERSIONS as Record<string, string>)[lang];
  if (lts && def) return { version: def, fromRange: true };
  const ltsNamed = /^lts\/(\w+)$/i.exec(s);
  if (ltsNamed && lang === 'node') {
    const names: Record<string, string> = {
      argon: '4',
      boron: '6',
      carbon: '8',
      dubnium: '10',
      erbium: '12',
      fermium: '14',
      gallium: '16',
      hydrogen: '18',
      iron: '20',
      jod: '22',
      krypton: '24',
    };
    const v = names[ltsNamed[1]!.toLowerCase()];
    return v ? { version: v, fromRange: false } : def ? { version: def, fromRange: true } : undefined;
  }
  if (def && satisfies(def, s)) return { version: def, fromRange: true };
  const known = KNOWN[lang];
  if (known) {
    for (let i = known.length - 1; i >= 0; i--) {
      const candidate = known[i]!;
      // Prefer even (LTS) Node lines.
      if (lang === 'node' && Number(candidate) % 2 === 1) continue;
      if (satisfies(candidate, s)) return { version: candidate, fromRange: true };
    }
  }
  // Fall back to the lowest version the range names (">=3.9,<3.10" → 3.9).
  const lower = /(?:>=|\^|~=|~|==|=)?\s*v?(\d+(?:\.\d+)?)/.exec(s);
  return lower ? { version: lower[1]!, fromRange: true } : undefined;
}

/** The major (`22.3.1` → `22`) or major.minor for languages versioned by minor (`3.12.4` → `3.12`). */
export function line(version: string, parts: 1 | 2): string {
  return version.split('.').slice(0, parts).join('.');
}

export interface ToolVersion {
  readonly version: string;
  readonly source: string;
  readonly line?: number;
}

/**
 * asdf's `.tool-versions` and mise's `mise.toml` / `.mise.toml` / `.config/mise.toml`, searched from `dir` up to the root.
 * `tools` are the names used by those files (`nodejs`/`node`, `python`, `golang`/`go`, …).
 */
export function toolVersion(view: FsView, dir: string, tools: readonly string[]): ToolVersion | undefined {
  for (const d of ancestors(dir)) {
    const tv = rel(d, '.tool-versions');
    const text = view.read(tv);
    if (text !== undefined) {
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const [name, ver] = lines[i]!.replace(/#.*/, '').trim().split(/\s+/);
        if (name && ver && tools.includes(name)) return { version: ver, source: tv, line: i + 1 };
      }
    }
    for (const name of ['mise.toml', '.mise.toml', '.config/mise.toml', 'mise/config.toml']) {
      const file = rel(d, name);
      const doc = view.toml<{ tools?: Record<string, unknown> }>(file);
      const table = doc?.tools;
      if (!table) continue;
      for (const tool of tools) {
        const value = table[tool];
        const v =
          typeof value === 'string'
            ? value
            : Array.isArray(value)
              ? value[0]
              : (value as { version?: unknown } | undefined)?.version;
        if (typeof v === 'string' || typeof v === 'number') return { version: String(v), source: file };
      }
    }
  }
  return undefined;
}

/** `dir` and each parent up to `.`, nearest first. */
export function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = dir;
  for (;;) {
    out.push(d);
    if (d === '.' || d === '') break;
    const i = d.lastIndexOf('/');
    d = i < 0 ? '.' : d.slice(0, i);
  }
  return out;
}

/** First line of a one-line version file (`.nvmrc`, `.python-version`, …), comments dropped. */
export function versionFile(view: FsView, path: string): string | undefined {
  const text = view.read(path);
  if (text === undefined) return undefined;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.replace(/#.*/, '').trim();
    if (l) return l;
  }
  return undefined;
}
