import rule from '../../../../src/lint/rules/dockerfile/copy-archive-then-extract.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nADD app.tar.gz /opt/\n',
    { name: 'copied but not extracted', code: 'FROM alpine:3.20\nCOPY app.tar.gz /srv/\nRUN ls /srv\n' },
    {
      name: 'another archive extracted',
      code: 'FROM alpine:3.20\nCOPY a.tar.gz /tmp/\nRUN tar -xzf /tmp/b.tar.gz\n',
    },
    { name: 'extracted before the copy', code: 'FROM alpine:3.20\nRUN tar -xf /x/a.tar\nCOPY a.tar /x/\n' },
    {
      name: 'tar creates, not extracts',
      code: 'FROM alpine:3.20\nCOPY a.tar /tmp/\nRUN tar -cf /out.tar /tmp/a.tar\n',
    },
    {
      name: 'copied from another stage',
      code: 'FROM alpine:3.20 AS b\nRUN true\nFROM alpine:3.20\nCOPY --from=b /a.tar.gz /tmp/\nRUN tar xzf /tmp/a.tar.gz\n',
    },
    {
      name: 'zip is not extracted by ADD',
      code: 'FROM alpine:3.20\nCOPY a.zip /tmp/\nRUN unzip /tmp/a.zip\n',
    },
    {
      name: 'other stage',
      code: 'FROM alpine:3.20\nCOPY a.tgz /tmp/\nFROM alpine:3.20\nRUN tar xzf /tmp/a.tgz\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n',
      errors: [{ messageId: 'extracted', line: 2, column: 6, endColumn: 16 }],
    },
    {
      name: 'old-style flags, renamed destination, sudo',
      code: 'FROM debian:12\nCOPY dist/release-1.2.tgz /tmp/rel.tgz\nRUN cd /opt \\\n && sudo tar xzf /tmp/rel.tgz\n',
      errors: [
        {
          messageId: 'extracted',
          line: 2,
          message:
            'release-1.2.tgz is copied and then extracted by tar at line 4: use ADD (extracts in one step) or RUN --mount=type=bind to keep the archive out of the image',
        },
      ],
    },
    {
      name: 'heredoc RUN, --extract --file',
      code: 'FROM alpine:3.20\nCOPY v.tar.xz /tmp/\nRUN <<EOF\nset -e\ntar --extract --file=/tmp/v.tar.xz\nEOF\n',
      errors: [{ messageId: 'extracted', line: 2 }],
    },
  ],
});
