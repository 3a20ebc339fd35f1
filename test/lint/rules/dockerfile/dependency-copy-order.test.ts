import rule from '../../../../src/lint/rules/dockerfile/dependency-copy-order.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
    {
      name: 'pip -r before the tree',
      code: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n',
    },
    {
      name: 'installing the project itself needs the source',
      code: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir .\n',
    },
    { name: 'npm install of a named package', code: 'FROM node:22-slim\nCOPY . .\nRUN npm install -g pm2\n' },
    {
      name: 'tree from another stage',
      code: 'FROM golang:1.23 AS b\nRUN true\nFROM golang:1.23\nCOPY --from=b . .\nRUN go mod download\n',
    },
    { name: 'install in another stage', code: 'FROM node:22 AS a\nCOPY . .\nFROM node:22\nRUN npm ci\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n',
      errors: [
        {
          messageId: 'order',
          line: 3,
          column: 6,
          endColumn: 7,
          message:
            'The source tree is copied before `npm ci` (line 4): any code change re-installs all dependencies. Copy only the manifest/lock files, install, then copy the rest',
        },
      ],
    },
    {
      name: 'python -m pip, ./ source, cache mount',
      code: 'FROM python:3.12-slim\nCOPY ./ /app/\nRUN --mount=type=cache,target=/root/.cache \\\n    python3 -m pip install -r /app/requirements.txt\n',
      errors: [{ messageId: 'order', line: 2, column: 6 }],
    },
    {
      name: 'go mod download',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ messageId: 'order', line: 3 }],
    },
    {
      name: 'bare yarn',
      code: 'FROM node:22\nCOPY . .\nRUN yarn --frozen-lockfile\n',
      errors: [{ messageId: 'order', line: 2 }],
    },
    {
      name: 'bundle install',
      code: 'FROM ruby:3.3\nCOPY . /app\nRUN bundle install\n',
      errors: [{ messageId: 'order', line: 2 }],
    },
    {
      name: 'composer',
      code: 'FROM composer:2\nCOPY . /app\nRUN composer install --no-dev\n',
      errors: [{ messageId: 'order', line: 2 }],
    },
    {
      name: 'maven go-offline',
      code: 'FROM maven:3\nCOPY . .\nRUN mvn -B dependency:go-offline\n',
      errors: [{ messageId: 'order', line: 2 }],
    },
  ],
});
