import type { ServiceName } from '../detect/types.js';
import type { ComposeService } from './model/compose.js';
import type { TierFeatures } from './tiers.js';

/**
 * Backing services a Compose stack starts next to the app: official images pinned to a release line, a named
 * volume, a health check that uses a binary the image ships, and credentials through Compose `secrets:` files.
 */
export interface BackingService {
  readonly name: string;
  readonly image: string;
  readonly service: ComposeService;
  /** Named volumes the service mounts. */
  readonly volumes: readonly string[];
  /** Secret name → file, to create before `docker compose up` (never generated). */
  readonly secrets: Readonly<Record<string, string>>;
  /** How the app reaches it from inside the stack (no credentials). */
  readonly address: string;
  /** Connection string example for `.env.example`; `PASSWORD` stands for the secret's content. */
  readonly url?: string;
  readonly memory: string;
}

const LIMITS = (memory: string) => ({ resources: { limits: { cpus: '1.0', memory } } });

function backing(
  name: string,
  image: string,
  memory: string,
  service: Omit<ComposeService, 'image' | 'restart' | 'networks' | 'deploy'>,
  extra: Pick<BackingService, 'volumes' | 'secrets' | 'address'> & { url?: string },
): BackingService {
  return {
    name,
    image,
    memory,
    ...extra,
    service: {
      image,
      ...service,
      restart: 'unless-stopped',
      security_opt: ['no-new-privileges:true'],
      networks: ['backend'],
      deploy: LIMITS(memory),
    },
  };
}

const secretFile = (name: string) => `./secrets/${name}.txt`;

/**
 * What each official image's entrypoint needs when every capability is dropped (tier 3+) and the root filesystem
 * is read-only (tier 4). Images that start as root only to `chown` their data directory and then switch user
 * (gosu / su-exec) need CHOWN, DAC_OVERRIDE, FOWNER, SETGID and SETUID back; images that already run as their own
 * user need none. `tmpfs` lists the paths they write outside their data volume (sockets, pid files, scratch).
 */
const DROP_TO_USER = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];
const RUNTIME_NEEDS: Readonly<
  Record<string, { readonly capAdd: readonly string[]; readonly tmpfs: readonly string[] }>
> = {
  postgres: { capAdd: DROP_TO_USER, tmpfs: ['/tmp', '/var/run/postgresql'] },
  mysql: { capAdd: DROP_TO_USER, tmpfs: ['/tmp', '/var/run/mysqld', '/var/lib/mysql-files'] },
  mariadb: { capAdd: DROP_TO_USER, tmpfs: ['/tmp', '/run/mysqld'] },
  mongodb: { capAdd: DROP_TO_USER, tmpfs: ['/tmp'] },
  redis: { capAdd: DROP_TO_USER, tmpfs: ['/tmp'] },
  valkey: { capAdd: DROP_TO_USER, tmpfs: ['/tmp'] },
  rabbitmq: { capAdd: DROP_TO_USER, tmpfs: ['/tmp'] },
  kafka: { capAdd: [], tmpfs: ['/tmp'] },
  minio: { capAdd: [], tmpfs: ['/tmp'] },
  memcached: { capAdd: [], tmpfs: ['/tmp'] },
  nats: { capAdd: [], tmpfs: ['/tmp'] },
  elasticsearch: { capAdd: [], tmpfs: ['/tmp'] },
  opensearch: { capAdd: [], tmpfs: ['/tmp'] },
};

/** Tier 3+: all capabilities dropped (entrypoint needs added back); tier 4: read-only root with tmpfs paths. */
function harden(service: BackingService, features: TierFeatures | undefined): BackingService {
  if (!features?.hardenedRuntime) return service;
  const needs = RUNTIME_NEEDS[service.name] ?? { capAdd: [], tmpfs: ['/tmp'] };
  const { restart, security_opt, networks, deploy, ...rest } = service.service;
  return {
    ...service,
    service: {
      ...rest,
      restart,
      // Fresh arrays: a shared one would print as a YAML anchor and alias.
      ...(features.enterprise ? { read_only: true, tmpfs: [...needs.tmpfs] } : {}),
      cap_drop: ['ALL'],
      ...(needs.capAdd.length ? { cap_add: [...needs.capAdd] } : {}),
      security_opt,
      networks,
      deploy,
    },
  };
}

/** The catalog, by detected service name, hardened for the tier. SQLite is a file, not a service: it gets a volume on the app. */
export function backingService(name: ServiceName, features?: TierFeatures): BackingService | undefined {
  const service = catalog(name);
  return service ? harden(service, features) : undefined;
}

