import rule from '../../../../src/lint/rules/dockerfile/stage-name-casing.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\n',
    { name: 'unnamed stages', code: 'FROM alpine:3.20\n' },
    { name: 'digits and dashes', code: 'FROM alpine:3.20 AS build-2_x.y\n' },
    // BuildKit check cases (testStageName, second): only FromAsCasing there.
    {
      name: 'buildkit: lower-case names',
      code: '\n# warning\n#\nfrom scratch AS base\n\nfrom scratch as base2\n',
    },
  ],
  invalid: [
    {
      name: 'buildkit: testStageName',
      code: '\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n',
      errors: [{ messageId: 'notLower', line: 4, column: 17, endColumn: 29 }],
      output:
        '\n# warning: stage name should be lowercase\n#\nFROM scratch AS badstagename\n\n# warning\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n',
    },
    {
      name: 'buildkit: testWarningsBeforeError',
      code: '\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\n',
      errors: [{ messageId: 'notLower', line: 2 }],
      output: '\nFROM scratch AS badstagename\nMAINTAINER me@example.org\n',
    },
    {
      name: 'every reference is renamed too',
      code: [
        'FROM golang:1.23 AS Build',
        'RUN go build -o /out/app',
        'FROM BUILD AS Test',
        'RUN go test ./...',
        'FROM alpine:3.20',
        'RUN --mount=type=bind,from=Build,source=/out,target=/mnt cp /mnt/app /app',
        'COPY --from=build /out/app /usr/local/bin/app',
        'COPY --from=Test /etc/passwd /tmp/x',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'notLower', line: 1, column: 21, endColumn: 26 },
        { messageId: 'notLower', line: 3, column: 15 },
      ],
      output: [
        'FROM golang:1.23 AS build',
        'RUN go build -o /out/app',
        'FROM build AS test',
        'RUN go test ./...',
        'FROM alpine:3.20',
        'RUN --mount=type=bind,from=build,source=/out,target=/mnt cp /mnt/app /app',
        'COPY --from=build /out/app /usr/local/bin/app',
        'COPY --from=test /etc/passwd /tmp/x',
        '',
      ].join('\n'),
    },
    {
      name: 'references through a variable are left alone (they still resolve)',
      code: 'FROM alpine:3.20 AS Base\nFROM alpine:3.20\nARG SRC=Base\nCOPY --from=$SRC /etc/os-release /x\n',
      errors: [{ messageId: 'notLower', line: 1 }],
      output:
        'FROM alpine:3.20 AS base\nFROM alpine:3.20\nARG SRC=Base\nCOPY --from=$SRC /etc/os-release /x\n',
    },
  ],
});
