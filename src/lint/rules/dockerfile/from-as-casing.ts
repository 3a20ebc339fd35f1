import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'from-as-casing',
  meta: {
    description: 'Write the `AS` of `FROM … AS name` in the same case as `FROM`',
    type: 'style',
    severity: 'style',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      mismatch: "'{{as}}' does not match the casing of '{{from}}'; write '{{expected}}'",
    },
    sources: ['buildkit:FromAsCasing'],
    spec: '03-dockerfile-fundamentals: multi-stage builds with named stages',
  },
  create(context) {
    const source = context.ast.source;
    return {
      FROM(node) {
        if (!node.asRange) return;
        const from = node.keywordText;
        const as = source.slice(node.asRange);
        const lower = from === from.toLowerCase();
        const upper = from === from.toUpperCase();
        // A mixed-case keyword (`From`) is the instruction-casing rule's business, as in BuildKit.
        if (!lower && !upper) return;
        const expected = lower ? as.toLowerCase() : as.toUpperCase();
        if (as === expected) return;
        context.report({
          node,
          range: node.asRange,
          messageId: 'mismatch',
          data: { as, from, expected },
          fix: { range: node.asRange, text: expected },
        });
      },
    };
  },
});
