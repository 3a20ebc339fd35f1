import rule from '../../../../src/lint/rules/dockerfile/consecutive-run.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY . /app\nRUN make\n',
    {
      name: 'long RUNs are a deliberate split',
      code: 'FROM alpine:3.20\nRUN a && b && c\nRUN d && e && f\n',
    },
    {
      name: 'different mounts',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache pip install x\nRUN python -m compileall /app\n',
    },
    {
      name: 'a comment between documents the split',
      code: 'FROM alpine:3.20\nRUN a\n# second step, cached separately\nRUN b\n',
    },
    { name: 'different stages', code: 'FROM alpine:3.20 AS a\nRUN a\nFROM alpine:3.20\nRUN b\n' },
    { name: 'option', code: 'FROM alpine:3.20\nRUN a && b\nRUN c\n', options: { maxCommands: 1 } },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache git\nRUN git --version\n',
      errors: [{ messageId: 'merge', line: 3, column: 1, endColumn: 4 }],
    },
    {
      name: 'three in a row, JSON form, same mounts',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c ["b"]\nRUN --mount=type=cache,target=/c c && d\n',
      errors: [
        { messageId: 'merge', line: 3 },
        {
          messageId: 'merge',
          line: 4,
          message:
            'This RUN directly follows the RUN at line 3 with the same flags; consider merging them into one layer',
        },
      ],
    },
    {
      name: 'continuations and heredoc',
      code: 'FROM alpine:3.20\nRUN a \\\n  && b\nRUN <<EOF\nc\nEOF\n',
      errors: [{ messageId: 'merge', line: 4 }],
    },
  ],
});
