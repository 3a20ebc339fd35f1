import rule from '../../../../src/lint/rules/dockerfile/apk-no-cache.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    {
      name: 'cache removed in the same RUN',
      code: 'FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n',
    },
    {
      name: 'cache mount',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
    },
    { name: 'apk cache clean', code: 'FROM alpine:3.20\nRUN apk add -U curl && apk cache clean\n' },
    {
      name: 'build stage only copied from',
      code: 'FROM alpine:3.20 AS build\nRUN apk add --update gcc\nFROM alpine:3.20\nCOPY --from=build /x /x\n',
    },
    {
      name: '--no-network',
      code: 'FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps so:libc.musl-x86_64.so.1\n',
    },
    { name: 'flag before the subcommand', code: 'FROM alpine:3.20\nRUN apk --no-cache add curl\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --update curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 12 }],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache --update curl\n',
    },
    {
      name: 'apk update with --no-cache leaves the index',
      code: 'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n',
      errors: [{ messageId: 'redundantUpdate', line: 2, column: 5, endColumn: 15 }],
      output: null,
    },
    {
      name: 'sudo, continuation and heredoc',
      code: 'FROM alpine:3.20\nRUN sudo apk \\\n  add git\nRUN <<EOF\napk add make\nEOF\n',
      errors: [
        { messageId: 'missing', line: 2, column: 10 },
        { messageId: 'missing', line: 5, column: 1 },
      ],
      output:
        'FROM alpine:3.20\nRUN sudo apk \\\n  add --no-cache git\nRUN <<EOF\napk add --no-cache make\nEOF\n',
    },
    {
      name: 'removal before the install does not count',
      code: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add -U curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 32 }],
      output: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add --no-cache -U curl\n',
    },
  ],
});
