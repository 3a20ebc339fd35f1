import { normalizeImageRef, parseImageRef } from '../../../parse/dockerfile/image-ref.js';
import { defineComposeRule } from '../../engine/compose.js';
import { isTrusted } from '../dockerfile/trusted-registry.js';

/** Registries that were frozen or shut down (same list as the Dockerfile rule `trusted-registry`). */
const RETIRED: Record<string, string> = {
  'k8s.gcr.io': 'registry.k8s.io',
  'docker.pkg.github.com': 'ghcr.io',
};

export default defineComposeRule({
  name: 'image-registry-trusted',
  meta: {
    description:
      'Pull service images only from the registries in `trustedRegistries`, and never from retired registries',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      untrusted:
        'Service `{{service}}` pulls `{{image}}` from `{{registry}}`, which is not a trusted registry ({{trusted}})',
      retired:
        'Service `{{service}}` pulls `{{image}}` from `{{registry}}`, which is frozen and no longer receives updates; use `{{replacement}}`',
    },
    spec: '02-production-self-check: Image provenance considered: base images, registries, tags, SBOMs, and signatures are handled where risk warrants',
  },
  create(context) {
    const trusted = context.settings.trustedRegistries;
    return {
      service(name, service) {
        // With `build`, `image` names the image built here (unless it is pulled first: pull_policy).
        if (typeof service.image !== 'string' || service.image.includes('$') || service.image === '') return;
        if (
          service.build !== undefined &&
          !['always', 'missing', 'if_not_present'].includes(String(service.pull_policy))
        )
          return;
        const n = normalizeImageRef(parseImageRef(service.image));
        const replacement = RETIRED[n.domain.toLowerCase()];
        const path = ['services', name, 'image'];
        if (replacement !== undefined) {
          context.report({
            path,
            messageId: 'retired',
            data: { service: name, image: service.image, registry: n.domain, replacement },
          });
          return;
        }
        if (trusted.length === 0 || isTrusted(n.domain, n.path, trusted)) return;
        context.report({
          path,
          messageId: 'untrusted',
          data: { service: name, image: service.image, registry: n.domain, trusted: trusted.join(', ') },
        });
      },
    };
  },
});
