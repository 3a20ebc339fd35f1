import rule from '../../../../src/lint/rules/dockerfile/missing-healthcheck.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nEXPOSE 3000\nHEALTHCHECK CMD ["node", "healthcheck.js"]\nCMD ["node", "server.js"]\n',
    { name: 'HEALTHCHECK NONE is a choice', code: 'FROM nginx:1.27\nHEALTHCHECK NONE\n' },
    { name: 'a batch job', code: 'FROM python:3.12-slim\nCMD ["python", "etl.py"]\n' },
    { name: 'a CLI tool', code: 'FROM alpine:3.20\nENTRYPOINT ["/usr/bin/jq"]\n' },
    {
      name: 'healthcheck in the base stage',
      code: 'FROM nginx:1.27 AS base\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nFROM base\nEXPOSE 80\n',
    },
    {
      name: 'EXPOSE only in a build stage',
      code: 'FROM node:22 AS build\nEXPOSE 9229\nRUN npm ci\nFROM node:22-slim\nCMD ["node", "cli.js"]\n',
    },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 1,
          endColumn: 5,
          message:
            'The final image looks long-running (it EXPOSEs a port) but has no HEALTHCHECK; add one (or `HEALTHCHECK NONE` to opt out explicitly)',
        },
      ],
    },
    {
      name: 'gunicorn, multi-stage: reported on the final FROM',
      code: 'FROM python:3.12 AS build\nRUN pip wheel -w /w .\nFROM python:3.12-slim\nCMD gunicorn app:app -b 0.0.0.0:8000\n',
      errors: [
        {
          messageId: 'missing',
          line: 3,
          message:
            'The final image looks long-running (it runs gunicorn) but has no HEALTHCHECK; add one (or `HEALTHCHECK NONE` to opt out explicitly)',
        },
      ],
    },
    {
      name: 'npm start',
      code: 'FROM node:22-slim\nCMD ["npm", "start"]\n',
      errors: [{ messageId: 'missing', line: 1 }],
    },
    {
      name: 'server base image',
      code: 'FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\n',
      errors: [{ messageId: 'missing', line: 1 }],
    },
  ],
});
