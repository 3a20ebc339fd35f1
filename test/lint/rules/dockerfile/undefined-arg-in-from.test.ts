// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/undefined-arg-in-from.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ARG VERSION=22\nFROM node:${VERSION}-slim\n',
    // BuildKit check cases (testUndeclaredArg): no UndefinedArgInFrom.
    { name: 'buildkit: ARG base=scratch', code: '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n' },
    {
      name: 'buildkit: declared BUILDPLATFORM',
      code: '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n',
    },
    {
      name: 'buildkit: automatic BUILDPLATFORM',
      code: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n',
    },
    {
      name: 'buildkit: declared without value',
      code: '\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n',
    },
    { name: 'buildkit: default operator', code: '\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n' },
    {
      name: 'buildkit: unset-only default',
      code: '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n',
    },
    {
      name: 'TARGETARCH is automatic in FROM',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.23-${TARGETARCH}\n',
    },
    { name: 'escaped dollar', code: 'FROM alpine:3.20\nRUN echo $UNDECLARED\n' },
  ],
  invalid: [
    {
      name: 'buildkit: typo in platform',
      code: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n',
      errors: [
        {
          messageId: 'undeclaredSuggest',
          line: 2,
          column: 17,
          endColumn: 31,
          message:
            'FROM uses `$BULIDPLATFORM`, which is not declared by an ARG before the first FROM (did you mean `$BUILDPLATFORM`?)',
        },
      ],
    },
    {
      name: 'ARG declared inside a stage is not visible to a later FROM',
      code: 'FROM alpine:3.20\nARG TAG=3.20\nFROM alpine:${TAG}\n',
      errors: [{ messageId: 'undeclared', line: 3, column: 13, endColumn: 19 }],
    },
    {
      name: 'ARG declared after the first FROM',
      code: 'FROM scratch AS a\nARG IMAGE=alpine:3.20\nFROM $IMAGE\n',
      errors: [{ messageId: 'undeclared', line: 3, column: 6 }],
    },
    {
      name: 'a default word is still read (as BuildKit does)',
      code: 'ARG A=alpine:3.20\nFROM ${A:-$NOPE}\n',
      errors: [{ messageId: 'undeclared', line: 2, column: 11, endColumn: 16 }],
    },
    {
      name: 'each name once',
      code: 'FROM ${REG}/${REG}/app:1\n',
      errors: [{ messageId: 'undeclared', line: 1, column: 6, endColumn: 12 }],
    },
  ],
});
