// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation is written as ${NAME}
import rule from '../../../../src/lint/rules/compose/build-context-dockerfile.js';
import { composeRuleTester } from '../../../helpers/rule-tester.js';

composeRuleTester(rule, {
  valid: [
    { code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: 'FROM node:20\n' } },
    {
      name: 'custom Dockerfile name',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api.Dockerfile\n',
      files: { 'api.Dockerfile': 'FROM node:20\n' },
    },
    {
      name: 'inline Dockerfile',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20\n',
    },
    {
      name: 'remote git context',
      code: 'services:\n  api:\n    build: https://github.com/example/api.git#main\n',
    },
    {
      name: 'remote context with a Dockerfile path',
      code: 'services:\n  api:\n    build:\n      context: git@github.com:example/api.git\n      dockerfile: docker/Dockerfile\n',
    },
    {
      name: 'lower-case dockerfile',
      code: 'services:\n  api:\n    build: .\n',
      files: { dockerfile: 'FROM node:20\n' },
    },
    { name: 'image only', code: 'services:\n  api:\n    image: node:20\n' },
    {
      name: 'context from .env',
      code: 'services:\n  api:\n    build: ${CTX}\n',
      files: { '.env': 'CTX=.\n', Dockerfile: 'FROM node:20\n' },
    },
  ],
  invalid: [
    {
      code: 'services:\n  api:\n    build: ./api\n',
      errors: [
        {
          messageId: 'contextMissing',
          line: 3,
          column: 12,
          message: 'the build context of "api" (./api) does not exist: `docker compose build` fails',
        },
      ],
    },
    {
      name: 'no Dockerfile in the context',
      code: 'services:\n  api:\n    build: .\n',
      errors: [
        {
          messageId: 'dockerfileMissing',
          line: 3,
          column: 12,
          message:
            'the Dockerfile of "api" (./Dockerfile) does not exist (no `build.dockerfile`, so Compose looks for `Dockerfile` in the context): `docker compose build` fails',
        },
      ],
    },
    {
      name: 'named Dockerfile missing',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile.prod\n',
      files: { Dockerfile: 'FROM node:20\n' },
      errors: [{ messageId: 'dockerfileMissing', line: 5, column: 19 }],
    },
    {
      name: 'context is a file',
      code: 'services:\n  api:\n    build:\n      context: ./package.json\n',
      files: { 'package.json': '{}' },
      errors: [{ messageId: 'contextNotDirectory', line: 4 }],
    },
    {
      name: 'context set in an override',
      code: 'services:\n  api:\n    image: example/api:1\n',
      files: { 'compose.override.yaml': 'services:\n  api:\n    build:\n      context: ./missing\n' },
      errors: [{ messageId: 'contextMissing', line: 4 }],
    },
  ],
});
