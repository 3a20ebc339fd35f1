import { defineRule } from '../../engine/rule.js';
import { effectiveUser, isRootUser } from '../support/security-user.js';

export default defineRule({
  name: 'numeric-user',
  meta: {
    description: 'Give the final USER as a numeric UID so Kubernetes `runAsNonRoot` can verify it',
    type: 'suggestion',
    severity: 'info',
    profile: false,
    messages: {
      named:
        '`USER {{user}}` is a name: Kubernetes `runAsNonRoot` cannot verify a name and refuses to start the pod; use the numeric UID',
    },
    sources: ['hadolint:DL3066'],
    spec: '01-docker-mastery-tiers: User - Non-root (UID 1001) at Tier 2+',
  },
  create(context) {
    return {
      fileExit() {
        const stage = context.finalStage;
        const node = stage ? effectiveUser(stage) : undefined;
        const arg = node?.user;
        if (!node || !arg) return;
        const raw = arg.value;
        // Values built from an ARG/ENV are exempt, as in hadolint: the number usually comes from there.
        if (raw.includes('$')) return;
        const user = raw.split(':')[0] ?? '';
        if (/^\d+$/.test(user) || isRootUser(raw)) return;
        context.report({
          node,
          range: arg.range,
          messageId: 'named',
          data: { user: raw },
          hint: 'e.g. `RUN useradd --uid 1001 app` then `USER 1001:1001` (or `USER 65532` for distroless `nonroot`).',
        });
      },
    };
  },
});
