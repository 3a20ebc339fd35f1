import rule from '../../../../src/lint/rules/compose/quote-ports.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester<{ all?: boolean; quoteType?: 'single' | 'double' }>(rule, {
  valid: [
    'services:\n  ssh:\n    image: example/ssh:1\n    ports:\n      - "22:22"\n      - \'2222:22\'\n      - 8080\n',
    {
      name: 'unquoted mapping that is not base 60 (default options)',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 8080:80\n      - 127.0.0.1:5432:5432\n',
    },
    {
      name: 'long syntax',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 22\n        published: 22\n',
    },
    {
      name: 'a label that looks like a port',
      code: 'services:\n  web:\n    image: nginx:1.27\n    labels:\n      - 22:22\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  ssh:\n    image: example/ssh:1\n    ports:\n      - 22:22\n      - 8080:80\n',
      errors: [
        {
          messageId: 'base60',
          line: 5,
          column: 9,
          message:
            'unquoted ports entry 22:22 is a base-60 number for YAML 1.1 parsers (22:22 = 1342): quote it',
        },
      ],
      output: 'services:\n  ssh:\n    image: example/ssh:1\n    ports:\n      - "22:22"\n      - 8080:80\n',
    },
    {
      name: 'flow sequence, single quotes',
      code: 'services:\n  dns:\n    image: example/dns:1\n    ports: [53:53/udp, 21:21]\n',
      options: { quoteType: 'single' },
      errors: [{ messageId: 'base60', line: 4, column: 24 }],
      output: "services:\n  dns:\n    image: example/dns:1\n    ports: [53:53/udp, '21:21']\n",
    },
    {
      name: 'all: true reports every unquoted mapping',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - 8080:80 # web\n      - 80\n    expose:\n      - 3000:3001\n',
      options: { all: true },
      errors: [
        { messageId: 'unquoted', line: 5 },
        { messageId: 'unquoted', line: 8 },
      ],
      output:
        'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80" # web\n      - 80\n    expose:\n      - "3000:3001"\n',
    },
    {
      name: 'three-part base 60',
      code: 'services:\n  x:\n    image: example/x:1\n    ports:\n      - 1:02:03\n',
      errors: [
        {
          messageId: 'base60',
          message:
            'unquoted ports entry 1:02:03 is a base-60 number for YAML 1.1 parsers (1:02:03 = 3723): quote it',
        },
      ],
      output: 'services:\n  x:\n    image: example/x:1\n    ports:\n      - "1:02:03"\n',
    },
  ],
});
