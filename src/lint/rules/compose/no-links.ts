import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule<'links', Record<string, never>>({
  name: 'no-links',
  meta: {
    description:
      '`links` is a legacy Docker feature: services on a shared network already reach each other by service name; use `depends_on` for ordering and network `aliases` for extra names',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      links:
        'service "{{service}}" uses legacy `links` ({{links}}): on a Compose network services reach each other by name already; remove it (use `depends_on` for start order, `networks.<net>.aliases` for another name)',
    },
  },
  create(context) {
    return {
      service(name, service) {
        const links = service.links;
        if (!Array.isArray(links) || links.length === 0) return;
        context.report({
          path: ['services', name, 'links'],
          at: 'key',
          messageId: 'links',
          data: { service: name, links: links.map(String).join(', ') },
        });
      },
    };
  },
});
