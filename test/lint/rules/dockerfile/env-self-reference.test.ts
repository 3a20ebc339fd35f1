// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/env-self-reference.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nENV APP_HOME=/app\nENV PATH=$APP_HOME/bin:$PATH\n',
    {
      name: 'a pair may use its own previous value',
      code: 'FROM alpine:3.20\nENV PATH=/opt/bin:$PATH LANG=C.UTF-8\n',
    },
    { name: 'single-quoted is literal', code: "FROM alpine:3.20\nENV A=1 B='$A'\n" },
    { name: 'escaped dollar', code: 'FROM alpine:3.20\nENV A=1 B=\\$A\n' },
    { name: 'later pair is not visible to an earlier one', code: 'FROM alpine:3.20\nENV B=$A A=1\n' },
    { name: 'LABEL is not checked', code: 'FROM alpine:3.20\nLABEL a=1 b=$a\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin\n',
      errors: [
        {
          messageId: 'empty',
          line: 2,
          column: 27,
          endColumn: 36,
          message:
            '`$APP_HOME` is set earlier in this same ENV, but ENV expands every value before setting any, so it is empty here; move `APP_BIN` to its own ENV',
        },
      ],
    },
    {
      name: 'braces, continuation and a previous value',
      code: 'FROM alpine:3.20\nENV VERSION=1.0\nENV VERSION=2.0 \\\n    URL="https://example.com/v${VERSION}.tgz"\n',
      errors: [{ messageId: 'previous', line: 4, column: 31, endColumn: 41 }],
    },
    {
      name: 'each variable once per pair',
      code: 'FROM alpine:3.20\nENV A=1 B=2 C=$A-$B-$A\n',
      errors: [
        { messageId: 'empty', line: 2, column: 15 },
        { messageId: 'empty', line: 2, column: 18 },
      ],
    },
  ],
});
