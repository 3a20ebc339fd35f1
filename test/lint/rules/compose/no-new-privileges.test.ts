import rule from '../../../../src/lint/rules/compose/no-new-privileges.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    security_opt: ["no-new-privileges:true"]\n',
    'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges\n',
    'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges=true\n',
    {
      name: 'set in a base service',
      code: 'x-hardening: &hardening\n  security_opt: [no-new-privileges:true]\nservices:\n  web:\n    <<: *hardening\n    image: nginx:1.27\n',
    },
  ],
  invalid: [
    {
      name: 'no security_opt: the key is added after the last entry',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n  db:\n    image: postgres:16 # pinned\n',
      errors: [
        { messageId: 'missing', line: 2, column: 3 },
        { messageId: 'missing', line: 6, column: 3 },
      ],
      output:
        'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n    security_opt:\n      - no-new-privileges:true\n  db:\n    image: postgres:16 # pinned\n    security_opt:\n      - no-new-privileges:true\n',
    },
    {
      name: 'appended to a block sequence',
      code: 'services:\n  web:\n    security_opt:\n    - label=type:svirt_apache_t\n    image: nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 3, column: 5 }],
      output:
        'services:\n  web:\n    security_opt:\n    - label=type:svirt_apache_t\n    - no-new-privileges:true\n    image: nginx:1.27\n',
    },
    {
      name: 'appended to a flow sequence, no final newline',
      code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt: [apparmor=docker-default]',
      errors: [{ messageId: 'missing', line: 4, column: 5 }],
      output:
        'services:\n  web:\n    image: nginx:1.27\n    security_opt: [apparmor=docker-default, no-new-privileges:true]',
    },
    {
      name: 'explicitly disabled: no fix',
      code: 'services:\n  web:\n    image: nginx:1.27\n    security_opt: ["no-new-privileges:false"]\n',
      errors: [{ messageId: 'disabled', line: 4, column: 20 }],
      output: null,
    },
    {
      name: 'a flow-mapping service is reported without a fix',
      code: 'services:\n  web: {image: nginx:1.27}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
    },
  ],
});
