import rule from '../../../../src/lint/rules/dockerfile/tls-verification-disabled.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x\n',
    {
      name: 'curl -K config file is not -k',
      code: 'FROM alpine:3.20\nRUN curl -K /etc/curlrc https://example.com\n',
    },
    {
      name: 'wget with a CA',
      code: 'FROM alpine:3.20\nRUN wget --ca-certificate=/ca.crt https://example.com\n',
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=1',
      code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1\n',
    },
    { name: 'git sslVerify true', code: 'FROM alpine:3.20\nRUN git config --global http.sslVerify true\n' },
    { name: 'npm strict-ssl true', code: 'FROM node:22\nRUN npm config set strict-ssl true\n' },
    {
      name: 'apt Verify-Peer true',
      code: 'FROM debian:12\nRUN echo \'Acquire::https::Verify-Peer "true";\' > /etc/apt/apt.conf.d/99tls\n',
    },
    { name: 'grep for the flag', code: 'FROM alpine:3.20\nRUN grep -r -- --insecure /etc || true\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN curl -fsSLk https://example.com/x -o /x\n',
      errors: [{ messageId: 'disabled', line: 2, column: 10, endColumn: 16 }],
    },
    {
      name: 'curl --insecure via sudo',
      code: 'FROM debian:12\nRUN sudo curl --insecure -o /x https://e.com\n',
      errors: [{ messageId: 'disabled', line: 2, column: 15 }],
    },
    {
      name: 'wget on a continuation line',
      code: 'FROM alpine:3.20\nRUN apk add wget \\\n && wget --no-check-certificate -qO /x https://e.com\n',
      errors: [{ messageId: 'disabled', line: 3, column: 10 }],
    },
    {
      name: 'ENV variables',
      code: 'FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 \\\n    PYTHONHTTPSVERIFY="0" npm_config_strict_ssl=false GIT_SSL_NO_VERIFY=true\n',
      errors: [
        { messageId: 'disabled', line: 2, column: 5 },
        { messageId: 'disabled', line: 3, column: 5 },
        { messageId: 'disabled', line: 3, column: 27 },
        { messageId: 'disabled', line: 3, column: 55 },
      ],
    },
    {
      name: 'ARG default',
      code: 'FROM node:22\nARG NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ messageId: 'disabled', line: 2, column: 5 }],
    },
    {
      name: 'prefix assignment and export',
      code: 'FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci && export GIT_SSL_NO_VERIFY=1\n',
      errors: [
        { messageId: 'disabled', line: 2, column: 5 },
        { messageId: 'disabled', line: 2, column: 53 },
      ],
    },
    {
      name: 'git config',
      code: 'FROM alpine:3.20\nRUN git config --global http.sslVerify false\n',
      errors: [{ messageId: 'disabled', line: 2, column: 25 }],
    },
    {
      name: 'git -c',
      code: 'FROM alpine:3.20\nRUN git -c http.sslVerify=false clone https://e.com/r.git\n',
      errors: [{ messageId: 'disabled', line: 2, column: 12 }],
    },
    {
      name: 'npm and yarn strict-ssl',
      code: 'FROM node:22\nRUN npm config set strict-ssl false && yarn config set strict-ssl false\n',
      errors: [
        { messageId: 'disabled', line: 2, column: 5 },
        { messageId: 'disabled', line: 2, column: 40 },
      ],
    },
    {
      name: 'dnf sslverify via setopt',
      code: 'FROM fedora:40\nRUN dnf config-manager --save --setopt=sslverify=false\n',
      errors: [{ messageId: 'disabled', line: 2, column: 31 }],
    },
    {
      name: 'apt Verify-Peer in a config file written by a heredoc',
      code: 'FROM debian:12\nRUN cat <<EOF > /etc/apt/apt.conf.d/99insecure\nAcquire::https::Verify-Peer "false";\nEOF\n',
      errors: [{ messageId: 'disabled', line: 3, column: 1 }],
    },
    {
      name: 'apt -o option',
      code: 'FROM debian:12\nRUN apt-get -o Acquire::https::Verify-Host=false update\n',
      errors: [{ messageId: 'disabled', line: 2, column: 16 }],
    },
    {
      name: 'heredoc script',
      code: 'FROM alpine:3.20\nRUN <<EOF\ncurl -k https://e.com | tar x\nEOF\n',
      errors: [{ messageId: 'disabled', line: 3, column: 6 }],
    },
  ],
});
