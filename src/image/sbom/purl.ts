/**
 * Package URLs (package-url/purl-spec): `pkg:type/namespace/name@version?qualifiers#subpath`.
 *
 * Encoding: every character except `A–Z a–z 0–9 . - _ ~` and `:` is percent-encoded, per
 * component (so `/` inside a name or a qualifier value becomes `%2F`, `+` becomes `%2B`, `@`
 * becomes `%40`). Namespace segments are encoded one by one and joined with `/`. Qualifier keys
 * are lowercased, pairs with empty values dropped, and the rest sorted by key.
 */

const SAFE = /[A-Za-z0-9.\-_~:]/;

export function purlEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface PurlParts {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly qualifiers?: Readonly<Record<string, string | undefined>>;
  readonly subpath?: string;
}

export function buildPurl(parts: PurlParts): string {
  let out = `pkg:${parts.type.toLowerCase()}/`;
  if (parts.namespace) {
    const segments = parts.namespace.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
    if (segments.length > 0) out += `${segments.map(purlEncode).join('/')}/`;
  }
  out += purlEncode(parts.name);
  if (parts.version) out += `@${purlEncode(parts.version)}`;
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (qualifiers.length > 0) out += `?${qualifiers.map(([k, v]) => `${k}=${purlEncode(v)}`).join('&')}`;
  if (parts.subpath) {
    const segments = parts.subpath.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
    if (segments.length > 0) out += `#${segments.map(purlEncode).join('/')}`;
  }
  return out;
}

/** PyPI names in purls: lowercased, `_` replaced by `-` (purl-spec pypi definition). */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

/** `pkg:golang/<module path minus last segment>/<last segment>@<version>`; module-path case is kept. */
export function golangPurl(modulePath: string, version: string | undefined): string {
  const slash = modulePath.lastIndexOf('/');
  const namespace = slash > 0 ? modulePath.slice(0, slash) : undefined;
  const name = slash > 0 ? modulePath.slice(slash + 1) : modulePath;
  return buildPurl({ type: 'golang', namespace, name, version });
}

/** `pkg:npm/%40scope/name@version` (the scope, with its `@`, is the namespace). */
export function npmPurl(packageName: string, version: string): string {
  const slash = packageName.indexOf('/');
  if (packageName.startsWith('@') && slash > 0) {
    return buildPurl({
      type: 'npm',
      namespace: packageName.slice(0, slash),
      name: packageName.slice(slash + 1),
      version,
    });
  }
  return buildPurl({ type: 'npm', name: packageName, version });
}
