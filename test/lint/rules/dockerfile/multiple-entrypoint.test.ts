import rule from '../../../../src/lint/rules/dockerfile/multiple-entrypoint.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nCMD ["node", "index.js"]\n',
    {
      name: 'one per stage',
      code: 'FROM debian:12 AS distro1\nCMD bash\nRUN foo\nFROM debian:12 AS distro2\nCMD another\n',
    },
    {
      name: 'BuildKit: one per stage, stage built on another',
      code: '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    },
    {
      name: 'ONBUILD ENTRYPOINT is not an ENTRYPOINT of this image',
      code: 'FROM alpine:3.20\nONBUILD ENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n',
    },
  ],
  invalid: [
    {
      name: 'BuildKit: duplicates',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [{ messageId: 'multiple', line: 3, column: 1, endColumn: 11 }],
    },
    {
      name: 'BuildKit: duplicates separated by a heredoc',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [{ messageId: 'multiple', line: 3 }],
    },
    {
      name: 'three in one stage, lower case, only the first stage',
      code: 'FROM debian:12 AS build\nentrypoint first\nENTRYPOINT second\nENTRYPOINT third\nFROM debian:12\nENTRYPOINT ok\n',
      errors: [
        {
          messageId: 'multiple',
          line: 2,
          message:
            'Multiple ENTRYPOINT instructions in stage build: only the last one (line 4) is used, this one is ignored',
        },
        { messageId: 'multiple', line: 3 },
      ],
    },
  ],
});
