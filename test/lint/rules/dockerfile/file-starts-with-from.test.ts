// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/file-starts-with-from.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN true\n',
    {
      name: 'directives, comments and ARGs first',
      code: '# syntax=docker/dockerfile:1\n# a comment\nARG VERSION=3.20\n\nARG REG=docker.io\nFROM ${REG}/alpine:${VERSION}\n',
    },
    { name: 'instructions after FROM', code: 'ARG A=1\nFROM alpine:3.20\nLABEL a=b\n' },
  ],
  invalid: [
    {
      code: '# syntax=docker/dockerfile:1\nLABEL org.opencontainers.image.title=app\nFROM alpine:3.20\n',
      errors: [{ messageId: 'beforeFrom', line: 2, column: 1, endColumn: 6 }],
    },
    {
      name: 'each instruction before FROM, lower case keyword',
      code: 'ARG V=1\nenv A=1\nRUN echo $A\nFROM alpine:3.20\nRUN true\n',
      errors: [
        {
          messageId: 'beforeFrom',
          line: 2,
          message:
            'ENV before the first FROM is not part of any stage (BuildKit fails with "no build stage in current context"); only ARG may come before FROM',
        },
        { messageId: 'beforeFrom', line: 3 },
      ],
    },
  ],
});
