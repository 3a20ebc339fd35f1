import rule from '../../../../src/lint/rules/compose/depends-on-healthy.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const DB = `  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
`;

composeRuleTester(rule, {
  valid: [
    `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${DB}`,
    {
      name: 'dependency without a healthcheck: plain ordering is all there is',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache]\n  cache:\n    image: redis:7\n',
    },
    {
      name: 'service_completed_successfully is left alone',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_completed_successfully\n${DB}`,
    },
    {
      name: 'healthcheck disabled on the dependency, started condition',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n    healthcheck:\n      disable: true\n',
    },
    {
      name: 'dependency disabled by its profile',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n        required: false\n  db:\n    image: postgres:16\n    profiles: [db]\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n`,
    },
    {
      name: 'service_healthy on a built image whose Dockerfile has a HEALTHCHECK',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    build: .\n',
      files: { Dockerfile: 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    },
    {
      name: 'service_healthy on an image known to define a HEALTHCHECK',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      dns:\n        condition: service_healthy\n  dns:\n    image: pihole/pihole:2024.07.0\n',
    },
    {
      name: 'service_healthy on a dependency with a healthcheck that only tunes timings (image may define the test)',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    image: example/api:1\n    healthcheck:\n      interval: 10s\n',
    },
  ],
  invalid: [
    {
      name: 'long form with service_started',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n${DB}`,
      errors: [{ messageId: 'useHealthy', line: 6, column: 20 }],
      output: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${DB}`,
    },
    {
      name: 'short block list: rewritten to the long form, other dependencies keep plain ordering',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - cache\n  cache:\n    image: redis:7\n${DB}`,
      errors: [{ messageId: 'useHealthy', line: 5, column: 9 }],
      output: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n  cache:\n    image: redis:7\n${DB}`,
    },
    {
      name: 'short block list written at the key indentation',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n    - db\n${DB}`,
      errors: [{ messageId: 'useHealthy', line: 5, column: 7 }],
      output: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n${DB}`,
    },
    {
      name: 'short flow list, two healthy dependencies: one fix converts both',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on: [db, api]\n  api:\n    image: example/api:1\n    healthcheck:\n      test: curl -f http://localhost/\n${DB}`,
      errors: [
        { messageId: 'useHealthy', line: 4, column: 18 },
        { messageId: 'useHealthy', line: 4, column: 22 },
      ],
      output: `services:\n  web:\n    image: nginx:1.27\n    depends_on: { db: { condition: service_healthy }, api: { condition: service_healthy } }\n  api:\n    image: example/api:1\n    healthcheck:\n      test: curl -f http://localhost/\n${DB}`,
    },
    {
      name: 'healthcheck comes from the Dockerfile of the dependency',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [api]\n  api:\n    build:\n      context: .\n      target: app\n',
      files: {
        Dockerfile:
          'FROM node:20 AS base\nHEALTHCHECK CMD node health.js\nFROM base AS app\nCMD ["node", "server.js"]\n',
      },
      errors: [
        {
          messageId: 'useHealthy',
          message:
            '"web" starts as soon as "api" is started, not when it is ready; "api" has a HEALTHCHECK in its Dockerfile, so use `condition: service_healthy`',
        },
      ],
      output:
        'services:\n  web:\n    image: nginx:1.27\n    depends_on: { api: { condition: service_healthy } }\n  api:\n    build:\n      context: .\n      target: app\n',
    },
    {
      name: 'healthcheck added by an override file',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n  db:\n    image: postgres:16\n',
      files: { 'compose.override.yaml': 'services:\n  db:\n    healthcheck:\n      test: pg_isready\n' },
      errors: [{ messageId: 'useHealthy', line: 6 }],
      output:
        'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n',
    },
    {
      name: 'service_healthy on a dependency without any healthcheck',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      cache:\n        condition: service_healthy\n  cache:\n    image: redis:7\n',
      errors: [{ messageId: 'noHealthcheck', line: 6, column: 20 }],
      output: null,
    },
    {
      name: 'service_healthy on a dependency whose healthcheck is disabled',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["NONE"]\n',
      errors: [{ messageId: 'healthcheckDisabled', line: 6 }],
      output: null,
    },
    {
      name: 'Dockerfile says HEALTHCHECK NONE',
      code: 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    build: .\n',
      files: { Dockerfile: 'FROM example/base:1\nHEALTHCHECK NONE\n' },
      errors: [{ messageId: 'healthcheckDisabled', line: 6 }],
      output: null,
    },
    {
      name: 'CRLF line endings',
      code: 'services:\r\n  web:\r\n    image: nginx:1.27\r\n    depends_on:\r\n      - db\r\n  db:\r\n    image: postgres:16\r\n    healthcheck:\r\n      test: pg_isready\r\n',
      errors: [{ messageId: 'useHealthy', line: 5 }],
      output:
        'services:\r\n  web:\r\n    image: nginx:1.27\r\n    depends_on:\r\n      db:\r\n        condition: service_healthy\r\n  db:\r\n    image: postgres:16\r\n    healthcheck:\r\n      test: pg_isready\r\n',
    },
    {
      name: 'short list with a comment: reported without a fix',
      code: `services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db # the database\n${DB}`,
      errors: [{ messageId: 'useHealthy', line: 5 }],
      output: null,
    },
  ],
});
