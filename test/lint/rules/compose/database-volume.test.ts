// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/database-volume.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester<{ bindMounts?: boolean }>(rule, {
  valid: [
    'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n',
    {
      name: 'postgres 18 layout',
      code: 'services:\n  db:\n    image: postgres:18\n    volumes:\n      - pg:/var/lib/postgresql\nvolumes:\n  pg: {}\n',
    },
    {
      name: 'PGDATA below the mount',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      PGDATA: /var/lib/postgresql/data/pgdata\n    volumes:\n      - pg:/var/lib/postgresql/data\nvolumes:\n  pg: {}\n',
    },
    {
      name: 'long syntax, registry prefix',
      code: 'services:\n  db:\n    image: docker.io/library/mariadb:11\n    volumes:\n      - type: volume\n        source: db\n        target: /var/lib/mysql\nvolumes:\n  db: {}\n',
    },
    {
      name: 'bind mount (default options)',
      code: 'services:\n  db:\n    image: mysql:8.4\n    volumes:\n      - ./mysql:/var/lib/mysql\n',
    },
    {
      name: 'redis as a cache without persistence',
      code: 'services:\n  cache:\n    image: redis:7\n    command: redis-server --save "" --appendonly no\n',
    },
    {
      name: 'minio data folder from the command',
      code: 'services:\n  s3:\n    image: minio/minio:RELEASE.2024-10-02T17-50-41Z\n    command: server /export --console-address ":9001"\n    volumes:\n      - s3:/export\nvolumes:\n  s3: {}\n',
    },
    {
      name: 'bitnami layout',
      code: 'services:\n  db:\n    image: bitnami/postgresql:16\n    volumes:\n      - pg:/bitnami/postgresql\nvolumes:\n  pg: {}\n',
    },
    {
      name: 'database image as a one-shot client',
      code: 'services:\n  backup:\n    image: postgres:16\n    command: pg_dump -h db -f /backup/dump.sql\n    restart: "no"\n',
    },
    { name: 'not a database', code: 'services:\n  web:\n    image: nginx:1.27\n' },
    {
      name: 'external volume',
      code: 'services:\n  db:\n    image: mongo:7\n    volumes:\n      - mongo:/data/db\nvolumes:\n  mongo:\n    external: true\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  db:\n    image: postgres:16\n',
      errors: [
        {
          messageId: 'noVolume',
          line: 2,
          column: 3,
          message:
            'PostgreSQL service "db" has no volume at /var/lib/postgresql/data: its data lives in an anonymous volume (or the container layer) that is orphaned on `docker compose down` and deleted by `down -v` or `volume prune`; mount a named volume there',
        },
      ],
    },
    {
      name: 'anonymous volume',
      code: 'services:\n  db:\n    image: mongo:7\n    volumes:\n      - /data/db\n',
      errors: [{ messageId: 'anonymous', line: 5, column: 9 }],
    },
    {
      name: 'volume at another path',
      code: 'services:\n  cache:\n    image: valkey/valkey:8\n    volumes:\n      - cache:/var/lib/valkey\nvolumes:\n  cache: {}\n',
      errors: [{ messageId: 'noVolume', line: 2 }],
    },
    {
      name: 'mount below the data path does not keep the data',
      code: 'services:\n  db:\n    image: mysql:8.4\n    volumes:\n      - ./conf:/var/lib/mysql/conf.d\n',
      errors: [{ messageId: 'noVolume', line: 2 }],
    },
    {
      name: 'tmpfs',
      code: 'services:\n  db:\n    image: postgres:16\n    tmpfs:\n      - /var/lib/postgresql/data\n',
      errors: [{ messageId: 'tmpfs', line: 5 }],
    },
    {
      name: 'bind mount with bindMounts',
      code: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./pg:/var/lib/postgresql/data\n',
      options: { bindMounts: true },
      errors: [{ messageId: 'bindMount', line: 5 }],
    },
    {
      name: 'elasticsearch image from its registry, image from .env',
      code: 'services:\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:${ES_VERSION}\n',
      files: { '.env': 'ES_VERSION=8.15.0\n' },
      errors: [{ messageId: 'noVolume', line: 2 }],
    },
  ],
});
