import type { AppDraft } from './draft.js';
import type { NativeDependency, ServiceName } from './types.js';

/**
 * Tables of what dependencies imply: backing services, system packages, ML/GPU workloads.
 * Keys are dependency names as each ecosystem writes them (npm, PyPI normalised to lower-case with `-`,
 * Go module paths, crate names, Maven `group:artifact`, NuGet ids, gems).
 */

const SERVICE_DEPS: Record<ServiceName, readonly string[]> = {
  postgres: [
    'pg',
    'postgres',
    'pg-promise',
    'slonik',
    '@vercel/postgres',
    'psycopg',
    'psycopg2',
    'psycopg2-binary',
    'psycopg-binary',
    'asyncpg',
    'pg8000',
    'github.com/jackc/pgx',
    'github.com/jackc/pgx/v4',
    'github.com/jackc/pgx/v5',
    'github.com/lib/pq',
    'gorm.io/driver/postgres',
    'tokio-postgres',
    'org.postgresql:postgresql',
    'npgsql',
    'npgsql.entityframeworkcore.postgresql',
    'gem:pg',
    'hex:postgrex',
  ],
  mysql: [
    'mysql',
    'mysql2',
    'pymysql',
    'mysqlclient',
    'aiomysql',
    'mysql-connector-python',
    'github.com/go-sql-driver/mysql',
    'gorm.io/driver/mysql',
    'mysql_async',
    'com.mysql:mysql-connector-j',
    'mysql:mysql-connector-java',
    'mysql.data',
    'mysqlconnector',
    'pomelo.entityframeworkcore.mysql',
    'gem:mysql2',
    'hex:myxql',
  ],
  mariadb: ['mariadb', 'org.mariadb.jdbc:mariadb-java-client'],
  mongodb: [
    'mongodb',
    'mongoose',
    'pymongo',
    'motor',
    'mongoengine',
    'beanie',
    'go.mongodb.org/mongo-driver',
    'go.mongodb.org/mongo-driver/v2',
    'org.springframework.boot:spring-boot-starter-data-mongodb',
    'org.mongodb:mongodb-driver-sync',
    'mongodb.driver',
    'gem:mongoid',
    'gem:mongo',
  ],
  redis: [
    'redis',
    'ioredis',
    '@redis/client',
    'bullmq',
    'bull',
    '@upstash/redis',
    'aioredis',
    'rq',
    'django-redis',
    'github.com/redis/go-redis/v9',
    'github.com/go-redis/redis/v8',
    'github.com/go-redis/redis',
    'github.com/gomodule/redigo',
    'org.springframework.boot:spring-boot-starter-data-redis',
    'redis.clients:jedis',
    'io.lettuce:lettuce-core',
    'stackexchange.redis',
    'gem:redis',
    'gem:sidekiq',
    'hex:redix',
  ],
  valkey: ['iovalkey', 'valkey', 'valkey-glide', '@valkey/valkey-glide'],
  rabbitmq: [
    'amqplib',
    'amqp-connection-manager',
    'pika',
    'aio-pika',
    'github.com/rabbitmq/amqp091-go',
    'github.com/streadway/amqp',
    'lapin',
    'org.springframework.boot:spring-boot-starter-amqp',
    'rabbitmq.client',
    'gem:bunny',
  ],
  kafka: [
    'kafkajs',
    'node-rdkafka',
    '@confluentinc/kafka-javascript',
    'kafka-python',
    'confluent-kafka',
    'aiokafka',
    'github.com/segmentio/kafka-go',
    'github.com/ibm/sarama',
    'github.com/shopify/sarama',
    'github.com/confluentinc/confluent-kafka-go/v2',
    'rdkafka',
    'org.springframework.kafka:spring-kafka',
    'org.apache.kafka:kafka-clients',
    'confluent.kafka',
  ],
  elasticsearch: [
    '@elastic/elasticsearch',
    'elasticsearch',
    'elasticsearch-dsl',
    'github.com/elastic/go-elasticsearch/v8',
    'org.springframework.boot:spring-boot-starter-data-elasticsearch',
    'elastic.clients.elasticsearch',
  ],
  opensearch: [
    '@opensearch-project/opensearch',
    'opensearch-py',
    'github.com/opensearch-project/opensearch-go/v2',
    'opensearch',
  ],
  minio: [
    'minio',
    '@aws-sdk/client-s3',
    'github.com/minio/minio-go/v7',
    'github.com/aws/aws-sdk-go-v2/service/s3',
    'aws-sdk-s3',
    'software.amazon.awssdk:s3',
    'io.minio:minio',
    'awssdk.s3',
    'django-storages',
    'gem:aws-sdk-s3',
  ],
  memcached: ['memjs', 'pymemcache', 'python-memcached', 'github.com/bradfitz/gomemcache', 'gem:dalli'],
  nats: ['nats', 'nats-py', 'github.com/nats-io/nats.go', 'async-nats'],
  sqlite: [
    'better-sqlite3',
    'sqlite3',
    'github.com/mattn/go-sqlite3',
    'modernc.org/sqlite',
    'rusqlite',
    'gem:sqlite3',
  ],
};

