import rule from '../../../../src/lint/rules/compose/capabilities.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

const hardened = { profile: 'hardened' as const };

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n',
    {
      name: 'hardened: drops all and adds back a harmless one',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n',
      settings: hardened,
    },
    {
      name: 'added then dropped again',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n    cap_drop: [sys_admin]\n',
    },
    {
      name: 'no cap_drop outside the hardened profile',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  vpn:\n    image: x/vpn:1\n    cap_add:\n      - ALL\n      - CAP_SYS_ADMIN\n      - net_admin\n',
      errors: [
        { messageId: 'all', line: 5, column: 9 },
        {
          messageId: 'dangerous',
          line: 6,
          column: 9,
          message:
            'Service `vpn` adds `SYS_ADMIN`: it can mount filesystems and much of what root can do; the usual container-escape capability',
        },
        { messageId: 'dangerous', line: 7, column: 9 },
      ],
    },
    {
      name: 'hardened: no cap_drop at all points at the service',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      settings: hardened,
      errors: [{ messageId: 'noDropAll', line: 2, column: 3 }],
    },
    {
      name: 'hardened: a partial cap_drop points at it',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [NET_RAW]\n',
      settings: hardened,
      errors: [{ messageId: 'noDropAll', line: 4, column: 5 }],
    },
    {
      name: 'added in the override',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [CHOWN]\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    cap_add: [SYS_PTRACE]\n' },
      errors: [{ messageId: 'dangerous', line: 3, column: 15 }],
    },
  ],
});
