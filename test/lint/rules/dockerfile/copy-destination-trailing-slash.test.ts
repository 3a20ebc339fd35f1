import rule from '../../../../src/lint/rules/dockerfile/copy-destination-trailing-slash.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCOPY package.json package-lock.json ./\n',
    { name: 'one source', code: 'FROM alpine:3.20\nCOPY app.sh /usr/local/bin/app\n' },
    { name: 'JSON form with slash', code: 'FROM alpine:3.20\nCOPY ["a", "b", "/dest/"]\n' },
    { name: 'variable that ends in a slash', code: 'FROM alpine:3.20\nARG DEST=/app/\nCOPY a b $DEST\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nCOPY a b $APP_HOME\n' },
    { name: 'flags are not sources', code: 'FROM alpine:3.20\nCOPY --chown=1000:1000 --chmod=755 a /app\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json .\n',
      errors: [{ messageId: 'slash', line: 3, column: 37, endColumn: 38 }],
      output: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n',
    },
    {
      name: 'ADD, JSON form',
      code: 'FROM alpine:3.20\nADD ["a.tar", "b.tar", "/opt"]\n',
      errors: [{ messageId: 'slash', line: 2, column: 24 }],
      output: 'FROM alpine:3.20\nADD ["a.tar", "b.tar", "/opt/"]\n',
    },
    {
      name: 'continuation lines and a variable destination without slash',
      code: 'FROM alpine:3.20\nENV APP=/srv/app\nCOPY a \\\n     b \\\n     $APP\n',
      errors: [
        {
          messageId: 'slash',
          line: 5,
          column: 6,
          message:
            'COPY has 2 sources, so the destination must be a directory ending in "/": write "/srv/app/"',
        },
      ],
      output: 'FROM alpine:3.20\nENV APP=/srv/app\nCOPY a \\\n     b \\\n     $APP/\n',
    },
    {
      name: 'heredoc sources count',
      code: 'FROM alpine:3.20\nCOPY <<one <<two /etc/conf\nx\none\ny\ntwo\n',
      errors: [{ messageId: 'slash', line: 2, column: 18 }],
      output: 'FROM alpine:3.20\nCOPY <<one <<two /etc/conf/\nx\none\ny\ntwo\n',
    },
  ],
});
