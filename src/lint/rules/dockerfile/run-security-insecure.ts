import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'run-security-insecure',
  meta: {
    description:
      '`RUN --security=insecure` runs the step with full root privileges on the build host; avoid it',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      insecure:
        '`RUN --security=insecure` runs this step without the build sandbox (all capabilities, host devices); it needs the `security.insecure` entitlement',
    },
    spec: '04-images-registry-security: 3. Container Security',
  },
  create(context) {
    return {
      RUN(node) {
        const flag = node.security;
        if (flag?.value?.toLowerCase() !== 'insecure') return;
        context.report({
          node,
          range: flag.range,
          messageId: 'insecure',
          hint: 'Find an unprivileged way (rootless tools, pre-built artifacts); if it is unavoidable, keep it in a build stage and document why.',
        });
      },
    };
  },
});
