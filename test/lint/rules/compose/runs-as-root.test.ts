// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/runs-as-root.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const hardened = { profile: 'hardened' as const };

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    'services:\n  web:\n    image: nginx:1.27\n    user: "10001:10001"\n',
    'services:\n  web:\n    image: nginx:1.27\n    user: www-data\n',
    {
      name: 'hardened: images known to run as non-root, and built services',
      code: 'services:\n  a:\n    image: bitnami/postgresql:16\n  b:\n    image: gcr.io/distroless/static:nonroot\n  c:\n    image: nginxinc/nginx-unprivileged:1.27\n  d:\n    build: .\n    image: me/app:1\n  e:\n    image: prom/prometheus:v2.54.1\n',
      files: { Dockerfile: 'FROM alpine:3.20\nUSER 1000\n' },
      settings: hardened,
    },
    {
      name: 'hardened: a user is set',
      code: 'services:\n  web:\n    image: nginx:1.27\n    user: "101"\n',
      settings: hardened,
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    user: root\n  db:\n    image: postgres:16\n    user: "0:0"\n  c:\n    image: x/y:1\n    user: 0\n',
      errors: [
        { messageId: 'root', line: 4, column: 11 },
        { messageId: 'root', line: 7, column: 11 },
        {
          messageId: 'root',
          line: 10,
          column: 11,
          message: 'Service `c` runs as root (`user: 0`); use a non-root UID (e.g. `"10001:10001"`)',
        },
      ],
    },
    {
      name: 'interpolated to root',
      code: 'services:\n  web:\n    image: nginx:1.27\n    user: "${APP_UID}"\n',
      env: { APP_UID: '0' },
      errors: [{ messageId: 'root', line: 4, column: 11 }],
    },
    {
      name: 'hardened: no user on an image that runs as root',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      settings: hardened,
      errors: [{ messageId: 'noUser', line: 3, column: 12 }],
    },
  ],
});
