import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule({
  name: 'privileged',
  meta: {
    description:
      '`privileged: true` gives the container every capability and all host devices; grant only the capabilities and devices it needs',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      privileged:
        'Service `{{service}}` runs privileged: it can load kernel modules, reach every host device and escape to the host',
    },
    sources: ['kics:privileged_containers_enabled'],
    spec: '02-production-self-check: Run as non-root and drop capabilities unless the workload genuinely needs them',
  },
  create(context) {
    return {
      service(name, service) {
        if (service.privileged !== true) return;
        context.report({
          path: ['services', name, 'privileged'],
          messageId: 'privileged',
          data: { service: name },
          hint: 'Remove `privileged`; add the few capabilities (`cap_add`) or devices (`devices`) the workload really needs.',
        });
      },
    };
  },
});
