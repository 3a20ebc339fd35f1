import rule from '../../../../src/lint/rules/dockerfile/definition-description.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    // BuildKit's own valid case (check-cases #0).
    '# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n',
    {
      name: 'a blank line separates a comment from the instruction',
      code: '# some note\n\nARG version=1\nFROM scratch\n',
    },
    { name: 'FROM without a stage name is not described', code: '# anything goes\nFROM scratch\n' },
  ],
  invalid: [
    {
      name: "BuildKit's invalid case (check-cases #1)",
      code: '# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n',
      errors: [
        { messageId: 'mismatch', line: 3, column: 1 },
        { messageId: 'mismatch', line: 5, column: 1 },
        { messageId: 'mismatch', line: 7, column: 1 },
        { messageId: 'mismatch', line: 9, column: 1 },
      ],
    },
  ],
});
