import rule from '../../../../src/lint/rules/compose/no-links.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n',
    {
      name: 'a label named links',
      code: 'services:\n  web:\n    image: nginx:1.27\n    labels:\n      links: "a,b"\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    links:\n      - db:database\n  db:\n    image: postgres:16\n',
      errors: [
        {
          messageId: 'links',
          line: 4,
          column: 5,
          message:
            'service "web" uses legacy `links` (db:database): on a Compose network services reach each other by name already; remove it (use `depends_on` for start order, `networks.<net>.aliases` for another name)',
        },
      ],
    },
    {
      name: 'links added by an override',
      code: 'services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    links: [db]\n' },
      errors: [{ messageId: 'links', line: 3, column: 5 }],
    },
  ],
});