const SERVICE_BY_DEP = new Map<string, ServiceName>();
for (const [service, deps] of Object.entries(SERVICE_DEPS) as [ServiceName, readonly string[]][]) {
  for (const d of deps) SERVICE_BY_DEP.set(d, service);
}

/** Environment variable names that name a backing service on their own. */
const SERVICE_ENV: readonly [RegExp, ServiceName][] = [
  [/^(?:POSTGRES|PG)(?:_?(?:HOST|URL|USER|PASSWORD|DB|DATABASE|PORT))$/, 'postgres'],
  [/^MYSQL_(?:HOST|URL|USER|PASSWORD|DATABASE|PORT)$/, 'mysql'],
  [/^MONGO(?:DB)?_(?:URL|URI|HOST)$/, 'mongodb'],
  [/^REDIS_(?:URL|HOST|TLS_URL)$/, 'redis'],
  [/^VALKEY_(?:URL|HOST)$/, 'valkey'],
  [/^(?:RABBITMQ_URL|AMQP_URL|RABBITMQ_HOST|CLOUDAMQP_URL)$/, 'rabbitmq'],
  [/^KAFKA_(?:BROKERS|BOOTSTRAP_SERVERS|BROKER|URL)$/, 'kafka'],
  [/^(?:ELASTICSEARCH_(?:URL|HOST|NODE)|ELASTIC_URL)$/, 'elasticsearch'],
  [/^OPENSEARCH_(?:URL|HOST)$/, 'opensearch'],
  [/^(?:MINIO_(?:ENDPOINT|URL|HOST)|S3_ENDPOINT(?:_URL)?|AWS_S3_ENDPOINT|AWS_ENDPOINT_URL_S3)$/, 'minio'],
  [/^MEMCACHE(?:D)?_(?:URL|HOST|SERVERS)$/, 'memcached'],
  [/^NATS_(?:URL|SERVERS)$/, 'nats'],
];

/** Service named by a connection URL scheme (`postgres://…` in `.env.example`). */
export function serviceFromUrl(value: string): ServiceName | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value.trim())?.[1]?.toLowerCase();
  if (!scheme) return /^file:/.test(value) ? 'sqlite' : undefined;
  if (/^postgres(?:ql)?(?:\+\w+)?$/.test(scheme)) return 'postgres';
  if (/^mysql(?:\+\w+)?$/.test(scheme)) return 'mysql';
  if (/^mariadb/.test(scheme)) return 'mariadb';
  if (/^mongodb(?:\+srv)?$/.test(scheme)) return 'mongodb';
  if (/^rediss?$/.test(scheme)) return 'redis';
  if (/^amqps?$/.test(scheme)) return 'rabbitmq';
  if (/^sqlite/.test(scheme)) return 'sqlite';
  return undefined;
}

export function addService(draft: AppDraft, name: ServiceName, via: string, source: string): void {
  if (draft.services.some((s) => s.name === name)) return;
  draft.services.push({ name, via, source });
  draft.because('services', name, source, 'medium', `${via}`);
}

/** Services implied by dependency names (already normalised, see the module comment). */
export function servicesFromDeps(draft: AppDraft, deps: Iterable<string>, source: string): void {
  for (const dep of deps) {
    const s = SERVICE_BY_DEP.get(dep);
    if (s) addService(draft, s, `dependency ${dep.replace(/^(?:gem|hex):/, '')}`, source);
  }
}

/** Services implied by environment variables the app reads, and URLs in its example env file. */
export function servicesFromEnv(
  draft: AppDraft,
  exampleValues: ReadonlyMap<string, string>,
  exampleFile: string | null,
): void {
  for (const v of draft.env) {
    const value = exampleValues.get(v.name);
    const fromUrl = value ? serviceFromUrl(value) : undefined;
    if (fromUrl && exampleFile) {
      addService(draft, fromUrl, `${v.name} URL scheme`, exampleFile);
      continue;
    }
    for (const [re, service] of SERVICE_ENV) {
      if (re.test(v.name)) {
        addService(draft, service, `environment variable ${v.name}`, v.sources[0] ?? exampleFile ?? '');
        break;
      }
    }
  }
}

type NativeSpec = Omit<NativeDependency, 'package' | 'ecosystem' | 'source'>;

