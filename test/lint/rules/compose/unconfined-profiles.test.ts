import rule from '../../../../src/lint/rules/compose/unconfined-profiles.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    security_opt: ["no-new-privileges:true", "seccomp=./seccomp.json", "apparmor=docker-default", "label=type:svirt_apache_t"]\n',
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n',
      errors: [
        {
          messageId: 'unconfined',
          line: 5,
          column: 9,
          message:
            'Service `web` sets `seccomp:unconfined`, turning off the seccomp filter that blocks dangerous system calls (keyctl, unshare, mount, kernel module loading…)',
        },
        { messageId: 'unconfined', line: 6, column: 9 },
        { messageId: 'unconfined', line: 7, column: 9 },
        { messageId: 'unconfined', line: 8, column: 9 },
      ],
    },
    {
      name: 'upper case, from the override',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    security_opt: ["seccomp=Unconfined"]\n' },
      errors: [{ messageId: 'unconfined', line: 3, column: 20 }],
    },
  ],
});
