/** Shared helpers for the Compose security rules (privileges, mounts, secrets, ports). */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../../core/diagnostic.js';
import type { ComposeService } from '../../../parse/compose/model.js';
import type { ComposeRuleContext } from '../../engine/compose.js';

// biome-ignore lint/suspicious/noExplicitAny: rules share these helpers whatever their message ids and options
type AnyContext = ComposeRuleContext<string, any>;

/** A service's `security_opt` entries as strings. */
export function securityOpts(service: ComposeService): string[] {
  const list = service.security_opt;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** `seccomp:unconfined` / `seccomp=unconfined` → ['seccomp', 'unconfined']; `no-new-privileges` → [it, '']. */
export function splitSecurityOpt(option: string): [string, string] {
  const m = /^([^:=]+)[:=](.*)$/s.exec(option.trim());
  return m ? [m[1]!.trim().toLowerCase(), m[2]!.trim()] : [option.trim().toLowerCase(), ''];
}

/** Strings of a list-valued service key (`cap_add`, `devices`, …). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((x) => (typeof x === 'string' ? x : String(x))) : [];
}

/** The source text written at a model path, when it was written exactly there (not an ancestor fallback). */
export function writtenText(
  context: AnyContext,
  path: readonly (string | number)[],
): { text: string; file: string } | undefined {
  const loc = context.locate(path);
  if (!loc) return undefined;
  return { text: loc.source.text.slice(loc.range.start, loc.range.end), file: loc.file };
}

/**
 * How an `environment` entry was written in a compose file: the raw value text (before interpolation) or undefined
 * when the variable does not come from a compose file (env_file, or a key the model filled in).
 */
export function rawEnvironmentValue(context: AnyContext, service: string, key: string): string | undefined {
  const loc = context.locate(['services', service, 'environment', key]);
  if (!loc) return undefined;
  const text = loc.source.text;
  if (loc.keyRange) {
    // Map syntax: the key must be this variable (else the locator fell back to an ancestor).
    if (unquote(text.slice(loc.keyRange.start, loc.keyRange.end)) !== key) return undefined;
    return unquote(text.slice(loc.range.start, loc.range.end));
  }
  const item = unquote(text.slice(loc.range.start, loc.range.end));
  if (item === key) return undefined;
  if (!item.startsWith(`${key}=`)) return undefined;
  return item.slice(key.length + 1);
}

export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

/** Compose interpolation in raw text (`$VAR`, `${VAR…}`), ignoring `$$` escapes. */
export function hasInterpolation(raw: string): boolean {
  return /(?<!\$)(?:\$\$)*\$(?:\{|[A-Za-z_])/.test(raw);
}

/** Raw text with interpolations removed, so only what was written literally remains. */
export function literalParts(raw: string): string {
  return raw
    .replace(/\$\$/g, '\0')
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ')
    .replace(/\0/g, '$');
}

/** `hunter2` → `hu*****`: enough to recognise the value, never the secret itself. */
export function mask(value: string): string {
  const v = value.trim();
  if (v.length <= 4) return '*'.repeat(v.length || 1);
  return `${v.slice(0, 2)}${'*'.repeat(Math.min(v.length - 2, 8))}`;
}

/** Variable names that hold a credential. Stricter than BuildKit's heuristic (no bare `KEY`/`AUTH`). */
const SECRET_TOKEN =
  /(?:^|_)(?:PASSWORD|PASSWD|PASSWORT|PWD|PASS|PASSPHRASE|SECRET|TOKEN|APIKEY|CREDENTIALS?)(?:_|$)/i;
const SECRET_KEY =
  /(?:^|_)(?:API|ACCESS|SECRET|PRIVATE|MASTER|ENCRYPTION|SIGNING|LICENSE|AUTH|APP|CLIENT|SESSION|JWT|ACCOUNT|SERVICE)_?KEY(?:_|$)/i;
/** Names whose last part says the value is not the secret itself. */
const NOT_SECRET_SUFFIX =
  /_(?:FILE|PATH|DIR|URL|URI|HOST|PORT|USER|USERNAME|NAME|ID|LENGTH|LEN|EXPIRY|EXPIRES|EXPIRATION|TTL|TIMEOUT|MIN|MAX|POLICY|HASH|ALGORITHM|ALGO|ENABLED|REQUIRED|TYPE|VERSION|PUBLIC|HEADER|PREFIX|FIELD|PARAM|ROUNDS|LIFETIME|AGE|COOKIE_NAME|LOCATION|SOURCE|ENV|VAR|MODE|METHOD|PROVIDER|FORMAT)$/i;
const NOT_SECRET_WORDS = /(?:^|_)(?:ALLOW|RANDOM|GENERATE|EMPTY|PUBLIC|SKIP|REQUIRE|RESET|FORGOT)(?:_|$)/i;

export function isSecretVariable(name: string): boolean {
  if (/^(?:OLD)?PWD$/i.test(name)) return false;
  if (!SECRET_TOKEN.test(name) && !SECRET_KEY.test(name)) return false;
  return !NOT_SECRET_SUFFIX.test(name) && !NOT_SECRET_WORDS.test(name);
}

/** Values that cannot be a credential: empty, booleans, small numbers, secret-file paths. */
export function isTrivialValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(?:true|false|yes|no|on|off|null|none|nil|0|1|disabled?|enabled?)$/i.test(v)) return true;
  if (/^\d{1,3}$/.test(v)) return true;
  if (v.startsWith('/run/secrets/') || v.startsWith('/var/run/secrets/')) return true;
  return false;
}

