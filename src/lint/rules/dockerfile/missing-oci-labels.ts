import { defineRule } from '../../engine/rule.js';
import { lineageInstructions } from '../support/ops-util.js';

const OCI = 'org.opencontainers.image.';

export default defineRule({
  name: 'missing-oci-labels',
  meta: {
    description:
      'The final image lacks required OCI labels (`org.opencontainers.image.source` in production; also version, revision and licenses in hardened)',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      missing: 'The final image has no {{labels}} label{{s}}; add LABEL {{example}}',
    },
    spec: '01-docker-mastery-tiers: LABEL for OCI image metadata',
  },
  create(context) {
    return {
      fileExit() {
        const stage = context.finalStage;
        if (!stage) return;
        const configured = context.settings.requiredLabels;
        const required = configured.length
          ? configured
          : context.settings.profile === 'hardened'
            ? ['source', 'version', 'revision', 'licenses'].map((k) => OCI + k)
            : [`${OCI}source`];
        const present = new Set<string>();
        for (const ins of lineageInstructions(stage)) {
          if (ins.keyword !== 'LABEL') continue;
          for (const pair of ins.pairs) {
            const r = context.model.expand(ins, pair.key);
            present.add(('error' in r ? pair.key : r.value).replace(/^["']|["']$/g, ''));
          }
        }
        const missing = required.filter((k) => !present.has(k));
        if (!missing.length) return;
        context.report({
          node: stage.from,
          range: stage.from.keywordRange,
          messageId: 'missing',
          data: {
            labels: missing.join(', '),
            s: missing.length > 1 ? 's' : '',
            example: missing.map((k) => `${k}=…`).join(' '),
          },
        });
      },
    };
  },
});
