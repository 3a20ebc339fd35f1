import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Scalar,
  type Node as YamlNode,
} from 'yaml';
import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import type { Range, SourceFile } from '../../core/source.js';
import { childOrigin, type Origin, setChildOrigin, setOrigin, setTag } from './provenance.js';

/** Limits that keep a hostile file from exhausting memory or the stack. */
export const LIMITS = {
  /** Bytes of one compose file. Real files are a few KB; 4 MB is generous. */
  maxFileSize: 4 * 1024 * 1024,
  /** Nodes produced by expanding aliases (the "billion laughs" guard). */
  maxAliasExpansion: 100_000,
  /** Nesting depth of mappings and sequences. */
  maxDepth: 256,
} as const;

export function diagnostic(
  source: SourceFile,
  range: Range,
  severity: Severity,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return {
    file: source.path,
    range,
    start: source.positionAt(range.start),
    end: source.positionAt(range.end),
    severity,
    code,
    message,
    ...(hint ? { hint } : {}),
  };
}

export interface ParsedYaml {
  readonly document: Document;
  /** The document as plain data (aliases and `<<` merge keys resolved), with provenance attached. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  /** False when the YAML could not be read at all (syntax error, guard tripped). */
  readonly ok: boolean;
}

class GuardError extends Error {
  constructor(
    message: string,
    readonly range: Range,
    readonly code: string,
  ) {
    super(message);
  }
}

function nodeRange(node: YamlNode | null | undefined, fallback: Range): Range {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Parse one compose file's text into a YAML document and plain data with provenance. */
export function parseComposeYaml(source: SourceFile): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  const whole = { start: 0, end: Math.min(source.text.length, 1) };
  if (source.text.length > LIMITS.maxFileSize) {
    diagnostics.push(
      diagnostic(
        source,
        whole,
        'error',
        'compose/file-too-large',
        `file is too large (${source.text.length} characters; the limit is ${LIMITS.maxFileSize})`,
        'A compose file this large is almost certainly not hand-written; split it with include or -f.',
      ),
    );
    return { document: parseDocument(''), value: null, diagnostics, ok: false };
  }
  const document = parseDocument(source.text, { prettyErrors: false, uniqueKeys: true, strict: false });
  for (const error of document.errors) {
    const [start, end] = error.pos;
    diagnostics.push(
      diagnostic(
        source,
        { start, end: Math.max(end, start) },
        'error',
        'compose/yaml-syntax',
        yamlMessage(error.message),
      ),
    );
  }
  for (const warning of document.warnings) {
    if (/Unresolved tag: !(reset|override)\b/.test(warning.message)) continue;
    const [start, end] = warning.pos;
    diagnostics.push(
      diagnostic(source, { start, end }, 'warning', 'compose/yaml-warning', yamlMessage(warning.message)),
    );
  }
  if (document.errors.length > 0) return { document, value: null, diagnostics, ok: false };

  const converter = new Converter(source, document);
  try {
    const value = converter.convert(document.contents as YamlNode | null, 0, whole);
    return { document, value, diagnostics: [...diagnostics, ...converter.diagnostics], ok: true };
  } catch (error) {
    if (!(error instanceof GuardError)) throw error;
    diagnostics.push(diagnostic(source, error.range, 'error', error.code, error.message));
    return { document, value: null, diagnostics, ok: false };
  }
}

function yamlMessage(message: string): string {
  // The yaml package appends " at line L, column C:" and a code frame; we print our own place.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  #expanded = 0;

  constructor(
    readonly source: SourceFile,
    readonly document: Document,
  ) {}

  origin(node: YamlNode | null | undefined, fallback: Range, keyRange?: Range): Origin {
    const range = nodeRange(node, fallback);
    return keyRange ? { source: this.source, range, keyRange } : { source: this.source, range };
  }

  convert(node: YamlNode | null | undefined, depth: number, fallback: Range, viaAlias = false): unknown {
    if (depth > LIMITS.maxDepth) {
      throw new GuardError(
        `document nests deeper than ${LIMITS.maxDepth} levels`,
        nodeRange(node, fallback),
        'compose/too-deep',
      );
    }
    if (viaAlias && ++this.#expanded > LIMITS.maxAliasExpansion) {
      throw new GuardError(
        `aliases expand to more than ${LIMITS.maxAliasExpansion} nodes (a YAML "billion laughs" document?)`,
        nodeRange(node, fallback),
        'compose/alias-bomb',
      );
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) {
        throw new GuardError(
          `unknown alias *${node.source}`,
          nodeRange(node, fallback),
          'compose/yaml-syntax',
        );
      }
      return this.convert(target as YamlNode, depth + 1, nodeRange(node, fallback), true);
    }
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const out: unknown[] = [];
      setOrigin(out, this.origin(node, fallback));
      node.items.forEach((item, i) => {
        const itemNode = item as YamlNode | null;
        const value = this.convert(itemNode, depth + 1, nodeRange(node, fallback), viaAlias);
        out.push(value);
        setChildOrigin(out, i, this.origin(itemNode, nodeRange(node, fallback)));
      });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      setOrigin(out, this.origin(node, fallback));
      const merges: YamlNode[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const valueNode = pair.value as YamlNode | null;
        const keyRange = nodeRange(keyNode, nodeRange(node, fallback));
        if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
          merges.push(valueNode as YamlNode);
          continue;
        }
        let key: string;
        if (isScalar(keyNode)) key = keyNode.value === null ? 'null' : String(keyNode.value);
        else if (keyNode === null) key = 'null';
        else {
          this.diagnostics.push(
            diagnostic(this.source, keyRange, 'error', 'compose/yaml-key', 'mapping keys must be scalars'),
          );
          continue;
        }
        const tag = valueNode && !isAlias(valueNode) ? valueNode.tag : undefined;
        if (tag === '!reset') {
          setTag(out, key, 'reset');
          setChildOrigin(out, key, this.origin(valueNode, keyRange, keyRange));
          continue;
        }
        if (tag === '!override') setTag(out, key, 'override');
        const value = this.convert(valueNode, depth + 1, keyRange, viaAlias);
        out[key] = value;
        setChildOrigin(out, key, this.origin(valueNode, keyRange, keyRange));
      }
      // YAML merge keys: explicit keys win; earlier sources win over later ones.
      for (const mergeNode of merges) {
        const sources = isSeq(mergeNode) ? (mergeNode.items as YamlNode[]) : [mergeNode];
        for (const src of sources) {
          const value = this.convert(src, depth + 1, nodeRange(node, fallback), viaAlias);
          if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            this.diagnostics.push(
              diagnostic(
                this.source,
                nodeRange(src, nodeRange(node, fallback)),
                'error',
                'compose/yaml-merge',
                'a << merge key needs a mapping (or a list of mappings)',
              ),
            );
            continue;
          }
          for (const [k, v] of Object.entries(value)) {
            if (Object.hasOwn(out, k)) continue;
            out[k] = v;
            const o = childOrigin(value, k);
            if (o) setChildOrigin(out, k, o);
          }
        }
      }
      return out;
    }
    return null;
  }
}

function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return node.source ?? value.toISOString();
  return value;
}
