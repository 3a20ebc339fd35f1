import rule from '../../../../src/lint/rules/dockerfile/no-sudo.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends sudo\n',
    { name: 'word in a string', code: 'FROM alpine:3.20\nRUN echo "no sudo here"\n' },
    {
      name: 'sudoers file edit',
      code: 'FROM alpine:3.20\nRUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n',
    },
    { name: 'JSON-form CMD', code: 'FROM alpine:3.20\nCMD ["sudo", "-u", "app", "run"]\n' },
    {
      name: 'heredoc fed to a file',
      code: 'FROM alpine:3.20\nRUN cat <<EOF > /usr/local/bin/x\nsudo true\nEOF\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN sudo apt-get update\n',
      errors: [{ messageId: 'sudo', line: 2, column: 5, endColumn: 9 }],
    },
    {
      name: 'after && with options',
      code: 'FROM debian:12\nRUN mkdir /x && sudo -u app -E make\n',
      errors: [{ messageId: 'sudo', line: 2, column: 17 }],
    },
    {
      name: 'continuation line',
      code: 'FROM debian:12\nRUN true \\\n && sudo chown app /x\n',
      errors: [{ messageId: 'sudo', line: 3, column: 5 }],
    },
    {
      name: 'heredoc script',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\nsudo make install\nEOF\n',
      errors: [{ messageId: 'sudo', line: 4, column: 1 }],
    },
    {
      name: 'inside sh -c',
      code: "FROM debian:12\nRUN sh -c 'sudo make'\n",
      errors: [{ messageId: 'sudo', line: 2, column: 12 }],
    },
    {
      name: 'doas',
      code: 'FROM alpine:3.20\nRUN doas apk add x\n',
      errors: [{ messageId: 'sudo', line: 2, column: 5 }],
    },
  ],
});
