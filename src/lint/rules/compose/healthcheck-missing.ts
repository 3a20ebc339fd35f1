import { defineComposeRule } from '../../engine/compose.js';
import { dockerfileHealthcheck, healthSource, oneShotReason } from '../support/compose-ops-util.js';

interface Options {
  /** Extra images (path without registry, e.g. `myorg/api`) known to define a HEALTHCHECK. */
  imagesWithHealthcheck: string[];
}

export default defineComposeRule<'missing' | 'missingBuilt', Options>({
  name: 'healthcheck-missing',
  meta: {
    description:
      'A long-running service has no healthcheck (in the compose file, its Dockerfile or a known image): add one so Compose, `depends_on` and orchestrators can tell ready from hung',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        'service "{{service}}" has no healthcheck, and its image {{image}} is not known to define one: add a `healthcheck:` so a hung container shows up as unhealthy',
      missingBuilt:
        'service "{{service}}" has no healthcheck, and its {{dockerfile}} has no HEALTHCHECK: add one (in the Dockerfile or as `healthcheck:`)',
    },
    defaultOptions: { imagesWithHealthcheck: [] },
    optionsSchema: {
      type: 'object',
      properties: { imagesWithHealthcheck: { type: 'array', items: { type: 'string' } } },
      additionalProperties: false,
    },
    sources: ['kics:healthcheck_not_set'],
    spec: '01-docker-mastery-tiers: Tier 2 checklist: Health checks on all services',
  },
  create(context) {
    const extra = context.options.imagesWithHealthcheck ?? [];
    return {
      service(name, service) {
        if (service.healthcheck) return; // written (a test, timings only, or switched off on purpose)
        if (healthSource(service, extra)) return;
        if (oneShotReason(name, service, context.model.services)) return;
        if (service.build) {
          if (dockerfileHealthcheck(service) !== 'absent') return; // remote, inline-less or missing Dockerfile
          const dockerfile =
            service.build.dockerfile_inline !== undefined
              ? 'inline Dockerfile'
              : (service.build.dockerfile ?? 'Dockerfile');
          context.report({
            path: ['services', name],
            at: 'key',
            messageId: 'missingBuilt',
            data: { service: name, dockerfile },
          });
          return;
        }
        if (!service.image) return;
        context.report({
          path: ['services', name],
          at: 'key',
          messageId: 'missing',
          data: { service: name, image: service.image },
        });
      },
    };
  },
});
