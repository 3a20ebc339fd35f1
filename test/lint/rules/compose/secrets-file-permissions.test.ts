// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/secrets-file-permissions.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    {
      code: 'services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt\n',
      files: { 'db_password.txt': 'x\n' },
    },
    {
      name: 'external and unused secrets, environment secrets that are set',
      code: 'services:\n  app:\n    image: x/y:1\n    secrets: [ext, token]\nsecrets:\n  ext:\n    external: true\n  unused:\n    file: ./nope.txt\n  token:\n    environment: API_TOKEN\n',
      files: { '.env': 'API_TOKEN=abc\n' },
    },
  ],
  invalid: [
    {
      code: 'services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
      errors: [
        {
          messageId: 'missing',
          line: 7,
          column: 11,
        },
      ],
    },
    {
      name: 'a build secret and a config, interpolated path',
      code: 'services:\n  app:\n    build:\n      context: .\n      secrets: [npmrc]\n    configs: [conf]\nsecrets:\n  npmrc:\n    file: ${HOME}/.npmrc-missing\nconfigs:\n  conf:\n    file: ./conf\n',
      files: { Dockerfile: 'FROM node:22\n' },
      env: { HOME: '/nonexistent-home' },
      errors: [
        {
          messageId: 'missing',
          line: 9,
          column: 11,
          message:
            'Secret `npmrc` reads `/nonexistent-home/.npmrc-missing`, which does not exist; `docker compose up` will fail',
        },
        { messageId: 'missing', line: 12, column: 11 },
      ],
    },
    {
      name: 'hardened: a world-readable secret file',
      code: 'services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt\n',
      files: { 'db_password.txt': 'x\n' },
      settings: { profile: 'hardened' },
      errors: [{ messageId: 'worldReadable', line: 7, column: 11 }],
    },
    {
      name: 'environment variable not set',
      code: 'services:\n  app:\n    image: x/y:1\n    secrets: [token]\nsecrets:\n  token:\n    environment: API_TOKEN\n',
      errors: [{ messageId: 'unsetVariable', line: 7, column: 18 }],
    },
  ],
});
