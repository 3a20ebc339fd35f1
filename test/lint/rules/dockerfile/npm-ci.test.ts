import rule from '../../../../src/lint/rules/dockerfile/npm-ci.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-alpine\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n',
    {
      name: 'no lockfile copied: npm install is the only option',
      code: 'FROM node:22-alpine\nCOPY package.json ./\nRUN npm install --omit=dev\n',
    },
    {
      name: 'NODE_ENV=production',
      code: 'FROM node:22-alpine\nENV NODE_ENV=production\nCOPY package*.json ./\nRUN npm ci\n',
    },
    {
      name: 'pruned later in the stage',
      code: 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build && npm prune --omit=dev\n',
    },
    {
      name: 'build stage may keep devDependencies',
      code: 'FROM node:22 AS build\nCOPY package*.json ./\nRUN npm ci\nRUN npm run build\nFROM node:22-alpine\nCOPY --from=build /app/dist /app\n',
    },
    {
      name: 'named packages are npm-pin-global territory',
      code: 'FROM node:22\nCOPY package-lock.json .\nRUN npm install -g pm2@5.4.2\n',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm install --omit=dev\n',
      errors: [{ messageId: 'useCi', line: 3, column: 5, endColumn: 16 }],
      output: 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm ci --omit=dev\n',
    },
    {
      name: 'lockfile copied in the parent stage; npm i',
      code: 'FROM node:22 AS deps\nCOPY package-lock.json package.json ./\nFROM deps AS build\nRUN npm i\nFROM node:22-alpine\n',
      errors: [{ messageId: 'useCi', line: 4, column: 5 }],
      output:
        'FROM node:22 AS deps\nCOPY package-lock.json package.json ./\nFROM deps AS build\nRUN npm ci\nFROM node:22-alpine\n',
    },
    {
      name: 'dev dependencies in the final stage',
      code: 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "index.js"]\n',
      errors: [{ messageId: 'devDeps', line: 3, column: 5, endColumn: 11 }],
      output: null,
    },
  ],
});
