import type { Range } from '../../../core/index.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import { type ImageRef, normalizeImageRef } from '../../../parse/dockerfile/image-ref.js';
import { defineRule } from '../../engine/rule.js';
import { stageBaseInfo } from '../support/images-base.js';

const DOCKER_HUB_ALIASES = new Set([
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
]);

/** Registries that were frozen or shut down: their images no longer get security updates. */
const RETIRED: Record<string, string> = {
  'k8s.gcr.io': 'registry.k8s.io',
  'docker.pkg.github.com': 'ghcr.io',
};

function normalizeDomain(domain: string): string {
  const d = domain.toLowerCase();
  return DOCKER_HUB_ALIASES.has(d) ? 'docker.io' : d;
}

/**
 * Does `domain/path` match a trusted entry? Entries are a registry (`docker.io`, `registry.local:5000`),
 * a wildcard (`*.gcr.io` = any subdomain, `*` = anything) or a registry with a path prefix (`ghcr.io/my-org`).
 */
export function isTrusted(domain: string, path: string, entries: readonly string[]): boolean {
  const d = normalizeDomain(domain);
  for (const raw of entries) {
    const entry = raw
      .trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    const entryDomain = normalizeDomain(slash >= 0 ? entry.slice(0, slash) : entry);
    const entryPath = slash >= 0 ? entry.slice(slash + 1) : '';
    const domainOk = entryDomain.startsWith('*.') ? d.endsWith(entryDomain.slice(1)) : d === entryDomain;
    if (!domainOk) continue;
    if (entryPath === '') return true;
    // `docker.io/node` means the official image `docker.io/library/node`.
    const wanted = d === 'docker.io' && !entryPath.includes('/') ? `library/${entryPath}` : entryPath;
    if (path === wanted || path.startsWith(`${wanted}/`)) return true;
  }
  return false;
}

export default defineRule({
  name: 'trusted-registry',
  meta: {
    description:
      'Pull base images only from the registries in `trustedRegistries`, and never from retired registries',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      untrusted: 'Image `{{image}}` comes from `{{registry}}`, which is not a trusted registry ({{trusted}})',
      retired:
        'Registry `{{registry}}` is frozen and no longer receives updates; pull `{{image}}` from `{{replacement}}` instead',
    },
    sources: ['hadolint:DL3026'],
    spec: '02-production-self-check: Image provenance considered: base images, registries, tags, SBOMs, and signatures are handled where risk warrants',
  },
  create(context) {
    const trusted = context.settings.trustedRegistries;
    const check = (node: Instruction, ref: ImageRef, range: Range): void => {
      const n = normalizeImageRef(ref);
      const retiredBy = RETIRED[n.domain.toLowerCase()];
      if (retiredBy !== undefined) {
        context.report({
          node,
          range,
          messageId: 'retired',
          data: { registry: n.domain, image: ref.raw, replacement: retiredBy },
        });
        return;
      }
      if (trusted.length === 0 || isTrusted(n.domain, n.path, trusted)) return;
      context.report({
        node,
        range,
        messageId: 'untrusted',
        data: { image: ref.raw, registry: n.domain, trusted: trusted.join(', ') },
      });
    };
    return {
      stageEnter(stage) {
        const info = stageBaseInfo(stage);
        if (info.kind !== 'image') return;
        check(
          stage.from,
          info.ref,
          info.literal && info.ref.registryRange ? info.ref.registryRange : info.range,
        );
      },
      fileExit() {
        // `COPY --from=image` and `RUN --mount=from=image` pull images too.
        for (const r of context.model.references) {
          if (r.target.kind !== 'image' || r.value.includes('$') || r.value === '') continue;
          if (r.target.ref.isScratch || r.value.toLowerCase() === 'context') continue;
          check(r.instruction, r.target.ref, r.range);
        }
      },
    };
  },
});
