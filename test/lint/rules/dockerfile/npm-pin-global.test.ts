import rule from '../../../../src/lint/rules/dockerfile/npm-pin-global.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22\nRUN npm install -g pm2@5.4.2 @angular/cli@18.1.0\n',
    { name: 'ranges count as versions', code: 'FROM node:22\nRUN npm i -g "typescript@~5.5"\n' },
    { name: 'lockfile install', code: 'FROM node:22\nRUN npm install && npm ci\n' },
    {
      name: 'paths, tarballs, git',
      code: 'FROM node:22\nRUN npm install -g ./tool ./x-1.0.0.tgz git+https://g.com/o/r.git#v1 o/r\n',
    },
    { name: '--prefix value is not a package', code: 'FROM node:22\nRUN npm install --prefix /opt/app\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22\nRUN npm install -g pm2\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 20, endColumn: 23 }],
    },
    {
      name: 'scoped without version, latest tag, local install',
      code: 'FROM node:22\nRUN npm i -g @nestjs/cli npm@latest && npm install express\n',
      errors: [
        { messageId: 'unpinned', line: 2, column: 14 },
        { messageId: 'moving', line: 2, column: 26 },
        { messageId: 'unpinned', line: 2, column: 52 },
      ],
    },
  ],
});
