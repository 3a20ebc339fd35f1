import rule from '../../../../src/lint/rules/dockerfile/curl-pipe-shell.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSL https://e.com/x.tgz | tar -xz -C /opt\n',
    {
      name: 'download, verify, run',
      code: 'FROM alpine:3.20\nRUN curl -fsSLo /tmp/i.sh https://e.com/i.sh \\\n && echo "abc  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh\n',
    },
    {
      name: 'JSON parsing with python -c',
      code: 'FROM python:3.12\nRUN curl -fsSL https://e.com/v.json | python3 -c "import sys, json; print(json.load(sys.stdin))"\n',
    },
    {
      name: 'curl -o file piped elsewhere',
      code: 'FROM alpine:3.20\nRUN curl -o /x https://e.com/x | sh\n'.replace('| sh', '&& cat /x'),
    },
    { name: 'wget to a file', code: 'FROM alpine:3.20\nRUN wget -q https://e.com/i.sh && sh i.sh\n' },
    {
      name: 'version from a substitution',
      code: 'FROM alpine:3.20\nRUN V="$(curl -fsSL https://e.com/latest)" && echo "$V"\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN curl -fsSL https://sh.rustup.rs | sh -s -- -y\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5, endColumn: 50 }],
    },
    {
      name: 'wget -qO-',
      code: 'FROM alpine:3.20\nRUN wget -qO- https://e.com/i.sh | bash\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5 }],
    },
    {
      name: 'sudo bash -',
      code: 'FROM debian:12\nRUN curl -sL https://deb.nodesource.com/setup_22.x | sudo -E bash -\n',
      errors: [{ messageId: 'pipe', line: 2 }],
    },
    {
      name: 'python stdin',
      code: 'FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\n',
      errors: [{ messageId: 'pipe', line: 2 }],
    },
    {
      name: 'sh -c with a substitution',
      code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://e.com/install.sh)"\n',
      errors: [{ messageId: 'substitution', line: 2, column: 5 }],
    },
    {
      name: 'process substitution',
      code: 'FROM debian:12\nRUN bash <(curl -fsSL https://e.com/i.sh)\n',
      errors: [{ messageId: 'substitution', line: 2, column: 5 }],
    },
    {
      name: 'continuation and heredoc',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://get.docker.com \\\n  | sh\nEOF\n',
      errors: [{ messageId: 'pipe', line: 4, column: 1, endLine: 5 }],
    },
  ],
});
