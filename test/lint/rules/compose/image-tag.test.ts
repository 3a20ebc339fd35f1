// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/image-tag.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27-alpine\n',
    {
      name: 'digest only',
      code: 'services:\n  web:\n    image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    },
    {
      name: 'latest with digest',
      code: 'services:\n  web:\n    image: nginx:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    },
    {
      name: 'registry with a port',
      code: 'services:\n  web:\n    image: registry.local:5000/team/web:2.1.0\n',
    },
    { name: 'image naming a build', code: 'services:\n  web:\n    build: .\n    image: example/web\n' },
    {
      name: 'tag from .env',
      code: 'services:\n  web:\n    image: nginx:${NGINX_TAG}\n',
      files: { '.env': 'NGINX_TAG=1.27\n' },
    },
    {
      name: 'custom list',
      code: 'services:\n  web:\n    image: nginx:stable\n',
      options: { prohibitedTags: ['latest'] },
    },
  ],
  invalid: [
    { code: 'services:\n  web:\n    image: nginx\n', errors: [{ messageId: 'noTag', line: 3, column: 12 }] },
    {
      name: 'registry port is not a tag',
      code: 'services:\n  web:\n    image: registry.local:5000/web\n',
      errors: [{ messageId: 'noTag' }],
    },
    {
      name: 'floating tags',
      code: 'services:\n  a:\n    image: nginx:latest\n  b:\n    image: "ghcr.io/example/app:Stable"\n  c:\n    image: node:lts\n',
      errors: [
        {
          messageId: 'floatingTag',
          line: 3,
          message:
            'service "a" uses the floating tag `:latest` (nginx:latest): it moves to new releases; pin a version (and ideally a digest)',
        },
        { messageId: 'floatingTag', line: 5 },
        { messageId: 'floatingTag', line: 7 },
      ],
    },
    {
      name: 'tag from interpolation',
      code: 'services:\n  web:\n    image: nginx:${TAG:-latest}\n',
      errors: [{ messageId: 'floatingTag', line: 3 }],
    },
    {
      name: 'image replaced in an override',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    image: nginx:edge\n' },
      errors: [{ messageId: 'floatingTag' }],
    },
  ],
});
