import rule from '../../../../src/lint/rules/dockerfile/copy-ignored-file.js';
import { createMatcher } from '../../../../src/parse/dockerignore/index.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

function context(patterns: string[]) {
  const m = createMatcher(patterns);
  return {
    dir: '/nonexistent',
    exists: () => true,
    dockerignore: { path: '/ctx/.dockerignore', excludes: (p: string) => m.matches(p) },
  };
}
const ctx = context(['.git', '*.md', 'secrets/', 'docs', '!docs/README.md', 'build/**']);

ruleTester(rule, {
  valid: [
    { code: 'FROM alpine:3.20\nCOPY src /src\nCOPY . /app\n', buildContext: ctx },
    { name: 're-included by !', code: 'FROM alpine:3.20\nCOPY docs/README.md /d/\n', buildContext: ctx },
    {
      name: 'from another stage',
      code: 'FROM alpine:3.20 AS b\nRUN true\nFROM alpine:3.20\nCOPY --from=b README.md /\n',
      buildContext: ctx,
    },
    { name: 'context unknown', code: 'FROM alpine:3.20\nCOPY README.md /\n' },
    {
      name: 'no .dockerignore',
      code: 'FROM alpine:3.20\nCOPY README.md /\n',
      buildContext: { dir: '/x', exists: () => true },
    },
    { name: 'URL', code: 'FROM alpine:3.20\nADD https://x/README.md /\n', buildContext: ctx },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCOPY README.md src /app/\n',
      buildContext: ctx,
      errors: [
        {
          messageId: 'ignored',
          line: 2,
          column: 6,
          endColumn: 15,
          message: 'Attempting to Copy "README.md" that is excluded by .dockerignore',
        },
      ],
    },
    {
      name: 'ADD, ./ prefix, file inside an excluded directory, ARG',
      code: 'FROM alpine:3.20\nARG D=secrets\nADD ./$D/key.pem /k\nCOPY build/out /o\n',
      buildContext: ctx,
      errors: [
        {
          messageId: 'ignored',
          line: 3,
          column: 5,
          message: 'Attempting to Add "secrets/key.pem" that is excluded by .dockerignore',
        },
        { messageId: 'ignored', line: 4, column: 6 },
      ],
    },
  ],
});
