import rule from '../../../../src/lint/rules/dockerfile/add-remote-without-checksum.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://e.com/x.tgz /x.tgz\n',
    { name: 'local archive', code: 'FROM alpine:3.20\nADD rootfs.tar.gz /\n' },
    { name: 'git tag', code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.14.1 /src\n' },
    {
      name: 'git commit',
      code: 'FROM alpine:3.20\nADD git@github.com:org/repo.git#0123456789abcdef0123456789abcdef01234567:sub /src\n',
    },
    { name: 'COPY is not ADD', code: 'FROM alpine:3.20\nCOPY https.txt /x\n' },
    {
      name: 'checksum from an ARG',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
      code: 'FROM alpine:3.20\nARG SUM\nADD --checksum=${SUM} https://e.com/x /x\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD https://e.com/x.tgz /opt/\n',
      errors: [{ messageId: 'url', line: 2, column: 5, endColumn: 24 }],
    },
    {
      name: 'several sources with a variable',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile variable, not a template
      code: 'FROM alpine:3.20\nARG V=1.0\nADD local.txt http://e.com/${V}/a.bin /opt/\n',
      errors: [{ messageId: 'url', line: 3, column: 15 }],
    },
    {
      name: 'git without a ref',
      code: 'FROM alpine:3.20\nADD https://github.com/org/repo.git /src\n',
      errors: [{ messageId: 'gitUnpinned', line: 2, column: 5 }],
    },
    {
      name: 'git on main',
      code: 'FROM alpine:3.20\nADD git@github.com:org/repo.git#main /src\n',
      errors: [{ messageId: 'gitBranch', line: 2 }],
    },
  ],
});
