import rule from '../../../../src/lint/rules/dockerfile/pipefail.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar -xz\n',
    {
      name: 'alpine ash -eo',
      code: 'FROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget -qO- https://x | tar -xz\n',
    },
    {
      name: 'set -o pipefail first',
      code: 'FROM debian:12\nRUN set -o pipefail && curl -fsSL https://x | tar -xz\n',
    },
    {
      name: 'set -euxo pipefail',
      code: 'FROM debian:12\nRUN set -euxo pipefail; \\\n  curl -fsSL https://x | tar -xz\n',
    },
    {
      name: 'SHELL inherited from the base stage',
      code: 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN curl x | sh\n',
    },
    { name: 'echo into a checksum', code: 'FROM debian:12\nRUN echo "$SHA  f.tgz" | sha256sum -c -\n' },
    { name: 'yes would break with pipefail', code: 'FROM debian:12\nRUN yes | ./configure\n' },
    { name: 'pipe inside sh -c', code: "FROM debian:12\nRUN bash -o pipefail -c 'curl x | tar -xz'\n" },
    { name: 'no pipe', code: 'FROM debian:12\nRUN a || b && c\n' },
    { name: 'JSON form', code: 'FROM debian:12\nRUN ["sh", "-c", "a | b"]\n' },
    {
      name: 'PowerShell',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-Item x | Remove-Item\n',
    },
    {
      name: 'heredoc with set -o pipefail',
      code: 'FROM debian:12\nRUN <<EOF\nset -eo pipefail\ncurl x | tar -xz\nEOF\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN curl -fsSL https://x | tar -xz\n',
      errors: [
        {
          messageId: 'noPipefail',
          line: 2,
          column: 26,
          endColumn: 27,
          message:
            'Pipe without pipefail: a failure of `curl` is ignored. Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN, or start the command with `set -o pipefail &&`',
        },
      ],
    },
    {
      name: 'alpine advice, SHELL of another stage does not count',
      code: 'FROM debian:12 AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM alpine:3.20\nRUN wget -qO- x \\\n  | tar -xz\n',
      errors: [
        {
          messageId: 'noPipefail',
          line: 5,
          column: 3,
          message:
            'Pipe without pipefail: a failure of `wget` is ignored. Add `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]` before this RUN, or start the command with `set -o pipefail &&`',
        },
      ],
    },
    {
      name: 'set -o pipefail after the pipe',
      code: 'FROM debian:12\nRUN curl x | sh; set -o pipefail\n',
      errors: [{ messageId: 'noPipefail', line: 2, column: 12 }],
    },
    {
      name: 'SHELL without pipefail',
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN cat f | grep x\n',
      errors: [{ messageId: 'noPipefail', line: 3 }],
    },
    {
      name: 'bash shebang heredoc ignores SHELL',
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\n#!/bin/bash\ncurl x | tar -xz\nEOF\n',
      errors: [{ messageId: 'noPipefailShebang', line: 5, column: 8 }],
    },
  ],
});
