import rule from '../../../../src/lint/rules/dockerfile/run-security-insecure.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN --security=sandbox true\n',
    { name: 'no flag', code: 'FROM alpine:3.20\nRUN echo --security=insecure\n' },
  ],
  invalid: [
    {
      code: '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt\n',
      errors: [{ messageId: 'insecure', line: 3, column: 5, endColumn: 24 }],
    },
    {
      name: 'after a mount flag, build stage',
      code: 'FROM alpine:3.20 AS build\nRUN --mount=type=cache,target=/c --security=insecure make\nFROM alpine:3.20\n',
      errors: [{ messageId: 'insecure', line: 2, column: 34 }],
    },
  ],
});
