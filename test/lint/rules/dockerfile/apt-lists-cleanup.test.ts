import rule from '../../../../src/lint/rules/dockerfile/apt-lists-cleanup.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    {
      name: '; and a quoted path',
      code: 'FROM debian:12\nRUN apt-get update; apt-get install -y curl; rm -rf "/var/lib/apt/lists"/*\n',
    },
    {
      name: 'parent directory removed',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt\n',
    },
    {
      name: 'cache mount on /var/lib/apt',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'tmpfs on the lists',
      code: 'FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'build stage that is only copied from',
      code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12-slim\nCOPY --from=build /x /x\n',
    },
    {
      name: 'cleanup in a heredoc',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'find -delete',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y x && find /var/lib/apt/lists -type f -delete\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 19 }],
    },
    {
      name: 'removed before the update does not count',
      code: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 36 }],
    },
    {
      name: 'a stage the final stage is built on ships',
      code: 'FROM debian:12 AS base\nRUN sudo apt-get update && apt-get install -y curl\nFROM base\nCMD ["curl"]\n',
      errors: [{ messageId: 'missing', line: 2, column: 10 }],
    },
    {
      name: 'cache mount on the wrong directory',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'missing', line: 2, column: 46 }],
    },
  ],
});
