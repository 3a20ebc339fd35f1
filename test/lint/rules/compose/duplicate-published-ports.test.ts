// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/duplicate-published-ports.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  a:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  b:\n    image: nginx:1.27\n    ports: ["8081:80"]\n',
    {
      name: 'different protocols',
      code: 'services:\n  dns:\n    image: example/dns:1\n    ports: ["53:53/udp"]\n  web:\n    image: example/web:1\n    ports: ["53:53"]\n',
    },
    {
      name: 'different specific addresses',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["127.0.0.1:80:80"]\n  b:\n    image: nginx:1.27\n    ports: ["10.0.0.5:80:80"]\n',
    },
    {
      name: 'IPv4 wildcard and IPv6 loopback',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["0.0.0.0:80:80"]\n  b:\n    image: nginx:1.27\n    ports: ["[::1]:80:80"]\n',
    },
    {
      name: 'ephemeral host ports',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["80"]\n    deploy:\n      replicas: 3\n  b:\n    image: nginx:1.27\n    ports: ["80"]\n',
    },
    {
      name: 'non-overlapping ranges',
      code: 'services:\n  a:\n    image: example/a:1\n    ports: ["8000-8009:8000-8009"]\n  b:\n    image: example/b:1\n    ports: ["8010-8019:8000-8009"]\n',
    },
    {
      name: 'clash with a disabled service',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["80:80"]\n  b:\n    image: nginx:1.27\n    ports: ["80:80"]\n    profiles: [alt]\n',
    },
    {
      name: 'range with replicas',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["8000-8002:80"]\n    scale: 3\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  b:\n    image: nginx:1.27\n    ports:\n      - "8080:8080"\n',
      errors: [
        {
          messageId: 'duplicate',
          line: 8,
          column: 9,
          message:
            'host port 8080/tcp of "b" is already published by "a" (8080/tcp): the second container cannot bind it',
        },
      ],
    },
    {
      name: 'range overlaps a single port',
      code: 'services:\n  a:\n    image: example/a:1\n    ports: ["9000-9010:9000-9010"]\n  b:\n    image: example/b:1\n    ports: ["9005:80"]\n',
      errors: [{ messageId: 'duplicate', line: 7 }],
    },
    {
      name: 'all interfaces vs loopback',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["127.0.0.1:5432:5432"]\n  b:\n    image: nginx:1.27\n    ports: ["5432:5432"]\n',
      errors: [{ messageId: 'duplicate', line: 7 }],
    },
    {
      name: 'long syntax and same service',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: "443"\n      - target: 443\n        published: 443\n        host_ip: 0.0.0.0\n',
      errors: [{ messageId: 'duplicate', line: 7 }],
    },
    {
      name: 'port from an override and interpolation',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["${PORT:-80}:80"]\n',
      files: { 'compose.override.yaml': 'services:\n  b:\n    image: nginx:1.27\n    ports: ["80:8080"]\n' },
      errors: [{ messageId: 'duplicate' }],
    },
    {
      name: 'fixed port with replicas',
      code: 'services:\n  a:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    deploy:\n      replicas: 2\n',
      errors: [{ messageId: 'replicas', line: 4 }],
    },
  ],
});
