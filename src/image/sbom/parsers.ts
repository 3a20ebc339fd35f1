/**
 * Parsers for package databases and manifests captured whole while reading an image.
 * Every parser is total: malformed input yields fewer (or no) records, never an exception.
 */

export interface OsRelease {
  readonly id?: string;
  readonly versionId?: string;
  readonly versionCodename?: string;
  readonly idLike: readonly string[];
  readonly prettyName?: string;
}

/** `/etc/os-release`: `KEY=value` lines, values optionally single- or double-quoted. */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    values.set(line.slice(0, eq).trim(), value);
  }
  const id = values.get('ID')?.toLowerCase() || undefined;
  return {
    id,
    versionId: values.get('VERSION_ID') || undefined,
    versionCodename: values.get('VERSION_CODENAME') || undefined,
    idLike: (values.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    prettyName: values.get('PRETTY_NAME') || undefined,
  };
}

/** RFC 822-style paragraphs (dpkg `status`), continuation lines start with a space or tab. */
export function parseControlParagraphs(text: string): Map<string, string>[] {
  const paragraphs: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let lastKey: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current.size > 0) paragraphs.push(current);
      current = new Map();
      lastKey = undefined;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon).trim();
    current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current.size > 0) paragraphs.push(current);
  return paragraphs;
}

export interface DpkgRecord {
  readonly name: string;
  readonly version: string;
  readonly arch?: string;
  readonly source?: string;
  readonly maintainer?: string;
}

/** dpkg `status` (or one distroless `status.d/<pkg>` file). Entries being removed or purged are skipped. */
export function parseDpkgStatus(text: string): DpkgRecord[] {
  const out: DpkgRecord[] = [];
  for (const p of parseControlParagraphs(text)) {
    const name = p.get('Package');
    const version = p.get('Version');
    if (!name || !version) continue;
    const status = p.get('Status');
    if (status !== undefined) {
      const words = status.split(/\s+/);
      // "want flag state": keep only packages whose state says the files are on disk.
      if (words.includes('deinstall') || words.includes('purge')) continue;
      const state = words[2];
      if (
        state !== undefined &&
        state !== 'installed' &&
        state !== 'half-configured' &&
        state !== 'unpacked'
      ) {
        continue;
      }
    }
    const sourceField = p.get('Source');
    out.push({
      name,
      version,
      arch: p.get('Architecture') || undefined,
      source: sourceField ? sourceField.split(/\s+/)[0] : undefined,
      maintainer: p.get('Maintainer') || undefined,
    });
  }
  return out;
}

export interface ApkRecord {
  readonly name: string;
  readonly version: string;
  readonly arch?: string;
  readonly license?: string;
  readonly origin?: string;
  readonly maintainer?: string;
}

/** apk `installed`: blocks of `X:value` lines separated by blank lines. */
export function parseApkInstalled(text: string): ApkRecord[] {
  const out: ApkRecord[] = [];
  let block = new Map<string, string>();
  const flush = (): void => {
    const name = block.get('P');
    const version = block.get('V');
    if (name && version) {
      out.push({
        name,
        version,
        arch: block.get('A') || undefined,
        license: block.get('L') || undefined,
        origin: block.get('o') || undefined,
        maintainer: block.get('m') || undefined,
      });
    }
    block = new Map();
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') continue;
    const key = line[0]!;
    // Only the first value of single-valued keys; F/R/Z/a repeat per file and are not needed.
    if (!block.has(key)) block.set(key, line.slice(2).trim());
  }
  flush();
  return out;
}

export interface NpmRecord {
  readonly name: string;
  readonly version: string;
  readonly licenses: string[];
  readonly author?: string;
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && 'type' in value) {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string') return type.trim() || undefined;
  }
  return undefined;
}

/** An installed package's `package.json`. Returns undefined unless it has a string name and version. */
export function parseNpmPackageJson(text: string): NpmRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const obj = json as Record<string, unknown>;
  const name = obj.name;
  const version = obj.version;
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '')
    return undefined;
  const licenses: string[] = [];
  const single = licenseOf(obj.license);
  if (single) licenses.push(single);
  if (Array.isArray(obj.licenses)) {
    for (const l of obj.licenses) {
      const v = licenseOf(l);
      if (v) licenses.push(v);
    }
  }
  let author: string | undefined;
  if (typeof obj.author === 'string') author = obj.author;
  else if (obj.author && typeof obj.author === 'object') {
    const n = (obj.author as { name?: unknown }).name;
    if (typeof n === 'string') author = n;
  }
  return { name, version, licenses, author: author?.trim() || undefined };
}

export interface PythonRecord {
  readonly name: string;
  readonly version: string;
  readonly licenses: string[];
  readonly author?: string;
}

const LICENSE_CLASSIFIERS: Record<string, string> = {
  'MIT License': 'MIT',
  'Apache Software License': 'Apache-2.0',
  'BSD License': 'BSD-3-Clause',
  'ISC License (ISCL)': 'ISC',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'Python Software Foundation License': 'PSF-2.0',
  'The Unlicense (Unlicense)': 'Unlicense',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Library or Lesser General Public License (LGPL)': 'LGPL-2.0-or-later',
  'zlib/libpng License': 'Zlib',
};

/** Core metadata (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`): headers up to the first blank line. */
export function parsePythonMetadata(text: string): PythonRecord | undefined {
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last[1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const get = (key: string): string | undefined => headers.find((h) => h[0] === key)?.[1];
  const name = get('name');
  const version = get('version');
  if (!name || !version) return undefined;
  const licenses: string[] = [];
  const expression = get('license-expression');
  const license = get('license');
  if (expression) licenses.push(expression);
  else if (license && !license.includes('\n') && license.length <= 100 && !/^unknown$/i.test(license)) {
    licenses.push(license);
  } else {
    for (const [key, value] of headers) {
      if (key !== 'classifier' || !value.startsWith('License ::')) continue;
      const last = value.split('::').pop()?.trim();
      if (!last || last === 'OSI Approved') continue;
      licenses.push(LICENSE_CLASSIFIERS[last] ?? last);
    }
  }
  return { name, version, licenses, author: get('author') || get('author-email') || undefined };
}

/** Machine-readable Debian `copyright` (DEP-5): the distinct `License:` short names. */
export function parseDebianCopyright(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(/^License:[ \t]*(\S[^\r\n]*)$/gm)) {
    const value = match[1]!.trim();
    if (value.length > 0 && value.length <= 80) seen.add(value);
  }
  return [...seen].sort();
}

/** Java `MANIFEST.MF` main section (continuation lines start with one space). */
export function parseJarManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // end of the main section
    if (line.startsWith(' ') && last !== undefined) {
      out.set(last, `${out.get(last) ?? ''}${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    out.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

/** Java `.properties` (as in `pom.properties`): `key=value` / `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}
