import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'file-starts-with-from',
  meta: {
    description:
      'Start the Dockerfile with FROM; only ARG, comments and parser directives may come before it',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      beforeFrom:
        '{{keyword}} before the first FROM is not part of any stage (BuildKit fails with "no build stage in current context"); only ARG may come before FROM',
    },
    sources: ['hadolint:DL3061'],
    spec: '03-dockerfile-fundamentals: FROM starts every build stage',
  },
  create(context) {
    let sawFrom = false;
    return {
      instruction(node) {
        if (sawFrom) return;
        if (node.keyword === 'FROM') {
          sawFrom = true;
          return;
        }
        if (node.keyword === 'ARG') return;
        context.report({
          node,
          range: node.keywordRange,
          messageId: 'beforeFrom',
          data: { keyword: node.keywordText.toUpperCase() },
        });
      },
    };
  },
});
