import rule from '../../../../src/lint/rules/compose/unbound-port-interfaces.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n      - "443:443"\n',
    'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n',
    {
      name: 'long syntax with host_ip, and expose only',
      code: 'services:\n  db:\n    image: postgres:16\n    expose: ["5432"]\n  cache:\n    image: redis:7.4\n    ports:\n      - target: 6379\n        published: "6379"\n        host_ip: 127.0.0.1\n',
    },
    {
      name: 'host networking ignores ports',
      code: 'services:\n  db:\n    image: postgres:16\n    network_mode: host\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n      - 0.0.0.0:5433:5432\n      - 5434\n',
      errors: [
        {
          messageId: 'sensitive',
          line: 5,
          column: 9,
          message:
            'Service `db` publishes PostgreSQL port 5432→5432 on all host interfaces; bind it to `127.0.0.1` (Docker’s rules bypass host firewalls such as ufw)',
        },
        { messageId: 'sensitive', line: 6, column: 9 },
        { messageId: 'sensitive', line: 7, column: 9 },
      ],
      output:
        'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n      - 127.0.0.1:5433:5432\n      - 127.0.0.1::5434\n',
    },
    {
      name: 'by image on a non-standard port; long syntax has no fix',
      code: 'services:\n  cache:\n    image: docker.io/library/redis:7.4\n    ports:\n      - target: 7000\n        published: "7000"\n',
      errors: [{ messageId: 'sensitive', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'every service when asked, from the override',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': "services:\n  web:\n    ports: ['8080:80']\n" },
      options: { allServices: true },
      errors: [{ messageId: 'unbound', line: 3, column: 13 }],
      output: null,
    },
  ],
});
