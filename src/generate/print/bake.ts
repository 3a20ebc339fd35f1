import type { BakeFileModel, BakeTarget, HclValue } from '../model/bake.js';

/**
 * Prints a bake model as HCL the way `terraform fmt` lays it out: two-space indents, the `=` of consecutive
 * one-line attributes aligned, long lists one item per line with a trailing comma, blocks separated by a blank line.
 */

const INDENT = '  ';
/** Lists longer than this (printed inline) go one item per line. */
const INLINE_LIMIT = 72;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL string literal: quotes, backslashes and control characters escaped; `${`/`%{` kept literal. */
export function hclString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // A literal `${` or `%{` would start an interpolation or directive; HCL escapes them by doubling the sigil.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

function isRaw(v: HclValue): v is { readonly $hcl: 'raw'; readonly text: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { $hcl?: string }).$hcl === 'raw';
}

function isObject(
  v: HclValue,
): v is { readonly $hcl: 'object'; readonly entries: Readonly<Record<string, HclValue>> } {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { $hcl?: string }).$hcl === 'object'
  );
}

function objectKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

/** The value on one line, or `null` when it has to span lines (objects, long lists). */
function inline(v: HclValue): string | null {
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isRaw(v)) return v.text;
  if (isObject(v)) return Object.keys(v.entries).length === 0 ? '{}' : null;
  const items = (v as readonly HclValue[]).map(inline);
  if (items.some((i) => i === null)) return null;
  const text = `[${items.join(', ')}]`;
  return text.length <= INLINE_LIMIT ? text : null;
}

/** The value as lines; the first line follows `name = `, later lines are indented by `depth`. */
function valueLines(v: HclValue, depth: number): string[] {
  const one = inline(v);
  if (one !== null) return [one];
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (isObject(v)) {
    return ['{', ...attributeLines(Object.entries(v.entries), depth + 1, objectKey), `${close}}`];
  }
  const lines = ['['];
  for (const item of v as readonly HclValue[]) {
    const [first, ...rest] = valueLines(item, depth + 1);
    lines.push(`${pad}${first}`, ...rest);
    lines[lines.length - 1] += ',';
  }
  lines.push(`${close}]`);
  return lines;
}

/**
 * `name = value` lines at `depth`, with the `=` aligned across each run of one-line attributes (a multi-line
 * value ends the run, as in `terraform fmt`).
 */
function attributeLines(
  attributes: readonly (readonly [string, HclValue])[],
  depth: number,
  key: (name: string) => string = (n) => n,
): string[] {
  const pad = INDENT.repeat(depth);
  const rendered = attributes.map(([name, value]) => ({ name: key(name), lines: valueLines(value, depth) }));
  const out: string[] = [];
  let run: typeof rendered = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((r) => r.name.length));
    for (const r of run) out.push(`${pad}${r.name.padEnd(width)} = ${r.lines[0]}`);
    run = [];
  };
  for (const r of rendered) {
    if (r.lines.length === 1) {
      run.push(r);
      continue;
    }
    flush();
    out.push(`${pad}${r.name} = ${r.lines[0]}`, ...r.lines.slice(1));
  }
  flush();
  return out;
}

function comments(lines: readonly string[] | undefined): string[] {
  return (lines ?? []).map((l) => (l ? `# ${l}` : '#'));
}

/** Splits a comment at spaces so no line is longer than `width` (a single long word stays whole). */
export function wrapComment(text: string, width = 110): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function describe(text: string | undefined): string[] | undefined {
  return text ? wrapComment(text) : undefined;
}

function block(
  kind: string,
  name: string,
  attributes: readonly (readonly [string, HclValue])[],
  comment?: readonly string[],
): string[] {
  const head = `${kind} ${hclString(name)} {`;
  if (attributes.length === 0) return [...comments(comment), `${head}}`];
  return [...comments(comment), head, ...attributeLines(attributes, 1), '}'];
}

function targetBlock(t: BakeTarget): string[] {
  return block('target', t.name, t.attributes, t.comment);
}

export function printBake(model: BakeFileModel): string {
  const blocks: string[][] = [];
  if (model.header.length) blocks.push(comments(model.header));
  for (const v of model.variables) {
    blocks.push(block('variable', v.name, [['default', v.default]], describe(v.description)));
  }
  for (const f of model.functions) {
    blocks.push(
      block(
        'function',
        f.name,
        [
          ['params', { $hcl: 'raw', text: `[${f.params.join(', ')}]` }],
          ['result', { $hcl: 'raw', text: f.result }],
        ],
        describe(f.description),
      ),
    );
  }
  for (const g of model.groups) {
    blocks.push(block('group', g.name, [['targets', g.targets]], describe(g.description)));
  }
  for (const t of model.targets) blocks.push(targetBlock(t));
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
