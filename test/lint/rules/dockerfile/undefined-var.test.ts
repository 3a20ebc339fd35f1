// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import rule from '../../../../src/lint/rules/dockerfile/undefined-var.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nARG APP_DIR=/app\nWORKDIR $APP_DIR\nCOPY . $APP_DIR/\n',
    // BuildKit check case testUnmatchedVars: a declared ARG without value is not "undefined".
    {
      name: 'buildkit: declared ARG without value',
      code: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n',
    },
    {
      name: 'ENV inherited from an earlier stage',
      code: 'FROM scratch AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n',
    },
    { name: 'shell-form RUN is expanded by the shell', code: 'FROM scratch\nRUN echo $HOME $UNSET\n' },
    { name: 'exec-form CMD is not expanded', code: 'FROM scratch\nCMD ["/bin/app", "$PORT"]\n' },
    { name: 'PATH in a distro image', code: 'FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n' },
    { name: 'env of an official image', code: 'FROM node:22-slim\nLABEL node.version=$NODE_VERSION\n' },
    { name: 'env of the Go image', code: 'FROM golang:1.23\nWORKDIR $GOPATH/src/app\n' },
    { name: 'custom base image may set it', code: 'FROM myorg/base:1.0\nWORKDIR $APP_HOME\n' },
    {
      name: 'platform ARG declared in the stage',
      code: 'FROM alpine:3.20\nARG TARGETARCH\nCOPY bin/app-$TARGETARCH /app\n',
    },
    { name: 'escaped and single-quoted', code: "FROM scratch\nLABEL a='$X' b=\\$Y\n" },
    { name: 'default operators', code: 'FROM scratch\nWORKDIR ${APP_DIR:-/app}\nLABEL a=${B+x} c=${D-y}\n' },
    { name: 'ENV self reference is another rule', code: 'FROM scratch\nENV A=1 B=$A\n' },
    { name: 'heredoc bodies are not checked', code: 'FROM scratch\nCOPY <<EOF /x\n$NOT_A_WORD\nEOF\n' },
  ],
  invalid: [
    {
      name: 'buildkit: testAllTargetUnmarshal',
      code: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n',
      errors: [
        {
          messageId: 'undefined',
          line: 3,
          column: 6,
          endColumn: 10,
          message:
            '`$foo` is not defined by an ARG or ENV in this stage or its base image, so it expands to an empty string',
        },
        { messageId: 'undefined', line: 6, column: 6 },
      ],
    },
    {
      name: 'typo with a suggestion',
      code: 'FROM node:22-slim\nENV APP_HOME=/app\nWORKDIR ${APP_HOEM}\n',
      errors: [{ messageId: 'undefinedSuggest', line: 3, column: 9, endColumn: 20 }],
    },
    {
      name: 'typo on a custom base image',
      code: 'FROM myorg/base:1.0\nARG VERSION=1\nLABEL version=$VERSOIN\n',
      errors: [{ messageId: 'undefinedSuggest', line: 3, column: 15 }],
    },
    {
      name: 'ARGs do not cross stages',
      code: 'FROM alpine:3.20 AS build\nARG OUT=/out\nFROM alpine:3.20\nCOPY --from=build $OUT/app /app\n',
      errors: [{ messageId: 'undefined', line: 4, column: 19, endColumn: 23 }],
    },
    {
      name: 'global ARG not re-declared in the stage',
      code: 'ARG VERSION=1.0\nFROM alpine:3.20\nLABEL version=$VERSION\n',
      errors: [{ messageId: 'undefined', line: 3 }],
    },
    {
      name: 'platform ARG without ARG in the stage',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /out/app-${TARGETARCH} /app\n',
      errors: [{ messageId: 'platformArg', line: 3, column: 28, endColumn: 41 }],
    },
    {
      name: 'a pattern operator on an unset variable is reported',
      code: 'FROM scratch\nWORKDIR ${APP_DIR%/}\n',
      errors: [{ messageId: 'undefined', line: 2, column: 9 }],
    },
    {
      name: 'HOME is not set at build time',
      code: 'FROM debian:bookworm-slim\nCOPY config $HOME/.config/\n',
      errors: [{ messageId: 'undefined', line: 2, column: 13 }],
    },
    {
      name: 'used before its ARG, in --chown and JSON form',
      code: 'FROM alpine:3.20\nCOPY --chown=$APP_USER ["a b", "/app/"]\nARG APP_USER=app\nVOLUME ["$DATA"]\n',
      errors: [
        { messageId: 'undefined', line: 2, column: 14 },
        { messageId: 'undefined', line: 4, column: 10 },
      ],
    },
  ],
});
