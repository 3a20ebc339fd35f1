import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule<'set' | 'invalidName', Record<string, never>>({
  name: 'container-name',
  meta: {
    description:
      '`container_name` pins one global container name: the service cannot be scaled, and two projects (or two checkouts) using the file collide; let Compose name containers',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      set: 'service "{{service}}" sets `container_name: {{name}}`: it cannot run more than one replica and clashes with any other project using the same name; refer to it by service name instead',
      invalidName:
        'service "{{service}}" has `container_name: {{name}}`, which Docker rejects when it creates the container: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]+ (the compose schema does not anchor this pattern, so `docker compose config` accepts it)',
    },
    sources: ['dclint:service-container-name-regex'],
  },
  create(context) {
    return {
      service(name, service) {
        if (typeof service.container_name !== 'string' || service.container_name === '') return;
        if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(service.container_name)) {
          context.report({
            path: ['services', name, 'container_name'],
            messageId: 'invalidName',
            data: { service: name, name: JSON.stringify(service.container_name) },
          });
          return;
        }
        context.report({
          path: ['services', name, 'container_name'],
          at: 'key',
          messageId: 'set',
          data: { service: name, name: service.container_name },
        });
      },
    };
  },
});
