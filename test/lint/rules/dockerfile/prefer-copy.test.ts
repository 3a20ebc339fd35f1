import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import rule from '../../../../src/lint/rules/dockerfile/prefer-copy.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const dir = mkdtempSync(join(tmpdir(), 'ops-prefer-copy-'));
writeFileSync(join(dir, 'rootfs'), gzipSync('hello'));
writeFileSync(join(dir, 'app.conf'), 'x=1\n');
const buildContext = { dir, exists: () => true };

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n',
    { name: 'archive is extracted', code: 'FROM alpine:3.20\nADD rootfs.tar.gz /\n' },
    { name: 'tgz', code: 'FROM alpine:3.20\nADD vendor.tgz /opt/\n' },
    { name: 'remote URL', code: 'FROM alpine:3.20\nADD https://example.com/x.bin /x.bin\n' },
    {
      name: 'URL with checksum',
      code: 'FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/x /x\n',
    },
    { name: 'git source', code: 'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n' },
    { name: 'URL through ARG', code: 'FROM alpine:3.20\nARG URL=https://example.com/a\nADD $URL /a\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nADD $SRC /a\n' },
    { name: 'extension-less tarball in the context', code: 'FROM scratch\nADD rootfs /\n', buildContext },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD app.conf /etc/app.conf\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1, endColumn: 4 }],
      output: 'FROM alpine:3.20\nCOPY app.conf /etc/app.conf\n',
    },
    {
      name: 'directory with chown, lower case',
      code: 'FROM alpine:3.20\nadd --chown=app:app src/ /app/\n',
      errors: [{ messageId: 'useCopy', line: 2, column: 1 }],
      output: 'FROM alpine:3.20\ncopy --chown=app:app src/ /app/\n',
    },
    {
      name: 'expanded ARG to a local file',
      code: 'FROM alpine:3.20\nARG CONF=app.conf\nADD $CONF /etc/\n',
      errors: [{ messageId: 'useCopy', line: 3 }],
      output: 'FROM alpine:3.20\nARG CONF=app.conf\nCOPY $CONF /etc/\n',
    },
    {
      name: 'plain file checked in the context',
      code: 'FROM alpine:3.20\nADD app.conf /etc/\n',
      buildContext,
      errors: [{ messageId: 'useCopy', line: 2 }],
      output: 'FROM alpine:3.20\nCOPY app.conf /etc/\n',
    },
    {
      name: 'heredoc',
      code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n',
      errors: [
        {
          messageId: 'useCopy',
          line: 2,
          message: 'ADD of local heredoc content: use COPY (ADD silently extracts archives and fetches URLs)',
        },
      ],
      output: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\n',
    },
    {
      name: 'ADD-only flag: reported without a fix',
      code: 'FROM alpine:3.20\nADD --keep-git-dir=true src /src\n',
      errors: [{ messageId: 'useCopy', line: 2 }],
      output: null,
    },
  ],
});
