// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/healthcheck-missing.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n',
    {
      name: 'healthcheck switched off on purpose',
      code: 'services:\n  worker:\n    image: example/worker:1\n    healthcheck:\n      disable: true\n',
    },
    {
      name: 'HEALTHCHECK in the Dockerfile (inherited from an earlier stage)',
      code: 'services:\n  api:\n    build: .\n',
      files: {
        Dockerfile:
          'FROM node:20 AS base\nHEALTHCHECK CMD node health.js\nFROM base\nCMD ["node", "server.js"]\n',
      },
    },
    {
      name: 'HEALTHCHECK in a custom Dockerfile',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api.Dockerfile\n',
      files: { 'api.Dockerfile': 'FROM node:20\nHEALTHCHECK --interval=5s CMD node health.js\n' },
    },
    {
      name: 'inline Dockerfile with a HEALTHCHECK',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM nginx:1.27\n        HEALTHCHECK CMD curl -f http://localhost/\n',
    },
    {
      name: 'image known to define a HEALTHCHECK',
      code: 'services:\n  dns:\n    image: pihole/pihole:2024.07.0\n',
    },
    {
      name: 'image added through the option',
      code: 'services:\n  api:\n    image: registry.example.com/myorg/api:1.2\n',
      options: { imagesWithHealthcheck: ['myorg/api'] },
    },
    {
      name: 'one-shot: restart "no"',
      code: 'services:\n  migrate:\n    image: example/app:1\n    restart: "no"\n',
    },
    {
      name: 'one-shot: another service waits for it to complete',
      code: 'services:\n  app:\n    image: example/app:1\n    healthcheck:\n      test: curl -f http://localhost/\n    depends_on:\n      schema:\n        condition: service_completed_successfully\n  schema:\n    image: example/app:1\n',
    },
    {
      name: 'tools profile (enabled)',
      code: 'services:\n  cli:\n    image: example/cli:1\n    profiles: [tools]\n',
      profiles: ['tools'],
    },
    { name: 'job-like name', code: 'services:\n  db-migrate:\n    image: example/app:1\n' },
    {
      name: 'remote build context',
      code: 'services:\n  api:\n    build: https://github.com/example/api.git#main\n',
    },
    { name: 'missing Dockerfile is another rule', code: 'services:\n  api:\n    build: ./api\n' },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 3,
          message:
            'service "web" has no healthcheck, and its image nginx:1.27 is not known to define one: add a `healthcheck:` so a hung container shows up as unhealthy',
        },
      ],
    },
    {
      name: 'built service whose Dockerfile has none',
      code: 'services:\n  api:\n    build: .\n    image: example/api:1\n',
      files: { Dockerfile: 'FROM node:20\nCMD ["node", "server.js"]\n' },
      errors: [{ messageId: 'missingBuilt', line: 2 }],
    },
    {
      name: 'build target stage has no HEALTHCHECK, another stage has',
      code: 'services:\n  api:\n    build:\n      context: .\n      target: dev\n',
      files: {
        Dockerfile:
          'FROM node:20 AS dev\nCMD ["npm", "run", "dev"]\nFROM node:20 AS prod\nHEALTHCHECK CMD node health.js\n',
      },
      errors: [{ messageId: 'missingBuilt', line: 2 }],
    },
    {
      name: 'a profile that is not a job profile',
      code: 'services:\n  web:\n    image: nginx:1.27\n    profiles: [frontend]\n',
      profiles: ['frontend'],
      errors: [{ messageId: 'missing', line: 2 }],
    },
    {
      name: 'restart policy other than "no" does not make a one-shot',
      code: 'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure\n',
      errors: [{ messageId: 'missing', line: 2 }],
    },
    {
      name: 'image resolved through interpolation',
      code: 'services:\n  web:\n    image: nginx:${TAG}\n',
      env: { TAG: '1.27' },
      errors: [
        {
          messageId: 'missing',
          message:
            'service "web" has no healthcheck, and its image nginx:1.27 is not known to define one: add a `healthcheck:` so a hung container shows up as unhealthy',
        },
      ],
    },
  ],
});
