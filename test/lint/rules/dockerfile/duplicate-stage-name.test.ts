import rule from '../../../../src/lint/rules/dockerfile/duplicate-stage-name.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'buildkit: distinct names', code: '\nFROM scratch AS b1\nFROM scratch AS b2\n' },
    { name: 'unnamed stages', code: 'FROM alpine:3.20\nFROM alpine:3.20\n' },
    { name: 'a stage built on another', code: 'FROM alpine:3.20 AS base\nFROM base AS app\n' },
  ],
  invalid: [
    {
      name: 'buildkit: testDuplicateStageName',
      code: '\nFROM scratch AS b\nFROM scratch AS b\n',
      errors: [
        {
          messageId: 'duplicate',
          line: 3,
          column: 17,
          endColumn: 18,
          message:
            'Stage name `b` is already used by the stage on line 2; `--from=b` and `--target b` are ambiguous',
        },
      ],
    },
    {
      name: 'names are case-insensitive',
      code: 'FROM node:22 AS build\nRUN npm ci\nFROM node:22 AS Build\nRUN npm test\nFROM node:22-slim AS BUILD\n',
      errors: [
        { messageId: 'duplicate', line: 3 },
        { messageId: 'duplicate', line: 5 },
      ],
    },
  ],
});
