import rule from '../../../../src/lint/rules/dockerfile/copy-from-whole-filesystem.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const build = 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n';

ruleTester(rule, {
  valid: [
    `${build}FROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n`,
    { name: 'root into a subdirectory', code: `${build}FROM alpine:3.20\nCOPY --from=build / /rootfs\n` },
    { name: 'a directory into root', code: `${build}FROM alpine:3.20\nCOPY --from=build /out /\n` },
    { name: 'no --from: the build context', code: 'FROM alpine:3.20\nCOPY / /\n' },
    { name: 'flattening into a scratch stage', code: `${build}FROM scratch\nCOPY --from=build / /\n` },
    {
      name: 'rootfs assembled in a scratch stage',
      code: `${build}FROM scratch AS rootfs\nCOPY --from=build /out/app /app\nFROM alpine:3.20\nCOPY --from=rootfs / /\n`,
    },
    {
      name: 'tool bundle image meant to be copied whole',
      code: 'FROM alpine:3.20\nCOPY --from=tonistiigi/xx:1.5 / /\n',
    },
  ],
  invalid: [
    {
      code: `${build}FROM alpine:3.20\nCOPY --from=build / /\n`,
      errors: [{ messageId: 'whole', line: 4, column: 19, endColumn: 20 }],
    },
    {
      name: 'quoted, JSON form and variants of /',
      code: `${build}FROM alpine:3.20\nCOPY --from=build ["/.", "/"]\nCOPY --from=build "/" "//"\n`,
      errors: [
        { messageId: 'whole', line: 4, column: 20 },
        { messageId: 'whole', line: 5, column: 19 },
      ],
    },
    {
      name: 'from an OS image, destination via ARG',
      code: 'FROM alpine:3.20\nARG DEST=/\nCOPY --from=debian:12 / $DEST\n',
      errors: [{ messageId: 'whole', line: 3, column: 23 }],
    },
  ],
});
