// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import rule from '../../../../src/lint/rules/compose/privileged.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n',
    {
      name: 'a privileged service switched off by its profile',
      code: 'services:\n  web:\n    image: nginx:1.27\n  dind:\n    image: docker:27-dind\n    privileged: true\n    profiles: [ci]\n',
    },
  ],
  invalid: [
    {
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n',
      errors: [{ messageId: 'privileged', line: 4, column: 17 }],
    },
    {
      name: 'from an interpolated value',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: ${PRIV}\n',
      env: { PRIV: 'true' },
      errors: [{ messageId: 'privileged', line: 4, column: 17 }],
    },
    {
      name: 'set in the override file',
      code: 'services:\n  dind:\n    image: docker:27-dind\n',
      files: { 'compose.override.yaml': 'services:\n  dind:\n    privileged: true\n' },
      errors: [{ messageId: 'privileged', line: 3, column: 17 }],
    },
    {
      name: 'inherited through extends',
      code: 'services:\n  base:\n    image: docker:27-dind\n    privileged: true\n  dind:\n    extends: base\n',
      errors: [
        { messageId: 'privileged', line: 4, column: 17 },
        { messageId: 'privileged', line: 4, column: 17 },
      ],
    },
  ],
});
