import rule from '../../../../src/lint/rules/compose/no-version-field.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    {
      name: 'a service key named version is fine',
      code: 'services:\n  web:\n    image: nginx:1.27\n    labels:\n      version: "1"\n',
    },
  ],
  invalid: [
    {
      code: 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n',
      errors: [
        {
          messageId: 'obsolete',
          line: 1,
          column: 1,
          message: '`version: "3.8"` is obsolete and ignored by Compose v2; remove it',
        },
      ],
      output: 'services:\n  web:\n    image: nginx:1.27\n',
    },
    {
      name: 'after comments and other keys',
      code: "# my stack\nname: shop\nversion: '2.4' # legacy\nservices:\n  web:\n    image: nginx:1.27\n",
      errors: [{ messageId: 'obsolete', line: 3, column: 1 }],
      output: '# my stack\nname: shop\nservices:\n  web:\n    image: nginx:1.27\n',
    },
  ],
});
