import { defineRule } from '../../engine/rule.js';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export default defineRule({
  name: 'onbuild-chain',
  meta: {
    description: '`ONBUILD` cannot trigger `ONBUILD`, `FROM` or `MAINTAINER`',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      chain: '{{trigger}} is not allowed as an ONBUILD trigger; the build fails',
    },
    sources: ['hadolint:DL3043'],
    spec: '03-dockerfile-fundamentals: Dockerfile instructions used as documented',
  },
  create(context) {
    return {
      ONBUILD(node) {
        const trigger = node.trigger;
        if (!trigger || !FORBIDDEN.has(trigger.keyword)) return;
        context.report({
          node,
          range: trigger.keywordRange,
          messageId: 'chain',
          data: { trigger: trigger.keyword },
        });
      },
    };
  },
});
