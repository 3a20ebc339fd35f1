import rule from '../../../../src/lint/rules/compose/build-and-image.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    build: .\n',
    'services:\n  web:\n    image: nginx:1.27\n',
    {
      name: 'pull_policy set',
      code: 'services:\n  web:\n    build: .\n    image: example/web:1\n    pull_policy: build\n',
    },
    {
      name: 'pull_policy in an override',
      code: 'services:\n  web:\n    build: .\n    image: example/web:1\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    pull_policy: never\n' },
    },
  ],
  invalid: [
    {
      code: 'services:\n  web:\n    build: .\n    image: example/web:1\n',
      errors: [{ messageId: 'both', line: 4, column: 5 }],
    },
    {
      name: 'build added by an override',
      code: 'services:\n  web:\n    image: example/web:1\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    build:\n      context: .\n' },
      errors: [{ messageId: 'both', line: 3 }],
    },
    {
      name: 'image through extends',
      code: 'services:\n  base:\n    image: example/web:1\n  web:\n    extends: base\n    build: .\n',
      errors: [
        {
          messageId: 'both',
          line: 3,
          message:
            'service "web" has both `build` and `image: example/web:1` without `pull_policy`: `docker compose up`/`pull` try to pull example/web:1 first and only build when the pull fails; set `pull_policy: build` to always build (or remove `build`)',
        },
      ],
    },
  ],
});
