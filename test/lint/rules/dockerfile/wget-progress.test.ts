import rule from '../../../../src/lint/rules/dockerfile/wget-progress.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN wget --progress=dot:giga https://x/a.tgz\n',
    { name: '-q', code: 'FROM alpine:3.20\nRUN wget -q https://x/a.tgz\n' },
    { name: '-qO-', code: 'FROM alpine:3.20\nRUN wget -qO- https://x/a.tgz | tar -xz\n' },
    { name: '-nv', code: 'FROM debian:12\nRUN wget -nv https://x/a.tgz\n' },
    { name: 'log file', code: 'FROM debian:12\nRUN wget -o /tmp/log https://x/a.tgz\n' },
    { name: 'not wget', code: 'FROM debian:12\nRUN curl -fsSLO https://x/a.tgz\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN wget https://x/a.tgz\n',
      errors: [{ messageId: 'progress', line: 2, column: 5, endColumn: 9 }],
      output: 'FROM debian:12\nRUN wget --progress=dot:giga https://x/a.tgz\n',
    },
    {
      name: 'BusyBox wget on Alpine: no fix',
      code: 'FROM alpine:3.20\nRUN wget -O /tmp/a.tgz https://x/a.tgz\n',
      errors: [{ messageId: 'progress', line: 2 }],
      output: null,
    },
    {
      name: 'GNU wget installed on Alpine, sudo, continuation',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache wget\nRUN true \\\n && sudo wget -O a https://x/a\n',
      errors: [{ messageId: 'progress', line: 4, column: 10 }],
      output:
        'FROM alpine:3.20\nRUN apk add --no-cache wget\nRUN true \\\n && sudo wget --progress=dot:giga -O a https://x/a\n',
    },
    {
      name: 'inside sh -c: reported without a fix',
      code: "FROM debian:12\nRUN sh -c 'wget https://x/a'\n",
      errors: [{ messageId: 'progress', line: 2, column: 12 }],
      output: null,
    },
  ],
});
