import rule from '../../../../src/lint/rules/dockerfile/apk-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1 git~2.45\n',
    {
      name: 'virtual package name is not a package',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0\n',
    },
    {
      name: 'variables and local files',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache $PKGS /tmp/x.apk "py3=$V"\n',
    },
    { name: 'range', code: 'FROM alpine:3.20\nRUN apk add --no-cache "nodejs>20"\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1 bash\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 38, endColumn: 42 }],
    },
    {
      name: '-t value skipped, packages after it reported; heredoc',
      code: 'FROM alpine:3.20\nRUN apk add -t .deps gcc\nRUN <<EOF\napk add --no-cache make\nEOF\n',
      errors: [
        { messageId: 'unpinned', line: 2, column: 22 },
        { messageId: 'unpinned', line: 4, column: 20 },
      ],
    },
  ],
});
