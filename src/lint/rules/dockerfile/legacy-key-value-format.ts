import type { TextEdit } from '../../../core/diagnostic.js';
import type { EscapeToken, KeyValue } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';

/**
 * The legacy value as one `key=value` word that expands to the same text, or undefined when unsure.
 * Legacy `ENV k a b` keeps the inner whitespace literally; in the `=` form it has to be quoted or escaped.
 */
export function asSingleWord(value: string, esc: EscapeToken): string | undefined {
  if (value.includes('\n') || value.includes('\r')) return undefined;
  let quote: '"' | "'" | undefined;
  let out = '';
  let unquotedSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === esc) {
      out += c + (value[i + 1] ?? '');
      i++;
      continue;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ' ' || c === '\t') {
      unquotedSpace = true;
      out += esc + c;
      continue;
    }
    out += c;
  }
  if (quote) return undefined;
  if (!unquotedSpace) return value;
  // Plain text reads better in double quotes; `$` expands the same way inside them.
  if (!/["'`\\]/.test(value)) return `"${value}"`;
  return out;
}

export default defineRule({
  name: 'legacy-key-value-format',
  meta: {
    description: 'Write ENV and LABEL as `key=value`; the space-separated `ENV key value` form is deprecated',
    type: 'style',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      legacy: '"{{keyword}} {{key}} value" is the deprecated legacy form; write "{{keyword}} {{key}}=value"',
    },
    sources: ['buildkit:LegacyKeyValueFormat'],
    spec: '03-dockerfile-fundamentals: ENV for runtime configuration, LABEL for metadata',
  },
  create(context) {
    const source = context.ast.source;
    const check = (
      node: Parameters<typeof context.report>[0]['node'] & {},
      pairs: readonly KeyValue[],
    ): void => {
      const pair = pairs.find((p) => p.form === 'legacy');
      if (!pair) return;
      let fix: TextEdit[] | undefined;
      const verbatim = source.slice(pair.valueRange) === pair.value;
      const word = verbatim ? asSingleWord(pair.value, context.ast.escapeToken) : undefined;
      if (word !== undefined) {
        fix = [{ range: { start: pair.keyRange.end, end: pair.valueRange.end }, text: `=${word}` }];
      } else if (!verbatim && /^[^"'`\\]*$/.test(pair.value)) {
        // A plain value over line continuations: quote it where it starts and ends. Continuations are joined
        // before the value is lexed, so the quoted value is the same text.
        fix = [
          { range: { start: pair.keyRange.end, end: pair.valueRange.start }, text: '="' },
          { range: { start: pair.valueRange.end, end: pair.valueRange.end }, text: '"' },
        ];
      }
      context.report({
        node,
        range: pair.keyRange,
        messageId: 'legacy',
        data: { keyword: node.keywordText.toUpperCase(), key: pair.key },
        ...(fix ? { fix } : {}),
      });
    };
    return {
      ENV(node) {
        check(node, node.pairs);
      },
      LABEL(node) {
        check(node, node.pairs);
      },
    };
  },
});
