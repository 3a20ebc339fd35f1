import { normalizeImageRef, parseImageRef } from '../../../parse/dockerfile/image-ref.js';
import { defineComposeRule } from '../../engine/compose.js';
import { isRootUser } from '../support/security-user.js';

/** Images that run as a non-root user by default (by repository path, after Docker Hub normalisation). */
const NON_ROOT_IMAGES = [
  /^docker\.io\/nginxinc\/nginx-unprivileged$/,
  /^docker\.io\/grafana\/(?:grafana|grafana-oss|grafana-enterprise|loki|promtail|tempo|mimir)$/,
  /^docker\.io\/prom\/[^/]+$/,
  /^quay\.io\/prometheus\/[^/]+$/,
  /^docker\.elastic\.co\//,
  /^docker\.io\/library\/(?:elasticsearch|kibana|logstash|sonarqube|jenkins|neo4j|memcached)$/,
  // Official images whose entrypoint starts as root only to fix ownership, then drops to their own user.
  /^docker\.io\/library\/(?:postgres|mysql|mariadb|mongo|redis|valkey|rabbitmq|cassandra|couchdb|zookeeper|influxdb)$/,
  /^docker\.io\/bitnami\//,
  /^mcr\.microsoft\.com\/(?:mssql\/server|azure-sql-edge)$/,
  /^docker\.io\/jenkins\/jenkins$/,
  /^cgr\.dev\//,
  /^docker\.io\/chainguard\//,
  /^quay\.io\/keycloak\/keycloak$/,
  /^docker\.io\/hashicorp\/(?:vault|consul)$/,
  /^docker\.io\/minio\/minio$/,
  // Apache's Kafka images (USER appuser), Valkey (drops to valkey like redis), OpenSearch (USER opensearch).
  /^docker\.io\/apache\/kafka(?:-native)?$/,
  /^docker\.io\/valkey\/valkey$/,
  /^docker\.io\/opensearchproject\/opensearch(?:-dashboards)?$/,
];

function knownNonRoot(image: string): boolean {
  if (image.includes('$')) return true; // unknown after all: do not guess
  const ref = parseImageRef(image);
  const n = normalizeImageRef(ref);
  if (n.tag && /(?:^|[-_.])(?:nonroot|non-root|rootless|unprivileged)(?:$|[-_.])/.test(n.tag)) return true;
  if (/^gcr\.io\/distroless\//.test(`${n.domain}/${n.path}`) && n.tag?.includes('nonroot')) return true;
  return NON_ROOT_IMAGES.some((re) => re.test(`${n.domain}/${n.path}`));
}

export default defineComposeRule({
  name: 'runs-as-root',
  meta: {
    description:
      'Do not run services as root (`user: root`, `0`, `0:0`); in the hardened profile, set a non-root `user` for images not known to use one',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      root: 'Service `{{service}}` runs as root (`user: {{user}}`); use a non-root UID (e.g. `"10001:10001"`)',
      noUser:
        'Service `{{service}}` sets no `user` and image `{{image}}` is not known to run as non-root; set `user:` to a non-root UID',
    },
    spec: '02-production-self-check: Run as non-root and drop capabilities unless the workload genuinely needs them',
  },
  create(context) {
    const hardened = context.settings.profile === 'hardened';
    return {
      service(name, service) {
        const user =
          typeof service.user === 'string'
            ? service.user
            : typeof service.user === 'number'
              ? String(service.user)
              : undefined;
        if (user !== undefined) {
          if (isRootUser(user)) {
            context.report({
              path: ['services', name, 'user'],
              messageId: 'root',
              data: { service: name, user },
            });
          }
          return;
        }
        // A service built here gets its user from its Dockerfile (checked by the Dockerfile rules).
        if (!hardened || service.build !== undefined || typeof service.image !== 'string') return;
        if (knownNonRoot(service.image)) return;
        context.report({
          path: ['services', name, 'image'],
          messageId: 'noUser',
          data: { service: name, image: service.image },
        });
      },
    };
  },
});
