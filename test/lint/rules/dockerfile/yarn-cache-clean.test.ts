import rule from '../../../../src/lint/rules/dockerfile/yarn-cache-clean.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-alpine\nRUN yarn install --frozen-lockfile && yarn cache clean\n',
    {
      name: 'cache mount',
      code: 'FROM node:22-alpine\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n',
    },
    {
      name: 'cache folder on a mount',
      code: 'FROM node:22-alpine\nRUN --mount=type=cache,target=/tmp/yc yarn --cache-folder /tmp/yc\n',
    },
    {
      name: 'rm of the cache',
      code: 'FROM node:22-alpine\nRUN yarn && rm -rf /usr/local/share/.cache/yarn\n',
    },
    {
      name: 'running scripts and --version',
      code: 'FROM node:22-alpine\nRUN yarn build && yarn test && yarn --version\n',
    },
    {
      name: 'build stage',
      code: 'FROM node:22 AS build\nRUN yarn install\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-alpine\nRUN yarn install --frozen-lockfile\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 17 }],
    },
    {
      name: 'bare yarn, then yarn global add in a heredoc',
      code: 'FROM node:22-alpine\nRUN yarn --production\nRUN <<EOF\nyarn global add serve@14\nEOF\n',
      errors: [
        { messageId: 'missing', line: 2, column: 5, endColumn: 9 },
        { messageId: 'missing', line: 4, column: 1 },
      ],
    },
  ],
});
