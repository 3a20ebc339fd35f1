// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/plaintext-secrets.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    {
      name: 'interpolation, _FILE paths, booleans, env_file values',
      code: [
        'services:',
        '  db:',
        '    image: postgres:16',
        '    env_file: db.env',
        '    environment:',
        '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}',
        '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password',
        '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"',
        '      MYSQL_RANDOM_ROOT_PASSWORD: 1',
        '      TOKEN_TTL: 3600',
        '      SECRET_KEY_BASE: ""',
        '      PWD: /app',
        '      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app',
        '      GPG_KEY: 7169605F62C751356D054A26A821E680E5FA6305',
        '      REDIS_HOST: redis',
        '',
      ].join('\n'),
      files: { 'db.env': 'DB_ADMIN_PASSWORD=s3cr3t-from-file\n' },
      env: { POSTGRES_PASSWORD: 'x', DB_PASSWORD: 'y' },
    },
    {
      name: 'list syntax with interpolation and bare names',
      code: 'services:\n  app:\n    image: x/y:1\n    environment:\n      - API_TOKEN=${API_TOKEN}\n      - SECRET_KEY\n',
      env: { API_TOKEN: 'x', SECRET_KEY: 'y' },
    },
    {
      name: 'a build argument that is not a secret',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NODE_VERSION: "22"\n',
      files: { Dockerfile: 'FROM node:22\n' },
    },
  ],
  invalid: [
    {
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n      POSTGRES_USER: app\n',
      errors: [
        {
          messageId: 'byName',
          line: 5,
          column: 26,
          message:
            'Service `db` sets `POSTGRES_PASSWORD` to a literal value (ex*****) in the compose file; use `secrets:` (e.g. `POSTGRES_PASSWORD_FILE: /run/secrets/…`) or `${POSTGRES_PASSWORD}`',
        },
      ],
    },
    {
      name: 'list syntax and token formats under harmless names',
      code: [
        'services:',
        '  app:',
        '    image: x/y:1',
        '    environment:',
        '      - "DJANGO_SECRET_KEY=dev-only-change-me-0a9s8d7f"',
        '      - GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB',
        '      - DATABASE_URL=postgres://app:hunter22@db:5432/app',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'byName', line: 5, column: 9 },
        {
          messageId: 'byFormat',
          line: 6,
          column: 9,
          message:
            'Service `app` has what looks like a GitHub token in `GH` (gh********); move it to `secrets:` and rotate it',
        },
        { messageId: 'byFormat', line: 7, column: 9 },
      ],
    },
    {
      name: 'a literal AWS key next to interpolation is still literal',
      code: 'services:\n  app:\n    image: x/y:1\n    environment:\n      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET}\n',
      env: { AWS_SECRET: 'x' },
      errors: [{ messageId: 'byFormat', line: 5, column: 26 }],
    },
    {
      name: 'set in the override file',
      code: 'services:\n  app:\n    image: x/y:1\n',
      files: { 'compose.override.yaml': 'services:\n  app:\n    environment:\n      SMTP_PASS: p4ssw0rd!\n' },
      errors: [{ messageId: 'byName', line: 4, column: 18 }],
    },
    {
      name: 'secret build arguments, even interpolated',
      code: 'services:\n  app:\n    build:\n      context: .\n      args:\n        - NPM_TOKEN=${NPM_TOKEN}\n        - NODE_VERSION=22\n',
      files: { Dockerfile: 'FROM node:22\n' },
      env: { NPM_TOKEN: 'npm_abc' },
      errors: [
        {
          messageId: 'buildArg',
          line: 6,
          column: 11,
          message:
            'Service `app` passes `NPM_TOKEN` as a build argument (${NPM_TOKEN}): it is kept in the image history; use a build secret (`build.secrets`)',
        },
      ],
    },
  ],
});
