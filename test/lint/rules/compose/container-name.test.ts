// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/container-name.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    {
      name: 'disabled service',
      code: 'services:\n  web:\n    image: nginx:1.27\n  tool:\n    image: busybox:1.36\n    container_name: tool\n    profiles: [tools]\n',
    },
  ],
  invalid: [
    {
      name: 'invalid name (the schema pattern is not anchored)',
      code: 'services:\n  web:\n    image: nginx:1.27\n    container_name: "my web!"\n',
      errors: [{ messageId: 'invalidName', line: 4, column: 21 }],
    },
    {
      name: 'one character is too short for Docker',
      code: 'services:\n  web:\n    image: nginx:1.27\n    container_name: w\n',
      errors: [{ messageId: 'invalidName' }],
    },
    {
      code: 'services:\n  web:\n    image: nginx:1.27\n    container_name: web\n',
      errors: [{ messageId: 'set', line: 4, column: 5 }],
    },
    {
      name: 'set in an override, through interpolation',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    container_name: ${PREFIX}-web\n' },
      env: { PREFIX: 'shop' },
      errors: [
        {
          messageId: 'set',
          message:
            'service "web" sets `container_name: shop-web`: it cannot run more than one replica and clashes with any other project using the same name; refer to it by service name instead',
        },
      ],
    },
  ],
});
