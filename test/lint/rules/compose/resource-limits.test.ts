// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/resource-limits.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n          cpus: "0.5"\n',
    { name: 'mem_limit', code: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n' },
    {
      name: 'limits from an override',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    mem_limit: 1g\n' },
    },
    {
      name: 'limits through extends',
      code: 'x-base: &base\n  mem_limit: 1g\nservices:\n  base:\n    image: busybox:1.36\n    <<: *base\n  web:\n    extends: base\n    image: nginx:1.27\n',
    },
    {
      name: 'limit from interpolation',
      code: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: ${WEB_MEM:-512M}\n',
    },
    {
      name: 'disabled service is not checked',
      code: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 1g\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ messageId: 'noLimits', line: 2, column: 3 }],
    },
    {
      name: 'reservations are not limits',
      code: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        reservations:\n          memory: 256M\n',
      errors: [{ messageId: 'noLimits', line: 2 }],
    },
    {
      name: 'cpus only',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cpus: 0.5\n  db:\n    image: postgres:16\n    deploy:\n      resources:\n        limits:\n          cpus: "2"\n',
      errors: [
        { messageId: 'noMemoryLimit', line: 2 },
        { messageId: 'noMemoryLimit', line: 5 },
      ],
    },
    {
      name: 'service from an enabled profile',
      code: 'services:\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n',
      profiles: ['debug'],
      errors: [{ messageId: 'noLimits', line: 2 }],
    },
  ],
});
