import rule from '../../../../src/lint/rules/dockerfile/volume-in-final-stage.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const production = { profile: 'production' as const };

ruleTester(rule, {
  valid: [
    { code: 'FROM postgres:17\nENV PGDATA=/var/lib/postgresql/data\n', settings: production },
    {
      name: 'VOLUME in a build stage that the final stage does not build on',
      code: 'FROM node:22 AS build\nVOLUME /cache\nRUN npm ci\nFROM node:22-slim\nCMD ["node", "app.js"]\n',
      settings: production,
    },
  ],
  invalid: [
    {
      code: 'FROM postgres:17\nVOLUME /var/lib/postgresql/data\n',
      settings: production,
      errors: [{ messageId: 'volume', line: 2, column: 8, endColumn: 32 }],
    },
    {
      name: 'JSON form, several paths, inherited through FROM base',
      code: 'FROM alpine:3.20 AS base\nVOLUME ["/data", "/logs"]\nFROM base\nVOLUME /cache \\\n  /tmp/x\n',
      settings: production,
      errors: [
        { messageId: 'volume', line: 2, column: 8 },
        { messageId: 'volume', line: 4, column: 8, endLine: 5, endColumn: 9 },
      ],
    },
  ],
});
