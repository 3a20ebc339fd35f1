import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule<'both', Record<string, never>>({
  name: 'build-and-image',
  meta: {
    description:
      'A service with both `build` and `image` but no `pull_policy` is ambiguous: Compose may pull the image instead of building it; set `pull_policy: build` (or `never`/`missing`) to say which',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      both: 'service "{{service}}" has both `build` and `image: {{image}}` without `pull_policy`: `docker compose up`/`pull` try to pull {{image}} first and only build when the pull fails; set `pull_policy: build` to always build (or remove `build`)',
    },
    sources: ['dclint:no-build-and-image'],
  },
  create(context) {
    return {
      service(name, service) {
        if (!service.build || typeof service.image !== 'string' || service.image === '') return;
        if (service.pull_policy !== undefined && service.pull_policy !== null && service.pull_policy !== '')
          return;
        context.report({
          path: ['services', name, 'image'],
          at: 'key',
          messageId: 'both',
          data: { service: name, image: service.image },
        });
      },
    };
  },
});
