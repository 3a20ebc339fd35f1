import rule from '../../../../src/lint/rules/dockerfile/log-to-file.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM python:3.12-slim\nCMD ["gunicorn", "--access-logfile", "-", "app:app"]\n',
    {
      name: 'config generated, not logs',
      code: "FROM nginx:1.27\nCMD envsubst < /t.conf > /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'\n",
    },
    { name: 'redirect to stdout', code: 'FROM alpine:3.20\nCMD ./app >> /dev/stdout 2>&1\n' },
    {
      name: 'build stage only',
      code: 'FROM alpine:3.20 AS t\nCMD ./test > /tmp/test.log\nFROM alpine:3.20\nCMD ["./app"]\n',
    },
    {
      name: 'nginx log linked to stdout',
      code: "FROM debian:12\nRUN ln -sf /dev/stdout /var/log/app/access.log\nRUN echo 'access_log /var/log/app/access.log;' > /etc/nginx/conf.d/log.conf\n",
    },
    {
      name: 'official nginx already links its logs',
      code: 'FROM nginx:1.27\nCOPY <<EOF /etc/nginx/conf.d/x.conf\naccess_log /var/log/nginx/access.log main;\nEOF\n',
    },
    { name: 'log dir flag', code: 'FROM alpine:3.20\nCMD ["app", "--log-dir=/var/log/app"]\n' },
  ],
  invalid: [
    {
      code: 'FROM node:22-slim\nCMD node server.js >> /var/log/app.log 2>&1\n',
      errors: [
        {
          messageId: 'redirect',
          line: 2,
          column: 20,
          endColumn: 39,
          message:
            'Output is redirected to /var/log/app.log: containers should log to stdout/stderr so `docker logs` and log drivers see it',
        },
      ],
    },
    {
      name: 'sh -c in JSON form',
      code: 'FROM alpine:3.20\nENTRYPOINT ["sh", "-c", "exec ./app > /app/logs/out.txt"]\n',
      errors: [{ messageId: 'redirect', line: 2, column: 25 }],
    },
    {
      name: 'log file flag',
      code: 'FROM python:3.12-slim\nCMD ["gunicorn", "--error-logfile", "/var/log/gunicorn/error.log", "app:app"]\n',
      errors: [
        {
          messageId: 'flag',
          line: 2,
          column: 18,
          message:
            '--error-logfile /var/log/gunicorn/error.log writes logs to a file in the container; log to stdout/stderr instead (--error-logfile - or /dev/stdout)',
        },
      ],
    },
    {
      name: 'nginx config in a heredoc on a non-nginx base',
      code: 'FROM debian:12-slim\nCOPY <<EOF /etc/nginx/conf.d/x.conf\nserver {\n  access_log /var/log/nginx/site.log;\n}\nEOF\n',
      errors: [{ messageId: 'nginx', line: 4, column: 3 }],
    },
  ],
});
