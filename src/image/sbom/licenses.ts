/**
 * License strings as found in package metadata → SPDX identifiers and expressions.
 * Only identifiers from a built-in list of common SPDX ids (and a few Debian/Alpine spellings)
 * are treated as SPDX; anything else is kept as a free-text name (CycloneDX `license.name`,
 * SPDX `LicenseRef-…` with an extracted-licensing-info entry).
 */

const SPDX_IDS = [
  '0BSD',
  'AFL-2.1',
  'AFL-3.0',
  'AGPL-3.0',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'Apache-1.0',
  'Apache-1.1',
  'Apache-2.0',
  'APSL-2.0',
  'Artistic-1.0',
  'Artistic-1.0-Perl',
  'Artistic-2.0',
  'Beerware',
  'BlueOak-1.0.0',
  'BSD-1-Clause',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-4-Clause',
  'BSL-1.0',
  'bzip2-1.0.6',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC-BY-SA-3.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'CDDL-1.0',
  'CDDL-1.1',
  'curl',
  'ECL-2.0',
  'EPL-1.0',
  'EPL-2.0',
  'EUPL-1.1',
  'EUPL-1.2',
  'FTL',
  'GFDL-1.2-only',
  'GFDL-1.2-or-later',
  'GFDL-1.3-only',
  'GFDL-1.3-or-later',
  'GPL-1.0',
  'GPL-1.0+',
  'GPL-1.0-only',
  'GPL-1.0-or-later',
  'GPL-2.0',
  'GPL-2.0+',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0',
  'GPL-3.0+',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'HPND',
  'ICU',
  'IJG',
  'ISC',
  'LGPL-2.0',
  'LGPL-2.0+',
  'LGPL-2.0-only',
  'LGPL-2.0-or-later',
  'LGPL-2.1',
  'LGPL-2.1+',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0',
  'LGPL-3.0+',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'Libpng',
  'MIT',
  'MIT-0',
  'MPL-1.1',
  'MPL-2.0',
  'MS-PL',
  'NCSA',
  'OFL-1.1',
  'OpenSSL',
  'PHP-3.01',
  'PostgreSQL',
  'PSF-2.0',
  'Python-2.0',
  'Ruby',
  'SSPL-1.0',
  'Unicode-3.0',
  'Unicode-DFS-2016',
  'Unlicense',
  'UPL-1.0',
  'Vim',
  'W3C',
  'WTFPL',
  'X11',
  'Zlib',
  'ZPL-2.1',
] as const;

const EXCEPTION_IDS = [
  'Autoconf-exception-2.0',
  'Autoconf-exception-3.0',
  'Bison-exception-2.2',
  'Classpath-exception-2.0',
  'GCC-exception-3.1',
  'LLVM-exception',
  'OpenJDK-assembly-exception-1.0',
] as const;

/** Common non-SPDX spellings (Debian DEP-5 short names, Alpine, PyPI) mapped to SPDX ids. */
const ALIASES: Record<string, string> = {
  expat: 'MIT',
  'mit license': 'MIT',
  'gpl-2': 'GPL-2.0-only',
  'gpl-2+': 'GPL-2.0-or-later',
  'gpl-3': 'GPL-3.0-only',
  'gpl-3+': 'GPL-3.0-or-later',
  'lgpl-2': 'LGPL-2.0-only',
  'lgpl-2+': 'LGPL-2.0-or-later',
  'lgpl-2.1': 'LGPL-2.1-only',
  'lgpl-2.1+': 'LGPL-2.1-or-later',
  'lgpl-3': 'LGPL-3.0-only',
  'lgpl-3+': 'LGPL-3.0-or-later',
  'apache-2': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'bsd-2': 'BSD-2-Clause',
  'bsd-3': 'BSD-3-Clause',
  'mpl-2': 'MPL-2.0',
  zlib: 'Zlib',
};

const BY_LOWER = new Map<string, string>([
  ...SPDX_IDS.map((id) => [id.toLowerCase(), id] as [string, string]),
  ...Object.entries(ALIASES),
]);
const EXCEPTIONS = new Map<string, string>(
  EXCEPTION_IDS.map((id) => [id.toLowerCase(), id] as [string, string]),
);

/** The built-in SPDX license ids (exported for tests). */
export const KNOWN_SPDX_IDS: readonly string[] = SPDX_IDS;

/** A single SPDX license id for `text`, or undefined. */
export function spdxId(text: string): string | undefined {
  return BY_LOWER.get(text.trim().toLowerCase());
}

export type LicenseExpression =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'name'; readonly name: string };

/**
 * Classify one license string: a single SPDX id, an SPDX expression whose every id is known
 * (normalised: canonical ids, upper-case operators), or a free-text name.
 */
export function classifyLicense(text: string): LicenseExpression {
  const raw = text.trim();
  const single = spdxId(raw);
  if (single) return { kind: 'id', id: single };
  const tokens = raw.replace(/[()]/g, ' $& ').split(/\s+/).filter(Boolean);
  if (tokens.length < 3) return { kind: 'name', name: raw };
  const out: string[] = [];
  let expectOperand = true;
  let depth = 0;
  let afterWith = false;
  for (const token of tokens) {
    const upper = token.toUpperCase();
    if (token === '(') {
      if (!expectOperand) return { kind: 'name', name: raw };
      depth++;
      out.push('(');
      continue;
    }
    if (token === ')') {
      if (expectOperand || depth === 0) return { kind: 'name', name: raw };
      depth--;
      out.push(')');
      continue;
    }
    if (upper === 'AND' || upper === 'OR' || upper === 'WITH') {
      if (expectOperand) return { kind: 'name', name: raw };
      expectOperand = true;
      afterWith = upper === 'WITH';
      out.push(upper);
      continue;
    }
    if (!expectOperand) return { kind: 'name', name: raw };
    const id = afterWith ? EXCEPTIONS.get(token.toLowerCase()) : spdxId(token);
    if (!id) return { kind: 'name', name: raw };
    out.push(id);
    expectOperand = false;
    afterWith = false;
  }
  if (expectOperand || depth !== 0) return { kind: 'name', name: raw };
  // Drop parentheses around the whole expression: `(MIT OR Apache-2.0)` → `MIT OR Apache-2.0`.
  while (out[0] === '(' && closingIndex(out) === out.length - 1) {
    out.pop();
    out.shift();
  }
  if (out.length === 1) return { kind: 'id', id: out[0]! };
  return { kind: 'expression', expression: out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')') };
}

/** Index of the `)` matching the `(` at index 0. */
function closingIndex(tokens: readonly string[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '(') depth++;
    else if (tokens[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
