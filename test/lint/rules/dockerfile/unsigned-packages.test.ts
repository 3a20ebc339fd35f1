import rule from '../../../../src/lint/rules/dockerfile/unsigned-packages.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'apk with keys', code: 'FROM alpine:3.20\nRUN apk add --no-cache --keys-dir /keys x\n' },
    {
      name: 'gpgcheck=1',
      code: 'FROM fedora:40\nRUN printf "[x]\\ngpgcheck=1\\nrepo_gpgcheck=1\\n" > /etc/yum.repos.d/x.repo\n',
    },
    {
      name: 'signed-by source line',
      code: 'FROM debian:12\nRUN echo "deb [signed-by=/etc/apt/keyrings/x.gpg] https://x/ stable main" > /etc/apt/sources.list.d/x.list\n',
    },
    {
      name: 'trusted local file: repository built in the same step',
      code: 'FROM debian:12\nRUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list\n',
    },
    { name: 'rpm --import', code: 'FROM fedora:40\nRUN rpm --import https://x/key.asc && rpm -i x.rpm\n' },
    { name: 'flag of another tool', code: 'FROM alpine:3.20\nRUN mytool --allow-untrusted\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated foo\n',
      errors: [{ messageId: 'flag', line: 2, column: 24, endColumn: 47 }],
    },
    {
      name: 'apt --force-yes',
      code: 'FROM debian:12\nRUN apt-get -y --force-yes install foo\n',
      errors: [{ messageId: 'flag', line: 2, column: 16 }],
    },
    {
      name: 'apk',
      code: 'FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n',
      errors: [{ messageId: 'flag', line: 2, column: 13 }],
    },
    {
      name: 'dnf via sudo',
      code: 'FROM fedora:40\nRUN sudo dnf install -y --nogpgcheck x\n',
      errors: [{ messageId: 'flag', line: 2, column: 25 }],
    },
    {
      name: 'rpm',
      code: 'FROM fedora:40\nRUN rpm -ivh --nosignature --nodigest x.rpm\n',
      errors: [
        { messageId: 'flag', line: 2, column: 14 },
        { messageId: 'flag', line: 2, column: 28 },
      ],
    },
    {
      name: 'trusted=yes source line',
      code: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://x/ ./" > /etc/apt/sources.list.d/x.list\n',
      errors: [{ messageId: 'config', line: 2, column: 15 }],
    },
    {
      name: 'gpgcheck=0 in a heredoc repo file',
      code: 'FROM fedora:40\nRUN cat <<EOF > /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://x/\ngpgcheck=0\nEOF\n',
      errors: [{ messageId: 'config', line: 5, column: 1 }],
    },
    {
      name: 'apt -o AllowUnauthenticated',
      code: 'FROM debian:12\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y x\n',
      errors: [{ messageId: 'config', line: 2, column: 16 }],
    },
    {
      name: 'dnf --setopt',
      code: 'FROM fedora:40\nRUN dnf -y --setopt=gpgcheck=0 install x\n',
      errors: [{ messageId: 'config', line: 2, column: 21 }],
    },
  ],
});
