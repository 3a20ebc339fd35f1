import { Document, isMap, isNode, isSeq, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isCommented, type YamlFileModel, type YamlValue } from '../model/yaml.js';

const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Builds a yaml node tree by hand so comments land on the right node (`createNode` would drop them). */
function toNode(doc: Document, v: YamlValue): Node {
  if (isCommented(v)) {
    const node = toNode(doc, v.value);
    if (v.trailing) node.comment = ` ${v.trailing}`;
    if (v.before?.length) node.commentBefore = v.before.map((l) => (l ? ` ${l}` : '')).join('\n');
    return node;
  }
  if (Array.isArray(v)) {
    const seq = new YAMLSeq(doc.schema);
    for (const item of v) {
      const node = toNode(doc, item as YamlValue);
      // A comment above the first key of a list item goes above the `-` (where a re-parse puts it too).
      const first = isMap(node) ? node.items[0] : undefined;
      if (first && isNode(first.key) && first.key.commentBefore) {
        node.commentBefore = first.key.commentBefore;
        first.key.commentBefore = undefined;
      }
      seq.items.push(node);
    }
    return seq;
  }
  if (typeof v === 'object' && v !== null) {
    const map = new YAMLMap(doc.schema);
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const valueNode = toNode(doc, x as YamlValue);
      const key = new Scalar(k);
      // Keys stay plain (`on:` in a workflow); only values get the YAML 1.1 boolean quoting.
      // A comment above a mapping value belongs above its key.
      if (valueNode.commentBefore) {
        key.commentBefore = valueNode.commentBefore;
        valueNode.commentBefore = undefined;
      }
      map.items.push(new Pair(key, valueNode));
    }
    return map;
  }
  const scalar = new Scalar(v);
  // YAML 1.1 readers (PyYAML, older tools) take these for booleans; quote them as values.
  if (typeof v === 'string' && YAML11_BOOL.test(v)) scalar.type = Scalar.QUOTE_DOUBLE;
  // Multi-line strings are scripts: print them as literal blocks, kept byte for byte.
  if (typeof v === 'string' && v.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

export function printYaml(model: YamlFileModel): string {
  const doc = new Document(null);
  const body = toNode(doc, model.body);
  if (model.spaceTopLevel !== false && isMap(body)) {
    body.items.forEach((pair, i) => {
      if (i > 0 && isNode(pair.key)) pair.key.spaceBefore = true;
    });
  }
  if (model.spaceTopLevel !== false && isSeq(body)) {
    body.items.forEach((item, i) => {
      if (i > 0 && isNode(item)) item.spaceBefore = true;
    });
  }
  doc.contents = body;
  if (model.header.length) doc.commentBefore = model.header.map((l) => (l ? ` ${l}` : '')).join('\n');
  return doc.toString({ lineWidth: 0, indentSeq: true, blockQuote: 'literal' });
}
