import { defineComposeRule } from '../../engine/compose.js';
import { isDict, oneShotReason } from '../support/compose-ops-util.js';

export default defineComposeRule<'missing', Record<string, never>>({
  name: 'restart-policy',
  meta: {
    description:
      'A long-running service without `restart` (or `deploy.restart_policy`) stays down after a crash or a host reboot: set `restart: unless-stopped` (or `always`, `on-failure`)',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        'service "{{service}}" has no restart policy: after a crash or a Docker daemon restart it stays down; add `restart: unless-stopped`',
    },
    spec: '01-docker-mastery-tiers: Tier 2-3: restart policies on long-running services',
  },
  create(context) {
    return {
      service(name, service) {
        if (typeof service.restart === 'string' && service.restart !== '') return;
        const deploy = isDict(service.deploy) ? service.deploy : {};
        if (isDict(deploy.restart_policy)) return;
        if (oneShotReason(name, service, context.model.services)) return;
        context.report({
          path: ['services', name],
          at: 'key',
          messageId: 'missing',
          data: { service: name },
        });
      },
    };
  },
});
