import { parseImageRef } from '../../../parse/dockerfile/image-ref.js';
import { defineComposeRule } from '../../engine/compose.js';

/** Images of databases, caches, brokers and admin UIs (last path component of the repository). */
const SENSITIVE_IMAGE =
  /^(?:postgres(?:ql)?|postgis|timescaledb|mysql|mariadb|percona(?:-server)?|mongo(?:db)?(?:-community-server)?|redis(?:-stack(?:-server)?)?|valkey|keydb|memcached|elasticsearch|opensearch|rabbitmq|cassandra|scylla|couchdb|couchbase|neo4j|influxdb|clickhouse(?:-server)?|mssql(?:-server)?|oracle(?:-xe|-free)?|cockroach|etcd|consul|zookeeper|kafka|nats|minio|adminer|phpmyadmin|pgadmin4?|mongo-express|redis-commander|redisinsight|kibana|portainer(?:-ce|-ee)?|dragonfly)$/i;
/** Well-known service ports of the same. */
const SENSITIVE_PORT: Record<number, string> = {
  5432: 'PostgreSQL',
  3306: 'MySQL/MariaDB',
  33060: 'MySQL X',
  27017: 'MongoDB',
  6379: 'Redis',
  11211: 'Memcached',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  5672: 'AMQP',
  15672: 'RabbitMQ management',
  9042: 'Cassandra',
  5984: 'CouchDB',
  7474: 'Neo4j browser',
  7687: 'Neo4j Bolt',
  8086: 'InfluxDB',
  1433: 'SQL Server',
  1521: 'Oracle',
  26257: 'CockroachDB',
  2379: 'etcd',
  8500: 'Consul',
  2181: 'ZooKeeper',
  9092: 'Kafka',
  8123: 'ClickHouse HTTP',
  2375: 'Docker API',
  2376: 'Docker API (TLS)',
};

const UNBOUND = new Set(['', '0.0.0.0', '::', '[::]']);

export default defineComposeRule({
  name: 'unbound-port-interfaces',
  meta: {
    description:
      'Publish database, cache and admin ports on a host interface (`127.0.0.1:5432:5432`), not on all interfaces',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      sensitive:
        'Service `{{service}}` publishes {{what}} port {{port}} on all host interfaces; bind it to `127.0.0.1` (Docker’s rules bypass host firewalls such as ufw)',
      unbound:
        'Service `{{service}}` publishes port {{port}} on all host interfaces; name the interface (e.g. `127.0.0.1`)',
    },
    defaultOptions: { allServices: false },
    optionsSchema: {
      type: 'object',
      properties: {
        allServices: {
          type: 'boolean',
          description: 'Report every published port, not only databases/caches/admin UIs',
        },
      },
      additionalProperties: false,
    },
    sources: ['dclint:no-unbound-port-interfaces', 'kics:container_traffic_not_bound_to_host_interface'],
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    const allServices = context.options.allServices === true;
    /** Short syntax only (`"5432:5432"`, `5432`, `0.0.0.0:5432:5432`): write the loopback address in. */
    const fixFor = (path: (string | number)[]) => {
      const loc = context.locate(path);
      if (!loc) return undefined;
      const text = loc.source.text.slice(loc.range.start, loc.range.end);
      const m = /^(["']?)((?:0\.0\.0\.0|\[::\]|::):)?(\d[\d-]*(?::\d[\d-]*)?(?:\/\w+)?)\1$/.exec(text);
      if (!m) return undefined;
      const start = loc.range.start + m[1]!.length;
      const host = m[2] ? '127.0.0.1:' : m[3]!.includes(':') ? '127.0.0.1:' : '127.0.0.1::';
      return { range: { start, end: start + (m[2]?.length ?? 0) }, text: host };
    };
    return {
      service(name, service) {
        if (service.network_mode === 'host') return; // ports are ignored
        const image =
          typeof service.image === 'string' && !service.image.includes('$')
            ? parseImageRef(service.image)
            : undefined;
        const last = image?.repository.split('/').at(-1) ?? '';
        const sensitiveImage = SENSITIVE_IMAGE.test(last) ? last : undefined;
        for (const [i, port] of (service.ports ?? []).entries()) {
          if (port.mode === 'host' && port.published === undefined) continue;
          if (!UNBOUND.has(String(port.host_ip ?? ''))) continue;
          const what = SENSITIVE_PORT[port.target] ?? (sensitiveImage ? `the ${sensitiveImage}` : undefined);
          if (!what && !allServices) continue;
          const shown = `${port.published ?? '(random)'}→${port.target}`;
          const path = ['services', name, 'ports', i];
          const fix = fixFor(path);
          context.report({
            path,
            messageId: what ? 'sensitive' : 'unbound',
            data: { service: name, what: what ?? '', port: shown },
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
});
