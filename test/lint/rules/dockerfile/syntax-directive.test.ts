import rule from '../../../../src/lint/rules/dockerfile/syntax-directive.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nCOPY a /a\nRUN echo hi\n',
    {
      name: 'directive present',
      code: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache true\n',
    },
    {
      name: 'directive after escape',
      code: '# escape=`\n# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\nCOPY --link a /a\n',
    },
    {
      name: 'COPY --from and --chown work everywhere',
      code: 'FROM alpine:3.20 AS b\nRUN true\nFROM alpine:3.20\nCOPY --from=b --chown=1:1 /x /x\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add git\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 45 }],
      output:
        '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add git\n',
    },
    {
      name: 'heredoc',
      code: 'FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n',
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 5,
          message:
            'heredocs needs a recent Dockerfile frontend; add `# syntax=docker/dockerfile:1` as the first line so older Docker engines fetch one instead of failing',
        },
      ],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n',
    },
    {
      name: 'COPY --chmod, reported once',
      code: 'FROM alpine:3.20\nCOPY --chmod=755 run.sh /run.sh\nCOPY --link a /a\n',
      errors: [{ messageId: 'missing', line: 2, column: 6 }],
      output:
        '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nCOPY --chmod=755 run.sh /run.sh\nCOPY --link a /a\n',
    },
    {
      name: 'check directive',
      code: '# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n',
    },
  ],
});
