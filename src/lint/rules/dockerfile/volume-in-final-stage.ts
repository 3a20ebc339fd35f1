import { defineRule } from '../../engine/rule.js';
import { stageChain } from '../support/structure-util.js';

export default defineRule({
  name: 'volume-in-final-stage',
  meta: {
    description:
      'Avoid VOLUME in the image that ships; declare volumes at run time (docker run -v, Compose `volumes:`)',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      volume:
        'VOLUME {{paths}} is baked into the shipped image: every container gets an anonymous volume there (they pile up unless removed), users cannot opt out, and the legacy builder discards later build changes under it; declare volumes at run time instead',
    },
    spec: '01-docker-mastery-tiers: Must Avoid — VOLUME directive in Dockerfile for production',
  },
  create(context) {
    const shipped = new Set(stageChain(context.finalStage));
    return {
      VOLUME(node, stage) {
        if (!stage || !shipped.has(stage) || node.paths.length === 0) return;
        const text = node.argsText;
        context.report({
          node,
          range: text.rangeToSource(0, text.text.length),
          messageId: 'volume',
          data: { paths: node.paths.map((p) => p.value).join(' ') },
        });
      },
    };
  },
});
