// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import { closestMatch } from '../../../core/suggest.js';
import { PLATFORM_ARGS } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { locateVariables, platformWord } from '../support/images-base.js';

export default defineRule({
  name: 'undefined-arg-in-from',
  meta: {
    description: 'Declare every variable used in FROM with a global `ARG` before the first FROM',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      undeclared:
        'FROM uses `${{name}}`, which is not declared by an ARG before the first FROM; it expands to an empty string',
      undeclaredSuggest:
        'FROM uses `${{name}}`, which is not declared by an ARG before the first FROM (did you mean `${{suggestion}}`?)',
    },
    sources: ['buildkit:UndefinedArgInFrom'],
    spec: '03-dockerfile-fundamentals: ARG before FROM parameterises the base image',
  },
  create(context) {
    const source = context.ast.source;
    return {
      FROM(node) {
        const known = new Set<string>([...PLATFORM_ARGS, ...context.model.globalArgs.keys()]);
        const words: { word: string; range: import('../../../core/index.js').Range }[] = [];
        if (node.image) words.push({ word: node.image.raw, range: node.image.range });
        const platform = platformWord(source, node);
        if (platform) words.push(platform);
        const reported = new Set<string>();
        for (const { word, range } of words) {
          if (!word.includes('$')) continue;
          const result = context.model.expand(node, word);
          // Names that were really looked up (`${A:-$B}` with A set never reads B).
          const unmatched = 'error' in result ? undefined : new Set(result.unmatched);
          for (const v of locateVariables(source, range, word, context.ast.escapeToken)) {
            if (known.has(v.name) || reported.has(v.name)) continue;
            if (unmatched && !unmatched.has(v.name)) continue;
            reported.add(v.name);
            const suggestion = closestMatch(v.name, known);
            context.report({
              node,
              range: v.range,
              messageId: suggestion ? 'undeclaredSuggest' : 'undeclared',
              data: suggestion ? { name: v.name, suggestion } : { name: v.name },
            });
          }
        }
      },
    };
  },
});
