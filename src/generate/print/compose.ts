import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { ComposeFileModel } from '../model/compose.js';

/** Sequences printed inline (`["CMD", "pg_isready"]`), as Docker's documentation writes them. */
const FLOW_KEYS = new Set(['test', 'command', 'ignore']);

/**
 * Strings a YAML 1.1 reader (Compose v1, older tools) would take for something else: `yes`/`off` booleans and
 * `8080:80` base-60 numbers. The `yaml` library already quotes what YAML 1.2 would misread.
 */
function needsQuotes(value: string): boolean {
  return /^(?:y|n|yes|no|on|off)$/i.test(value) || /^[-+]?\d[\d_]*(?::\d+)+(?:\.\d*)?$/.test(value);
}

/**
 * Print a Compose file from plain data through the `yaml` library with fixed options: two-space indent, no line
 * folding, block style except short command lists, strings quoted only where a YAML 1.1 reader would misread them.
 */
export function printCompose(model: ComposeFileModel): string {
  const { header, ...rest } = model;
  // Per-key comments are not Compose data: take them out, print the data, then hang them above their keys.
  const comments = new Map<string, Readonly<Record<string, readonly string[]>>>();
  const services = Object.fromEntries(
    Object.entries(rest.services).map(([name, { comments: c, ...service }]) => {
      if (c) comments.set(name, c);
      return [name, service];
    }),
  );
  const data = { ...rest, services };
  // No anchors/aliases: a value used twice (the same list object) is written out twice, as people write Compose.
  const doc = new Document(data, { keepUndefined: false, aliasDuplicateObjects: false });
  for (const [service, byKey] of comments) {
    const map = doc.getIn(['services', service], true);
    if (!isMap(map)) continue;
    for (const [key, lines] of Object.entries(byKey)) {
      const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) pair.key.commentBefore = lines.map((l) => ` ${l}`).join('\n');
    }
  }
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && FLOW_KEYS.has(String(pair.key.value)) && isSeq(pair.value)) {
        pair.value.flow = true;
      }
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // A blank line between top-level sections.
  const root = doc.contents as { items?: { key: { spaceBefore?: boolean } }[] } | null;
  root?.items?.forEach((item, i) => {
    if (i > 0) item.key.spaceBefore = true;
  });
  if (header.length) doc.commentBefore = header.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
  return doc.toString({ indent: 2, lineWidth: 0, indentSeq: true, flowCollectionPadding: false });
}
