import rule from '../../../../src/lint/rules/dockerfile/docker-socket.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nVOLUME /data\n',
    { name: 'remote DOCKER_HOST', code: 'FROM docker:27-cli\nENV DOCKER_HOST=tcp://docker:2376\n' },
    { name: 'other sockets', code: 'FROM alpine:3.20\nVOLUME /var/run/postgresql\n' },
  ],
  invalid: [
    {
      code: 'FROM docker:27-cli\nVOLUME /var/run/docker.sock\n',
      errors: [{ messageId: 'volume', line: 2, column: 8, endColumn: 28 }],
    },
    {
      name: 'JSON form, /run',
      code: 'FROM alpine:3.20\nVOLUME ["/data", "/run/docker.sock"]\n',
      errors: [{ messageId: 'volume', line: 2 }],
    },
    {
      name: 'RUN mount',
      code: 'FROM docker:27-cli\nRUN --mount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock docker ps\n',
      errors: [{ messageId: 'mount', line: 2, column: 23 }],
    },
    {
      name: 'ENV DOCKER_HOST',
      code: 'FROM docker:27-cli\nENV DOCKER_HOST=unix:///var/run/docker.sock\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
    },
  ],
});
