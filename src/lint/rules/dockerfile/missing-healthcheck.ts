import { defineRule } from '../../engine/rule.js';
import { longRunningEvidence } from '../support/ops-runtime.js';
import { lineageInstructions } from '../support/ops-util.js';

export default defineRule({
  name: 'missing-healthcheck',
  meta: {
    description:
      'A long-running image (it EXPOSEs a port or runs a server) has no HEALTHCHECK in its final stage',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        'The final image looks long-running ({{reason}}) but has no HEALTHCHECK; add one (or `HEALTHCHECK NONE` to opt out explicitly)',
    },
    sources: ['hadolint:DL3057', 'trivy:DS-0026', 'checkov:CKV_DOCKER_2'],
    spec: '02-production-self-check: HEALTHCHECK present for production images',
  },
  create(context) {
    return {
      fileExit() {
        const stage = context.finalStage;
        if (!stage) return;
        if (lineageInstructions(stage).some((i) => i.keyword === 'HEALTHCHECK')) return;
        const evidence = longRunningEvidence(stage);
        if (!evidence) return;
        context.report({
          node: stage.from,
          range: stage.from.keywordRange,
          messageId: 'missing',
          data: { reason: evidence.reason },
        });
      },
    };
  },
});
