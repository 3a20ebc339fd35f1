// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import { defineRule } from '../../engine/rule.js';
import { locateVariables } from '../support/images-base.js';

export default defineRule({
  name: 'env-self-reference',
  meta: {
    description:
      'Do not use a variable in the same ENV instruction that sets it; the reference sees the old value. Split the ENV',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      empty:
        '`${{name}}` is set earlier in this same ENV, but ENV expands every value before setting any, so it is empty here; move `{{pair}}` to its own ENV',
      previous:
        '`${{name}}` is set earlier in this same ENV, but ENV expands every value before setting any, so it still has its previous value here; move `{{pair}}` to its own ENV',
    },
    sources: ['hadolint:DL3044'],
    spec: '03-dockerfile-fundamentals: ENV for runtime configuration',
  },
  create(context) {
    const source = context.ast.source;
    return {
      ENV(node) {
        const scope = context.model.scopeAt(node);
        node.pairs.forEach((pair, i) => {
          if (i === 0) return;
          const earlier = new Set(node.pairs.slice(0, i).map((p) => p.key));
          const seen = new Set<string>();
          for (const v of locateVariables(source, pair.valueRange, pair.value, context.ast.escapeToken)) {
            if (!earlier.has(v.name) || seen.has(v.name)) continue;
            seen.add(v.name);
            const before = scope.lookup(v.name) !== undefined;
            context.report({
              node,
              range: v.range,
              messageId: before ? 'previous' : 'empty',
              data: { name: v.name, pair: pair.key },
            });
          }
        });
      },
    };
  },
});
