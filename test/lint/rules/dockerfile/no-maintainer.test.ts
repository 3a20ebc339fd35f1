import rule from '../../../../src/lint/rules/dockerfile/no-maintainer.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="ops@example.com"\n',
    { name: 'the word in a comment is fine', code: '# MAINTAINER was here\nFROM alpine:3.20\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n',
      errors: [{ messageId: 'deprecated', line: 2, column: 1, endColumn: 11 }],
      output: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    },
    {
      name: 'quoted value and lower-case keyword',
      code: 'FROM alpine:3.20\nmaintainer "ops \\"team\\""\nRUN true\n',
      errors: [{ messageId: 'deprecated', line: 2 }],
      output: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="ops \\\\\\"team\\\\\\""\nRUN true\n',
    },
  ],
});
