import rule from '../../../../src/lint/rules/dockerfile/reserved-stage-name.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'buildkit: testReservedStageName (valid)', code: '\nFROM scratch\nFROM scratch AS a\n' },
    {
      name: 'names that contain the words',
      code: 'FROM alpine:3.20 AS scratch-builder\nFROM alpine:3.20 AS build-context\n',
    },
  ],
  invalid: [
    {
      name: 'buildkit: testReservedStageName',
      code: '\nFROM scratch AS scratch\nFROM scratch AS context\n',
      errors: [
        { messageId: 'reserved', line: 2, column: 17, endColumn: 24 },
        { messageId: 'reserved', line: 3, column: 17, endColumn: 24 },
      ],
    },
    {
      name: 'case-insensitive',
      code: 'FROM alpine:3.20 AS Context\n',
      errors: [{ messageId: 'reserved', line: 1 }],
    },
  ],
});
