import rule from '../../../../src/lint/rules/compose/network-segmentation.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const APP = '  app:\n    image: example/app:1\n    networks: [front, back]\n';

composeRuleTester(rule, {
  valid: [
    `services:\n  proxy:\n    image: nginx:1.27\n    ports: ["80:80"]\n    networks: [front]\n${APP}  db:\n    image: postgres:16\n    networks: [back]\nnetworks:\n  front: {}\n  back:\n    internal: true\n`,
    {
      name: 'shared network is internal',
      code: 'services:\n  proxy:\n    image: traefik:v3.1\n    ports: ["443:443"]\n    networks: [back, front]\n  db:\n    image: postgres:16\n    networks: [back]\nnetworks:\n  front: {}\n  back:\n    internal: true\n',
    },
    {
      name: 'app publishes its own port (no proxy)',
      code: 'services:\n  app:\n    image: example/app:1\n    ports: ["8080:8080"]\n  db:\n    image: postgres:16\n',
    },
    {
      name: 'proxy published on loopback only',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n  db:\n    image: mysql:8.4\n',
    },
    {
      name: 'proxy that is disabled by its profile',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    ports: ["80:80"]\n    profiles: [edge]\n  db:\n    image: mysql:8.4\n',
    },
  ],
  invalid: [
    {
      name: 'everything on the default network',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    ports: ["80:80"]\n  app:\n    image: example/app:1\n  db:\n    image: postgres:16\n',
      errors: [
        {
          messageId: 'shared',
          line: 7,
          column: 3,
          message:
            'PostgreSQL service "db" is on network "default" together with "proxy", which publishes port 80: a compromised proxy reaches the database directly; put "db" on a backend network (`internal: true`) shared only with the services that use it',
        },
      ],
    },
    {
      name: 'explicit but shared network, proxy by service name',
      code: 'services:\n  gateway:\n    build: .\n    ports: ["443:8443"]\n    networks: [net]\n  cache:\n    image: redis:7\n    networks:\n      net: {}\nnetworks:\n  net: {}\n',
      errors: [{ messageId: 'shared', line: 9, column: 7 }],
    },
  ],
});
