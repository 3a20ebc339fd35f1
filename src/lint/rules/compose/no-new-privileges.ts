import { defineComposeRule } from '../../engine/compose.js';
import { addListItemEdit, securityOpts, splitSecurityOpt } from '../support/compose-sec-util.js';

export default defineComposeRule({
  name: 'no-new-privileges',
  meta: {
    description:
      'Set `security_opt: [no-new-privileges:true]` so processes cannot gain privileges through setuid binaries or file capabilities',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    fixable: 'unsafe',
    messages: {
      missing: 'Service `{{service}}` does not set `no-new-privileges:true` in `security_opt`',
      disabled: 'Service `{{service}}` explicitly allows privilege escalation (`{{option}}`)',
    },
    sources: ['kics:no_new_privileges_not_set', 'kics:security_opt_not_set'],
    spec: '02-production-self-check: Run as non-root and drop capabilities unless the workload genuinely needs them',
  },
  create(context) {
    return {
      service(name, service) {
        const options = securityOpts(service);
        let enabled = false;
        for (const [i, option] of options.entries()) {
          const [key, value] = splitSecurityOpt(option);
          if (key !== 'no-new-privileges') continue;
          if (value === '' || value.toLowerCase() === 'true') enabled = true;
          else {
            context.report({
              path: ['services', name, 'security_opt', i],
              messageId: 'disabled',
              data: { service: name, option },
            });
            return;
          }
        }
        if (enabled) return;
        const fix = addListItemEdit(context, name, 'security_opt', 'no-new-privileges:true');
        context.report({
          path: ['services', name, ...(service.security_opt !== undefined ? ['security_opt'] : [])],
          at: 'key',
          messageId: 'missing',
          data: { service: name },
          hint: 'A setuid binary (sudo, su, ping on old images) or file capabilities then cannot raise privileges; entrypoints that switch users with gosu/su-exec as root still work.',
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});
