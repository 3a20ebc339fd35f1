import { defineComposeRule } from '../../engine/compose.js';
import { isDict } from '../support/compose-ops-util.js';

export default defineComposeRule<'noLimits' | 'noMemoryLimit', Record<string, never>>({
  name: 'resource-limits',
  meta: {
    description:
      'A service without a memory limit (`deploy.resources.limits.memory` or `mem_limit`) can exhaust the host: set memory (and CPU) limits on every production service',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      noLimits:
        'service "{{service}}" has no resource limits: set `deploy.resources.limits` (memory, cpus) so one runaway container cannot starve the others',
      noMemoryLimit:
        'service "{{service}}" limits CPU but not memory: set `deploy.resources.limits.memory` (or `mem_limit`) so a leak ends in an OOM kill of this container, not the host',
    },
    sources: ['kics:memory_not_limited', 'kics:cpus_not_limited'],
    spec: '02-production-self-check: Compose: resource limits set on production services',
  },
  create(context) {
    return {
      service(name, service) {
        const deploy = isDict(service.deploy) ? service.deploy : {};
        const resources = isDict(deploy.resources) ? deploy.resources : {};
        const limits = isDict(resources.limits) ? resources.limits : {};
        const set = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 0 && v !== '0';
        const memory = set(limits.memory) || set(service.mem_limit);
        const cpus = set(limits.cpus) || set(service.cpus) || set(service.cpu_quota);
        if (memory) return;
        if (service.scale === 0 || deploy.replicas === 0) return;
        context.report({
          path: ['services', name],
          at: 'key',
          messageId: cpus ? 'noMemoryLimit' : 'noLimits',
          data: { service: name },
          hint: 'deploy:\n  resources:\n    limits:\n      memory: 512M\n      cpus: "1.0"',
        });
      },
    };
  },
});
