import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule({
  name: 'read-only-root',
  meta: {
    description:
      'Run containers with a read-only root filesystem (`read_only: true`), giving writable paths a `tmpfs` or a volume',
    type: 'suggestion',
    severity: 'warning',
    profile: 'hardened',
    messages: {
      missing:
        'Service `{{service}}` has a writable root filesystem; set `read_only: true` and mount what it writes{{writable}}',
    },
    spec: '01-docker-mastery-tiers: Read-only root filesystem where possible',
  },
  create(context) {
    return {
      service(name, service) {
        if (service.read_only === true) return;
        const mounted = [
          // Writable data mounts (named volumes, tmpfs); bind mounts are usually config files or sockets.
          ...(service.volumes ?? []).filter((v) => !v.read_only && v.type !== 'bind').map((v) => v.target),
          ...(Array.isArray(service.tmpfs) ? service.tmpfs.map((t) => String(t).split(':')[0]!) : []),
        ];
        context.report({
          path: ['services', name, ...(service.read_only !== undefined ? ['read_only'] : [])],
          at: service.read_only !== undefined ? 'value' : 'key',
          messageId: 'missing',
          data: {
            service: name,
            writable:
              mounted.length > 0
                ? ` (already mounted: ${mounted.slice(0, 4).join(', ')}${mounted.length > 4 ? ', …' : ''}; add \`tmpfs: [/tmp]\` for scratch files)`
                : ' as `tmpfs` (e.g. `tmpfs: [/tmp, /run]`) or a volume',
          },
        });
      },
    };
  },
});
