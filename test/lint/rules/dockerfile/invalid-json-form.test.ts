import rule from '../../../../src/lint/rules/dockerfile/invalid-json-form.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "app.js"]\nVOLUME ["/data"]\n',
    {
      name: 'shell tests in RUN and CMD',
      code: 'FROM alpine:3.20\nRUN [ -f /etc/os-release ] && cat /etc/os-release\nRUN [ "$(id -u)" = "0" ]\nCMD [ -n "$X" ]\n',
    },
    { name: 'shell form that does not start with [', code: "FROM alpine:3.20\nCMD echo ['a', 'b']\n" },
    {
      name: 'valid JSON with escapes',
      code: 'FROM alpine:3.20\nRUN ["sh", "-c", "echo \\"hi\\""]\nSHELL ["cmd", "/S", "/C"]\n',
    },
    { name: 'COPY with a glob class', code: 'FROM alpine:3.20\nCOPY [abc]* /x/\n' },
  ],
  invalid: [
    {
      name: 'single quotes',
      code: "FROM node:22-slim\nCMD ['node', 'app.js']\n",
      errors: [
        {
          messageId: 'invalid',
          line: 2,
          column: 5,
          endColumn: 23,
          message:
            'CMD arguments look like a JSON array but are not valid JSON (single quotes), so Docker treats them as shell form: it runs /bin/sh -c with the bracketed text as a command, which fails at start-up. Write ["node", "app.js"]',
        },
      ],
      output: 'FROM node:22-slim\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'typographic quotes in ENTRYPOINT, continuation',
      code: 'FROM node:22-slim\nENTRYPOINT [\u201cnode\u201d, \\\n  \u201capp.js\u201d]\n',
      errors: [{ messageId: 'invalid', line: 2, column: 12, endLine: 3, endColumn: 12 }],
      output: 'FROM node:22-slim\nENTRYPOINT ["node", "app.js"]\n',
    },
    {
      name: 'trailing comma, missing comma, Windows path: reported without a fix',
      code: 'FROM alpine:3.20\nCMD ["node", "app.js",]\nRUN ["apk" "add", "curl"]\nCMD ["C:\\app\\run.exe"]\n',
      errors: [
        { messageId: 'invalid', line: 2, column: 5 },
        { messageId: 'invalid', line: 3, column: 5 },
        { messageId: 'invalid', line: 4, column: 5 },
      ],
      output: null,
    },
    {
      name: 'BuildKit parser corpus: unterminated bracket and string',
      code: 'FROM alpine:3.20\nCMD ["echo", "Please, close the brackets when you\'re done"\nCMD ["echo", "look ma, no quote!]\n',
      errors: [
        { messageId: 'invalid', line: 2, column: 5, endColumn: 59 },
        { messageId: 'invalid', line: 3, column: 5 },
      ],
      output: null,
    },
    {
      name: 'VOLUME, COPY, HEALTHCHECK, ONBUILD, RUN with flags',
      code: "FROM alpine:3.20\nVOLUME [/data]\nCOPY ['a.txt', '/app/']\nHEALTHCHECK --interval=5s CMD ['/bin/check']\nONBUILD RUN ['make']\nRUN --network=none ['true']\n",
      errors: [
        { messageId: 'invalid', line: 2, column: 8 },
        { messageId: 'invalid', line: 3, column: 6 },
        { messageId: 'invalid', line: 4, column: 31 },
        { messageId: 'invalid', line: 5, column: 13 },
        { messageId: 'invalid', line: 6, column: 20 },
      ],
      output:
        'FROM alpine:3.20\nVOLUME [/data]\nCOPY ["a.txt", "/app/"]\nHEALTHCHECK --interval=5s CMD ["/bin/check"]\nONBUILD RUN ["make"]\nRUN --network=none ["true"]\n',
    },
  ],
});
