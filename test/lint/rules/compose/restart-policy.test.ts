// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/restart-policy.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n',
    {
      name: 'deploy.restart_policy',
      code: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 5\n',
    },
    {
      name: 'explicit "no" is a decision (one-shot)',
      code: 'services:\n  migrate:\n    image: example/app:1\n    restart: "no"\n',
    },
    {
      name: 'restart from an override',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    restart: always\n' },
    },
    {
      name: 'restart through interpolation',
      code: 'services:\n  web:\n    image: nginx:1.27\n    restart: ${RESTART:-unless-stopped}\n',
    },
    {
      name: 'init job waited for with service_completed_successfully',
      code: 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    depends_on:\n      certs:\n        condition: service_completed_successfully\n  certs:\n    image: example/certs:1\n',
    },
    {
      name: 'restart inherited through extends',
      code: 'services:\n  base:\n    image: nginx:1.27\n    restart: always\n  web:\n    extends: base\n',
    },
    {
      name: 'job profile',
      code: 'services:\n  shell:\n    image: busybox:1.36\n    profiles: [tools]\n',
      profiles: ['tools'],
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
    },
    {
      name: 'replicas do not make a one-shot',
      code: 'services:\n  base:\n    image: nginx:1.27\n    restart: always\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n',
      errors: [{ messageId: 'missing', line: 5 }],
    },
    {
      name: 'non-job profile',
      code: 'services:\n  api:\n    image: example/api:1\n    profiles: [backend]\n',
      profiles: ['backend'],
      errors: [{ messageId: 'missing', line: 2 }],
    },
  ],
});
