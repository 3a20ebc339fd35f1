import rule from '../../../../src/lint/rules/compose/host-namespaces.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    {
      name: 'sharing with another service is not the host',
      code: 'services:\n  vpn:\n    image: x/vpn:1\n  app:\n    image: x/app:1\n    network_mode: service:vpn\n    pid: service:vpn\n    ipc: shareable\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  app:\n    image: x/app:1\n    network_mode: host\n    pid: "host"\n',
      errors: [
        {
          messageId: 'shared',
          line: 4,
          column: 19,
          message:
            'Service `app` shares the host network namespace (`network_mode: host`): it sees and binds every host interface and reaches services listening on localhost',
        },
        { messageId: 'shared', line: 5, column: 10 },
      ],
    },
    {
      name: 'ipc, uts, userns_mode and cgroup',
      code: 'services:\n  app:\n    image: x/app:1\n    ipc: host\n    uts: host\n    userns_mode: host\n    cgroup: host\n',
      errors: [
        { messageId: 'shared', line: 4, column: 10 },
        { messageId: 'shared', line: 5, column: 10 },
        { messageId: 'shared', line: 6, column: 18 },
        { messageId: 'shared', line: 7, column: 13 },
      ],
    },
    {
      name: 'set by an override',
      code: 'services:\n  app:\n    image: x/app:1\n',
      files: { 'compose.override.yaml': 'services:\n  app:\n    network_mode: host\n' },
      errors: [{ messageId: 'shared', line: 3, column: 19 }],
    },
  ],
});
