// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/require-project-name.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'name: shop\nservices:\n  web:\n    image: nginx:1.27\n',
    {
      name: 'name from the override file',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'name: shop\n' },
    },
    {
      name: 'COMPOSE_PROJECT_NAME in .env',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { '.env': 'COMPOSE_PROJECT_NAME=shop\n' },
    },
    {
      name: 'name through interpolation',
      code: 'name: ${STACK:-shop}\nservices:\n  web:\n    image: nginx:1.27\n',
    },
  ],
  invalid: [
    {
      code: '# stack\nservices:\n  web:\n    image: nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
  ],
});
