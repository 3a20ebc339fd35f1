/** Quadlet unit files: a tiny model, a writer with systemd quoting, and an INI reader for checks. */

export type Entry = readonly [key: string, value: string];

export interface Section {
  readonly name: string;
  readonly entries: Entry[];
}

export interface UnitFile {
  /** File name, e.g. `shop-web.container`. */
  readonly name: string;
  /** Comment lines written at the top (without `# `). */
  readonly header: string[];
  readonly sections: Section[];
}

export function newUnit(name: string, header: string[] = []): UnitFile {
  return { name, header, sections: [] };
}

export function section(unit: UnitFile, name: string): Section {
  let found = unit.sections.find((s) => s.name === name);
  if (!found) {
    found = { name, entries: [] };
    unit.sections.push(found);
  }
  return found;
}

export function add(unit: UnitFile, sectionName: string, key: string, value: string): void {
  section(unit, sectionName).entries.push([key, value]);
}

const ORDER = ['Unit', 'Container', 'Pod', 'Network', 'Volume', 'Build', 'Quadlet', 'Service', 'Install'];

export function renderUnit(unit: UnitFile): string {
  const lines: string[] = unit.header.map((h) => (h === '' ? '#' : `# ${h}`));
  const sorted = [...unit.sections]
    .filter((s) => s.entries.length > 0)
    .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  for (const s of sorted) {
    if (lines.length > 0) lines.push('');
    lines.push(`[${s.name}]`);
    for (const [k, v] of s.entries) lines.push(`${k}=${v}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * systemd expands `%` specifiers in unit values and `$VAR` in command lines; Compose has already
 * interpolated the values, so what is left must reach the container literally.
 */
export function escapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}

const NEEDS_QUOTES = /[\s"'\\;]|^$/;

/**
 * One word for a systemd command line or a Quadlet list value (`Exec=`, `PodmanArgs=`, `Environment=`):
 * double-quoted with C escapes when it has whitespace, quotes or backslashes; `%` and `$` doubled.
 */
export function quoteWord(word: string, opts: { dollar?: boolean } = {}): string {
  let w = escapeSpecifiers(word);
  if (opts.dollar !== false) w = w.replace(/\$/g, '$$$$');
  if (!NEEDS_QUOTES.test(w)) return w;
  const escaped = w
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r');
  return `"${escaped}"`;
}

export function commandLine(words: readonly string[]): string {
  return words.map((w) => quoteWord(w)).join(' ');
}

/** A single-line value that is not split into words (paths, names, durations). */
export function plainValue(value: string): string {
  return escapeSpecifiers(value).replace(/\n/g, ' ');
}

export interface IniSection {
  readonly name: string;
  readonly entries: { key: string; value: string; line: number }[];
}

export interface IniParse {
  readonly sections: IniSection[];
  readonly errors: { line: number; message: string }[];
}

/** Parse systemd-style INI (sections, `Key=Value`, `#`/`;` comments, trailing-backslash continuations). */
export function parseIni(text: string): IniParse {
  const sections: IniSection[] = [];
  const errors: { line: number; message: string }[] = [];
  const raw = text.split('\n');
  let current: IniSection | undefined;
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    let line = raw[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && i + 1 < raw.length) {
      line = `${line.slice(0, -1)} ${raw[++i]!.trim()}`;
    }
    const header = /^\[([A-Za-z][A-Za-z0-9-]*)\]$/.exec(line);
    if (header) {
      current = { name: header[1]!, entries: [] };
      sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push({ line: lineNo, message: `not a Key=Value line: ${line}` });
      continue;
    }
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) errors.push({ line: lineNo, message: `invalid key '${key}'` });
    if (!current) {
      errors.push({ line: lineNo, message: `key '${key}' outside any section` });
      continue;
    }
    current.entries.push({ key, value: line.slice(eq + 1).trim(), line: lineNo });
  }
  return { sections, errors };
}