const NATIVE: Record<string, Record<string, NativeSpec>> = {
  npm: {
    sharp: {
      build: [],
      runtime: [],
      reason:
        'ships prebuilt libvips per OS/CPU/libc: install inside the image (never copy node_modules from the host); on Alpine the musl build is used',
    },
    canvas: {
      build: [
        'build-essential',
        'libcairo2-dev',
        'libpango1.0-dev',
        'libjpeg-dev',
        'libgif-dev',
        'librsvg2-dev',
      ],
      runtime: [
        'libcairo2',
        'libpango-1.0-0',
        'libpangocairo-1.0-0',
        'libjpeg62-turbo',
        'libgif7',
        'librsvg2-2',
      ],
      reason: 'links Cairo and Pango; compiled by node-gyp when no prebuilt binary matches',
    },
    bcrypt: {
      build: ['python3', 'make', 'g++'],
      runtime: [],
      reason:
        'native addon; node-gyp compiles it when no prebuilt binary matches the platform (e.g. Alpine/arm64)',
    },
    argon2: { build: ['python3', 'make', 'g++'], runtime: [], reason: 'native addon built by node-gyp' },
    'better-sqlite3': {
      build: ['python3', 'make', 'g++'],
      runtime: [],
      reason: 'native addon built by node-gyp',
    },
    sqlite3: { build: ['python3', 'make', 'g++'], runtime: [], reason: 'native addon built by node-gyp' },
    'node-rdkafka': {
      build: ['python3', 'make', 'g++', 'librdkafka-dev'],
      runtime: ['librdkafka1'],
      reason: 'binds librdkafka',
    },
    '@prisma/client': {
      build: ['openssl'],
      runtime: ['openssl', 'ca-certificates'],
      reason:
        "Prisma's query engine links libssl (missing libssl.so.3 is the classic failure); run `prisma generate` at build time",
    },
    prisma: {
      build: ['openssl'],
      runtime: ['openssl', 'ca-certificates'],
      reason: "Prisma's query engine links libssl; run `prisma generate` at build time",
    },
    puppeteer: {
      build: [],
      runtime: [
        'chromium',
        'fonts-liberation',
        'libnss3',
        'libatk-bridge2.0-0',
        'libgbm1',
        'libasound2',
        'libxkbcommon0',
      ],
      reason:
        'drives a Chromium browser: install the distro chromium (set PUPPETEER_SKIP_DOWNLOAD) or its shared libraries',
    },
    playwright: {
      build: [],
      runtime: [],
      reason:
        'browsers and their libraries come from `npx playwright install --with-deps chromium` at build time',
    },
    '@playwright/test': {
      build: [],
      runtime: [],
      reason:
        'browsers and their libraries come from `npx playwright install --with-deps chromium` at build time',
    },
  },
  pypi: {
    psycopg2: {
      build: ['gcc', 'libpq-dev'],
      runtime: ['libpq5'],
      reason: 'compiles against libpq (use psycopg2-binary only for development)',
    },
    psycopg: {
      build: [],
      runtime: ['libpq5'],
      reason: 'the pure-Python implementation loads libpq at run time',
    },
    'psycopg-c': {
      build: ['gcc', 'libpq-dev'],
      runtime: ['libpq5'],
      reason: 'C implementation compiles against libpq',
    },
    mysqlclient: {
      build: ['gcc', 'pkg-config', 'default-libmysqlclient-dev'],
      runtime: ['libmariadb3'],
      reason: 'compiles against the MySQL/MariaDB client library',
    },
    pillow: {
      build: ['libjpeg-dev', 'zlib1g-dev'],
      runtime: ['libjpeg62-turbo', 'zlib1g'],
      reason: 'wheels bundle the libraries on glibc; on Alpine or an unreleased Python it builds from source',
    },
    lxml: {
      build: ['libxml2-dev', 'libxslt1-dev'],
      runtime: ['libxml2', 'libxslt1.1'],
      reason: 'wheels bundle libxml2 on glibc; building from source needs the headers',
    },
    pycairo: { build: ['libcairo2-dev', 'pkg-config', 'gcc'], runtime: ['libcairo2'], reason: 'binds Cairo' },
    pdf2image: { build: [], runtime: ['poppler-utils'], reason: 'calls the poppler command-line tools' },
    'python-magic': { build: [], runtime: ['libmagic1'], reason: 'loads libmagic' },
    weasyprint: { build: [], runtime: ['libpango-1.0-0', 'libpangoft2-1.0-0'], reason: 'renders with Pango' },
    'opencv-python': {
      build: [],
      runtime: ['libgl1', 'libglib2.0-0'],
      reason: 'the non-headless wheel loads libGL (prefer opencv-python-headless)',
    },
    pydub: { build: [], runtime: ['ffmpeg'], reason: 'shells out to ffmpeg' },
    moviepy: { build: [], runtime: ['ffmpeg'], reason: 'shells out to ffmpeg' },
    playwright: {
      build: [],
      runtime: [],
      reason: 'browsers come from `playwright install --with-deps chromium` at build time',
    },
  },
  gem: {
    pg: { build: ['libpq-dev', 'build-essential'], runtime: ['libpq5'], reason: 'compiles against libpq' },
    mysql2: {
      build: ['default-libmysqlclient-dev', 'build-essential'],
      runtime: ['libmariadb3'],
      reason: 'compiles against the MySQL client library',
    },
    sqlite3: { build: [], runtime: [], reason: 'ships precompiled native gems for common platforms' },
    'ruby-vips': { build: [], runtime: ['libvips42'], reason: 'loads libvips' },
  },
  cargo: {
    'openssl-sys': {
      build: ['pkg-config', 'libssl-dev'],
      runtime: ['libssl3', 'ca-certificates'],
      reason: 'links OpenSSL',
    },
    openssl: {
      build: ['pkg-config', 'libssl-dev'],
      runtime: ['libssl3', 'ca-certificates'],
      reason: 'links OpenSSL',
    },
    'native-tls': {
      build: ['pkg-config', 'libssl-dev'],
      runtime: ['libssl3', 'ca-certificates'],
      reason: 'uses OpenSSL on Linux',
    },
    'pq-sys': { build: ['libpq-dev'], runtime: ['libpq5'], reason: 'links libpq (diesel postgres)' },
    'mysqlclient-sys': {
      build: ['default-libmysqlclient-dev'],
      runtime: ['libmariadb3'],
      reason: 'links the MySQL client library',
    },
  },
  go: {
    'github.com/mattn/go-sqlite3': {
      build: ['gcc', 'libc6-dev'],
      runtime: [],
      reason: 'needs cgo: build with CGO_ENABLED=1 and run on a glibc image (not scratch/static)',
    },
    'github.com/confluentinc/confluent-kafka-go/v2': {
      build: ['gcc', 'libc6-dev'],
      runtime: [],
      reason: 'bundles librdkafka through cgo: CGO_ENABLED=1',
    },
  },
};

