import rule from '../../../../src/lint/rules/dockerfile/numeric-user.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nUSER 1001\n',
    { name: 'uid:gid', code: 'FROM alpine:3.20\nUSER 1001:1001\n' },
    { name: 'uid:group name', code: 'FROM alpine:3.20\nUSER 1001:app\n' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
    { name: 'from an ARG', code: 'FROM alpine:3.20\nARG UID=1001\nUSER ${UID}\n' },
    { name: 'root is last-user-root', code: 'FROM alpine:3.20\nUSER root\n' },
    {
      name: 'named user only in a build stage',
      code: 'FROM node:22 AS build\nUSER node\nFROM node:22-slim\nUSER 1000\n',
    },
    { name: 'no USER', code: 'FROM alpine:3.20\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nUSER app\n',
      errors: [{ messageId: 'named', line: 2, column: 6, endColumn: 9 }],
    },
    {
      name: 'name:group',
      code: 'FROM node:22-slim\nUSER node:node\nCMD ["node"]\n',
      errors: [{ messageId: 'named', line: 2 }],
    },
    {
      name: 'inherited',
      code: 'FROM node:22-slim AS base\nUSER node\nFROM base\n',
      errors: [{ messageId: 'named', line: 2 }],
    },
  ],
});
