import { describe, expect, it } from 'vitest';
import rule, { asSingleWord } from '../../../../src/lint/rules/dockerfile/legacy-key-value-format.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'buildkit: equals form', code: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n' },
    {
      name: 'buildkit: skipped by per-instruction check comments',
      code: '\nFROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value\n',
    },
    { name: 'quoted value with spaces', code: 'FROM alpine:3.20\nENV GREETING="hello world" A=1\n' },
  ],
  invalid: [
    {
      name: 'buildkit: testLegacyKeyValueFormat',
      code: '\nFROM scratch\nENV testkey value\nLABEL key value\n',
      errors: [
        {
          messageId: 'legacy',
          line: 3,
          column: 5,
          endColumn: 12,
          message: '"ENV testkey value" is the deprecated legacy form; write "ENV testkey=value"',
        },
        { messageId: 'legacy', line: 4, column: 7 },
      ],
      output: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n',
    },
    {
      name: 'buildkit: in a later stage',
      code: '\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n',
      errors: [
        { messageId: 'legacy', line: 5 },
        { messageId: 'legacy', line: 6 },
      ],
      output: '\nFROM scratch AS a\n\nFROM a AS b\nENV testkey=value\nLABEL key=value\n\nFROM a AS c\n',
    },
    {
      name: 'value with spaces is quoted',
      code: 'FROM alpine:3.20\nenv PATH /opt/app/bin:$PATH\nENV MSG hello  big world\n',
      errors: [
        { messageId: 'legacy', line: 2 },
        { messageId: 'legacy', line: 3 },
      ],
      output: 'FROM alpine:3.20\nenv PATH=/opt/app/bin:$PATH\nENV MSG="hello  big world"\n',
    },
    {
      name: 'value with quotes and spaces: spaces are escaped',
      code: 'FROM alpine:3.20\nENV OPTS -Dx="a b" -Xmx1g\n',
      errors: [{ messageId: 'legacy', line: 2 }],
      output: 'FROM alpine:3.20\nENV OPTS=-Dx="a b"\\ -Xmx1g\n',
    },
    {
      name: 'plain value spanning continuations is quoted at both ends',
      code: 'FROM alpine:3.20\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev\nRUN echo $PHPIZE_DEPS\n',
      errors: [{ messageId: 'legacy', line: 2 }],
      output: 'FROM alpine:3.20\nENV PHPIZE_DEPS="autoconf \\\n\t\tdpkg-dev"\nRUN echo $PHPIZE_DEPS\n',
    },
    {
      name: 'quoted value spanning a continuation: reported, not fixed',
      code: 'FROM alpine:3.20\nENV OPTS a="x" \\\n  b\n',
      errors: [{ messageId: 'legacy', line: 2 }],
      output: null,
    },
  ],
});

describe('asSingleWord', () => {
  it('keeps single words and handles escapes', () => {
    expect(asSingleWord('value', '\\')).toBe('value');
    expect(asSingleWord('"a b"', '\\')).toBe('"a b"');
    expect(asSingleWord('a\\ b c', '\\')).toBe('a\\ b\\ c');
    expect(asSingleWord("it's", '\\')).toBeUndefined();
    expect(asSingleWord('a b', '`')).toBe('"a b"');
  });
});