export function nativeFromDeps(
  draft: AppDraft,
  ecosystem: keyof typeof NATIVE,
  deps: Iterable<string>,
  source: string,
): void {
  const table = NATIVE[ecosystem]!;
  for (const dep of deps) {
    const spec = table[dep];
    if (!spec || draft.nativeDeps.some((n) => n.package === dep)) continue;
    draft.nativeDeps.push({ package: dep, ecosystem, ...spec, source });
    draft.because('nativeDeps', dep, source, 'high', spec.reason);
  }
}

const ML_PACKAGES = new Set([
  'torch',
  'torchvision',
  'torchaudio',
  'tensorflow',
  'tensorflow-gpu',
  'tensorflow-cpu',
  'keras',
  'jax',
  'jaxlib',
  'flax',
  'transformers',
  'diffusers',
  'accelerate',
  'sentence-transformers',
  'vllm',
  'xformers',
  'bitsandbytes',
  'triton',
  'onnxruntime',
  'onnxruntime-gpu',
  'paddlepaddle',
  'paddlepaddle-gpu',
  'mxnet',
  'llama-cpp-python',
  'ultralytics',
  'deepspeed',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'onnxruntime-node',
]);

const GPU_EXPLICIT =
  /^(?:nvidia-|cupy-cuda|cupy$|tensorflow-gpu|onnxruntime-gpu|paddlepaddle-gpu|vllm$|xformers$|bitsandbytes$|deepspeed$|@tensorflow\/tfjs-node-gpu$|flash-attn$)/;

/** ML and GPU packages; `gpu` only when a CUDA build is requested explicitly. */
export function mlFromDeps(draft: AppDraft, deps: Iterable<string>, source: string, cudaHint = false): void {
  const found: string[] = [];
  let gpu = cudaHint;
  for (const d of deps) {
    if (ML_PACKAGES.has(d) || GPU_EXPLICIT.test(d)) found.push(d);
    if (GPU_EXPLICIT.test(d)) gpu = true;
  }
  if (found.length === 0) return;
  draft.ml = { packages: found.sort(), gpu, source };
  draft.because(
    'ml',
    found.join(', '),
    source,
    'high',
    gpu
      ? 'CUDA packages requested: needs a GPU base image and runtime'
      : 'ML framework (CPU unless a CUDA build is installed)',
  );
}