// ---- mounts -----------------------------------------------------------------------------------

/** Expand a leading `~` like Compose does (to the user's home, unknown here: keep `~`). */
export function cleanHostPath(path: string): string {
  let p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  if (p === '') p = '/';
  p = p.replace(/\/{2,}/g, '/').replace(/\/\.(?=\/|$)/g, '');
  return p || '/';
}

/** Sockets that give control of a container engine (and so of the host). */
export function engineSocket(path: string): string | undefined {
  const p = cleanHostPath(path);
  const m = /(?:^|\/)(docker|podman|containerd|crio|cri-dockerd|dockershim|buildkitd)\.sock$/.exec(p);
  if (m)
    return m[1] === 'crio'
      ? 'CRI-O'
      : m[1] === 'podman'
        ? 'Podman'
        : m[1] === 'containerd'
          ? 'containerd'
          : 'Docker';
  return undefined;
}

// ---- YAML edits -------------------------------------------------------------------------------

/** The service's mapping node in a file, when the service is written there as a block mapping. */
export function serviceNode(
  context: AnyContext,
  name: string,
): { map: YAMLMap; file: string; text: string } | undefined {
  const loc = context.locate(['services', name]);
  if (!loc) return undefined;
  const file = context.project.files.find((f) => f.path === loc.file);
  if (file?.role !== 'main') return undefined;
  const node = file.document.getIn(['services', name], true) as Node | undefined;
  if (!isMap(node) || node.flow || !node.range) return undefined;
  if (node.range[0] !== loc.range.start) return undefined;
  return { map: node, file: file.path, text: file.source.text };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Edits that make a block-mapping service have `key` list item `item`: append to an existing block or flow
 * sequence, or add the key after the last entry. Undefined when the shape is not one we can edit safely.
 */
export function addListItemEdit(
  context: AnyContext,
  serviceName: string,
  key: string,
  item: string,
): TextEdit | undefined {
  const svc = serviceNode(context, serviceName);
  if (!svc) return undefined;
  const { map, text } = svc;
  const first = map.items[0];
  if (!first || !isScalar(first.key) || !first.key.range) return undefined;
  const indent = ' '.repeat(first.key.range[0] - lineStart(text, first.key.range[0]));
  const existing = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (existing) {
    const seq = existing.value;
    if (!isSeq(seq) || !seq.range) return undefined;
    if (seq.flow) {
      const close = text.lastIndexOf(']', seq.range[1]);
      if (close < seq.range[0]) return undefined;
      const sep = seq.items.length > 0 ? ', ' : '';
      return { range: { start: close, end: close }, text: `${sep}${item}` };
    }
    const firstItem = seq.items[0] as Node | undefined;
    if (!firstItem?.range) return undefined;
    const itemStart = text.lastIndexOf('-', firstItem.range[0]);
    const itemIndent = ' '.repeat(itemStart - lineStart(text, itemStart));
    const last = seq.items.at(-1) as Node;
    const end = last.range ? last.range[1] : seq.range[1];
    const nl = text.indexOf('\n', end);
    const at = nl < 0 ? text.length : nl + 1;
    return { range: { start: at, end: at }, text: `${nl < 0 ? '\n' : ''}${itemIndent}- ${item}\n` };
  }
  const lastPair = map.items.at(-1)!;
  const lastNode = (lastPair.value ?? lastPair.key) as Node | null;
  const end = lastNode?.range ? lastNode.range[1] : map.range![1];
  // End of the line the last entry ends on (block values end after their newline already).
  const at =
    text[end - 1] === '\n'
      ? end
      : (() => {
          const nl = text.indexOf('\n', end);
          return nl < 0 ? text.length : nl + 1;
        })();
  const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { range: { start: at, end: at }, text: `${prefix}${indent}${key}:\n${indent}  - ${item}\n` };
}
