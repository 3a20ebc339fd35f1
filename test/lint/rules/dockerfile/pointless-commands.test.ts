import rule from '../../../../src/lint/rules/dockerfile/pointless-commands.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends vim openssh-client procps\n',
    {
      name: 'ssh-keyscan is not ssh',
      code: 'FROM alpine:3.20\nRUN mkdir -p ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts\n',
    },
    { name: 'command -v is a query', code: 'FROM alpine:3.20\nRUN command -v ps\n' },
    {
      name: 'background server stopped with kill',
      code: 'FROM postgres:16\nRUN postgres & sleep 5 && psql -f /seed.sql; kill $!\n',
    },
    { name: 'JSON-form CMD', code: 'FROM alpine:3.20\nCMD ["top", "-b"]\n' },
    { name: 'words in arguments', code: 'FROM alpine:3.20\nRUN echo service mount kill\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN service nginx start\n',
      errors: [{ messageId: 'pointless', line: 2, column: 5, endColumn: 12 }],
    },
    {
      name: 'several, via sudo and a path',
      code: 'FROM debian:12\nRUN sudo /usr/bin/vim /etc/x \\\n && ps aux\n',
      errors: [
        { messageId: 'pointless', line: 2, column: 10 },
        { messageId: 'pointless', line: 3, column: 5 },
      ],
    },
    {
      name: 'heredoc',
      code: 'FROM debian:12\nRUN <<EOF\nmount -t tmpfs none /mnt\nEOF\n',
      errors: [{ messageId: 'pointless', line: 3, column: 1 }],
    },
    {
      name: 'kill without a background job',
      code: 'FROM debian:12\nRUN kill -9 1\n',
      errors: [{ messageId: 'pointless', line: 2, column: 5 }],
    },
    {
      name: 'top in sh -c',
      code: 'FROM debian:12\nRUN sh -c "top -b"\n',
      errors: [{ messageId: 'pointless', line: 2, column: 12 }],
    },
  ],
});