function catalog(name: ServiceName): BackingService | undefined {
  switch (name) {
    case 'postgres':
      return backing(
        'postgres',
        'postgres:17-alpine',
        '1G',
        {
          environment: {
            POSTGRES_USER: 'app',
            POSTGRES_DB: 'app',
            POSTGRES_PASSWORD_FILE: '/run/secrets/postgres_password',
          },
          secrets: ['postgres_password'],
          volumes: ['postgres-data:/var/lib/postgresql/data'],
          healthcheck: {
            test: ['CMD', 'pg_isready', '-U', 'app', '-d', 'app'],
            interval: '10s',
            timeout: '5s',
            retries: 5,
            start_period: '30s',
          },
        },
        {
          volumes: ['postgres-data'],
          secrets: { postgres_password: secretFile('postgres_password') },
          address: 'postgres:5432',
          url: 'postgresql://app:PASSWORD@postgres:5432/app',
        },
      );
    case 'mysql':
      return backing(
        'mysql',
        'mysql:8.4',
        '1G',
        {
          environment: {
            MYSQL_DATABASE: 'app',
            MYSQL_USER: 'app',
            MYSQL_PASSWORD_FILE: '/run/secrets/mysql_password',
            MYSQL_ROOT_PASSWORD_FILE: '/run/secrets/mysql_root_password',
          },
          secrets: ['mysql_password', 'mysql_root_password'],
          volumes: ['mysql-data:/var/lib/mysql'],
          healthcheck: {
            test: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'],
            interval: '10s',
            timeout: '5s',
            retries: 5,
            start_period: '40s',
          },
        },
        {
          volumes: ['mysql-data'],
          secrets: {
            mysql_password: secretFile('mysql_password'),
            mysql_root_password: secretFile('mysql_root_password'),
          },
          address: 'mysql:3306',
          url: 'mysql://app:PASSWORD@mysql:3306/app',
        },
      );
    case 'mariadb':
      return backing(
        'mariadb',
        'mariadb:11.4',
        '1G',
        {
          environment: {
            MARIADB_DATABASE: 'app',
            MARIADB_USER: 'app',
            MARIADB_PASSWORD_FILE: '/run/secrets/mariadb_password',
            MARIADB_ROOT_PASSWORD_FILE: '/run/secrets/mariadb_root_password',
          },
          secrets: ['mariadb_password', 'mariadb_root_password'],
          volumes: ['mariadb-data:/var/lib/mysql'],
          healthcheck: {
            test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
            interval: '10s',
            timeout: '5s',
            retries: 5,
            start_period: '30s',
          },
        },
        {
          volumes: ['mariadb-data'],
          secrets: {
            mariadb_password: secretFile('mariadb_password'),
            mariadb_root_password: secretFile('mariadb_root_password'),
          },
          address: 'mariadb:3306',
          url: 'mysql://app:PASSWORD@mariadb:3306/app',
        },
      );
    case 'mongodb':
      return backing(
        'mongodb',
        'mongo:8.0',
        '1G',
        {
          environment: {
            MONGO_INITDB_ROOT_USERNAME: 'app',
            MONGO_INITDB_ROOT_PASSWORD_FILE: '/run/secrets/mongodb_password',
          },
          secrets: ['mongodb_password'],
          volumes: ['mongodb-data:/data/db'],
          healthcheck: {
            test: ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping').ok"],
            interval: '10s',
            timeout: '5s',
            retries: 5,
            start_period: '30s',
          },
        },
        {
          volumes: ['mongodb-data'],
          secrets: { mongodb_password: secretFile('mongodb_password') },
          address: 'mongodb:27017',
          url: 'mongodb://app:PASSWORD@mongodb:27017/app?authSource=admin',
        },
      );
    case 'redis':
    case 'valkey': {
      const image = name === 'redis' ? 'redis:7.4-alpine' : 'valkey/valkey:8.1-alpine';
      const cli = name === 'redis' ? 'redis-cli' : 'valkey-cli';
      return backing(
        name,
        image,
        '256M',
        {
          command: [name === 'redis' ? 'redis-server' : 'valkey-server', '--appendonly', 'yes'],
          volumes: [`${name}-data:/data`],
          healthcheck: { test: ['CMD', cli, 'ping'], interval: '10s', timeout: '3s', retries: 5 },
        },
        { volumes: [`${name}-data`], secrets: {}, address: `${name}:6379`, url: `redis://${name}:6379` },
      );
    }
    case 'rabbitmq':
      return backing(
        'rabbitmq',
        'rabbitmq:4.1-management-alpine',
        '512M',
        {
          // The image reads default_user/default_pass from conf.d; the file comes in as a secret.
          secrets: [{ source: 'rabbitmq_config', target: '/etc/rabbitmq/conf.d/20-credentials.conf' }],
          volumes: ['rabbitmq-data:/var/lib/rabbitmq'],
          healthcheck: {
            test: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
            interval: '15s',
            timeout: '10s',
            retries: 5,
            start_period: '30s',
          },
        },
        {
          volumes: ['rabbitmq-data'],
          secrets: { rabbitmq_config: './secrets/rabbitmq.conf' },
          address: 'rabbitmq:5672',
          url: 'amqp://app:PASSWORD@rabbitmq:5672',
        },
      );
    case 'kafka':
      return backing(
        'kafka',
        'apache/kafka:3.9.1',
        '1G',
        {
          environment: {
            KAFKA_NODE_ID: '1',
            KAFKA_PROCESS_ROLES: 'broker,controller',
            KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
            KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
            KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
            KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
            KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
            KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          },
          volumes: ['kafka-data:/var/lib/kafka/data'],
          healthcheck: {
            test: [
              'CMD',
              '/opt/kafka/bin/kafka-broker-api-versions.sh',
              '--bootstrap-server',
              'localhost:9092',
            ],
            interval: '15s',
            timeout: '10s',
            retries: 5,
            start_period: '30s',
          },
        },
        { volumes: ['kafka-data'], secrets: {}, address: 'kafka:9092' },
      );
    case 'minio':
      return backing(
        'minio',
        'minio/minio:RELEASE.2025-04-22T22-12-26Z',
        '512M',
        {
          command: ['server', '/data', '--console-address', ':9001'],
          environment: {
            MINIO_ROOT_USER: 'app',
            MINIO_ROOT_PASSWORD_FILE: '/run/secrets/minio_password',
          },
          secrets: ['minio_password'],
          volumes: ['minio-data:/data'],
          healthcheck: { test: ['CMD', 'mc', 'ready', 'local'], interval: '10s', timeout: '5s', retries: 5 },
        },
        {
          volumes: ['minio-data'],
          secrets: { minio_password: secretFile('minio_password') },
          address: 'minio:9000',
          url: 'http://minio:9000',
        },
      );
    case 'memcached':
      return backing(
        'memcached',
        'memcached:1.6-alpine',
        '128M',
        {
          healthcheck: {
            test: ['CMD-SHELL', 'echo stats | nc 127.0.0.1 11211 | grep -q uptime'],
            interval: '10s',
            timeout: '3s',
            retries: 5,
          },
        },
        { volumes: [], secrets: {}, address: 'memcached:11211' },
      );
    case 'nats':
      return backing(
        'nats',
        'nats:2.11-alpine',
        '256M',
        {
          command: ['--jetstream', '--store_dir', '/data', '--http_port', '8222'],
          volumes: ['nats-data:/data'],
          healthcheck: {
            test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:8222/healthz'],
            interval: '10s',
            timeout: '3s',
            retries: 5,
          },
        },
        { volumes: ['nats-data'], secrets: {}, address: 'nats:4222', url: 'nats://nats:4222' },
      );
    case 'elasticsearch':
    case 'opensearch': {
      const es = name === 'elasticsearch';
      return backing(
        name,
        es ? 'docker.elastic.co/elasticsearch/elasticsearch:8.18.2' : 'opensearchproject/opensearch:2.19.2',
        '2G',
        {
          environment: {
            'discovery.type': 'single-node',
            ...(es ? { 'xpack.security.enabled': 'false' } : { DISABLE_SECURITY_PLUGIN: 'true' }),
            ...(es ? {} : { DISABLE_INSTALL_DEMO_CONFIG: 'true' }),
            [es ? 'ES_JAVA_OPTS' : 'OPENSEARCH_JAVA_OPTS']: '-Xms512m -Xmx512m',
          },
          volumes: [`${name}-data:/usr/share/${name}/data`],
          healthcheck: {
            test: ['CMD-SHELL', 'curl -fsS http://127.0.0.1:9200/_cluster/health || exit 1'],
            interval: '15s',
            timeout: '10s',
            retries: 10,
            start_period: '60s',
          },
        },
        {
          volumes: [`${name}-data`],
          secrets: {},
          address: `${name}:9200`,
          url: `http://${name}:9200`,
        },
      );
    }
    default:
      return undefined;
  }
}
