import rule from '../../../../src/lint/rules/dockerfile/from-as-casing.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20 AS base\n',
    { name: 'both lower', code: 'from alpine:3.20 as base\n' },
    { name: 'no AS', code: 'FROM alpine:3.20\n' },
    // BuildKit: a mixed-case FROM is ConsistentInstructionCasing's business.
    { name: 'buildkit: mixed-case From', code: '\nFrom scratch as base\nFROM scratch AS base2\n' },
    { name: 'buildkit: frOM', code: '\nfrOM scratch as base\nfrom scratch as base2\n' },
    {
      name: 'buildkit: skipped by check directive',
      code: '#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n',
    },
  ],
  invalid: [
    {
      name: 'buildkit: testRuleCheckOption',
      code: '#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n',
      errors: [
        {
          messageId: 'mismatch',
          line: 2,
          column: 14,
          endColumn: 16,
          message: "'as' does not match the casing of 'FROM'; write 'AS'",
        },
      ],
      output: '#check=skip=ConsistentInstructionCasing\nFROM scratch AS base\ncopy Dockerfile .\n',
    },
    {
      name: 'buildkit: testStageName (upper FROM)',
      code: '\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n',
      errors: [{ messageId: 'mismatch', line: 8 }],
      output:
        '\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning\n#\nFROM scratch AS base2\n\nFROM scratch AS base3\n',
    },
    {
      name: 'buildkit: testStageName (lower from)',
      code: "\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\nfrom scratch as base2\n",
      errors: [{ messageId: 'mismatch', line: 4 }],
      output:
        "\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch as base\n\nfrom scratch as base2\n",
    },
    {
      name: 'mixed-case As',
      code: 'FROM alpine:3.20 As base\n',
      errors: [{ messageId: 'mismatch', line: 1 }],
      output: 'FROM alpine:3.20 AS base\n',
    },
  ],
});
