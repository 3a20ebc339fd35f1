import rule from '../../../../src/lint/rules/compose/read-only-root.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const hardened = { profile: 'hardened' as const };

composeRuleTester(rule, {
  valid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    tmpfs: [/tmp]\n',
      settings: hardened,
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      settings: hardened,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 3,
          message:
            'Service `web` has a writable root filesystem; set `read_only: true` and mount what it writes as `tmpfs` (e.g. `tmpfs: [/tmp, /run]`) or a volume',
        },
      ],
    },
    {
      name: 'explicitly false, with volumes',
      code: 'services:\n  db:\n    image: postgres:16\n    read_only: false\n    volumes: [pg:/var/lib/postgresql/data]\nvolumes:\n  pg: {}\n',
      settings: hardened,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 16,
          message:
            'Service `db` has a writable root filesystem; set `read_only: true` and mount what it writes (already mounted: /var/lib/postgresql/data; add `tmpfs: [/tmp]` for scratch files)',
        },
      ],
    },
  ],
});
