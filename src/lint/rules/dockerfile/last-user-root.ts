import { defineRule } from '../../engine/rule.js';
import { effectiveUser, isRootUser, userValue } from '../support/security-user.js';

export default defineRule({
  name: 'last-user-root',
  meta: {
    description: 'The image that ships switches to root with its last USER; end with a non-root USER',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      root: 'The final image runs as root: its last USER is `{{user}}`; switch to a non-root user (e.g. `USER 1001`)',
    },
    sources: ['hadolint:DL3002', 'trivy:DS-0002', 'checkov:CKV_DOCKER_8'],
    spec: '02-production-self-check: USER directive present - container does NOT run as root',
  },
  create(context) {
    return {
      fileExit() {
        const stage = context.finalStage;
        if (!stage) return;
        const user = effectiveUser(stage);
        if (!user?.user) return;
        const value = userValue(context.model, user);
        if (!value || !isRootUser(value.value)) return;
        context.report({
          node: user,
          range: user.user.range,
          messageId: 'root',
          data: { user: value.value },
          hint: 'Run root-only steps before the last USER, or in a build stage; keep the runtime user unprivileged.',
        });
      },
    };
  },
});
