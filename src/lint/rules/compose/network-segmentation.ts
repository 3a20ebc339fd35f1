import type { ComposeService } from '../../../parse/compose/model.js';
import { defineComposeRule } from '../../engine/compose.js';
import { databaseOf, imageInfo, isDict } from '../support/compose-ops-util.js';

const PROXY_IMAGES = new Set([
  'nginx',
  'nginx-unprivileged',
  'openresty',
  'traefik',
  'caddy',
  'haproxy',
  'envoy',
  'httpd',
  'nginx-proxy',
  'nginx-proxy-manager',
  'swag',
  'varnish',
]);
const PROXY_NAMES =
  /^(?:proxy|reverse[-_]?proxy|nginx|traefik|caddy|haproxy|envoy|gateway|ingress|lb|load[-_]?balancer|edge)$/i;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The first host port a service publishes beyond loopback, or undefined. */
function publicPort(service: ComposeService): string | undefined {
  if (service.network_mode !== undefined) return undefined;
  for (const p of service.ports ?? []) {
    if (p.published === undefined || p.published === null || p.published === '') continue;
    const ip = typeof p.host_ip === 'string' ? p.host_ip.replace(/^\[|\]$/g, '') : '';
    if (LOOPBACK.has(ip) || ip.startsWith('127.')) continue;
    return String(p.published);
  }
  return undefined;
}

function isProxy(name: string, service: ComposeService): boolean {
  const info = imageInfo(service.image);
  return (info !== undefined && PROXY_IMAGES.has(info.last)) || PROXY_NAMES.test(name);
}

export default defineComposeRule<'shared', Record<string, never>>({
  name: 'network-segmentation',
  meta: {
    description:
      'A database shares a network with a public-facing reverse proxy: split the stack into a frontend network and an internal backend network so the proxy cannot reach the database',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      shared:
        '{{kind}} service "{{service}}" is on network "{{network}}" together with "{{proxy}}", which publishes port {{port}}: a compromised proxy reaches the database directly; put "{{service}}" on a backend network (`internal: true`) shared only with the services that use it',
    },
    spec: '01-docker-mastery-tiers: Step 3 Compose: network isolation (frontend/backend separation)',
  },
  create(context) {
    const services = context.model.services;
    return {
      service(name, service) {
        const db = databaseOf(service);
        if (!db || service.network_mode !== undefined || !isDict(service.networks)) return;
        for (const network of Object.keys(service.networks)) {
          if (context.model.networks[network]?.internal === true) continue;
          for (const [other, s] of Object.entries(services)) {
            if (other === name || databaseOf(s) || !isDict(s.networks) || !(network in s.networks)) continue;
            if (!isProxy(other, s) || s.depends_on?.[name]) continue;
            const port = publicPort(s);
            if (port === undefined) continue;
            const at = context.locate(['services', name, 'networks', network]);
            const svc = context.locate(['services', name]);
            const written =
              at && svc && (at.range.start !== svc.range.start || at.range.end !== svc.range.end);
            context.report({
              path: written ? ['services', name, 'networks', network] : ['services', name],
              at: 'key',
              messageId: 'shared',
              data: { kind: db.kind, service: name, network, proxy: other, port },
            });
            return;
          }
        }
      },
    };
  },
});
