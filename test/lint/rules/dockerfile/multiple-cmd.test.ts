import rule from '../../../../src/lint/rules/dockerfile/multiple-cmd.js';
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
      name: 'ONBUILD CMD is not a CMD of this image',
      code: 'FROM alpine:3.20\nONBUILD CMD ["a"]\nCMD ["b"]\n',
    },
    { name: 'HEALTHCHECK CMD is not a CMD', code: 'FROM alpine:3.20\nHEALTHCHECK CMD ["true"]\nCMD ["b"]\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: duplicates',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [
        {
          messageId: 'multiple',
          line: 5,
          column: 1,
          endColumn: 4,
          message:
            'Multiple CMD instructions in stage 0: only the last one (line 6) is used, this one is ignored',
        },
      ],
    },
    {
      name: 'BuildKit: duplicates separated by a heredoc',
      code: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      errors: [{ messageId: 'multiple', line: 4 }],
    },
    {
      name: 'three in one stage, lower case, only the first stage',
      code: 'FROM debian:12 AS build\ncmd first\nCMD second\nCMD third\nFROM debian:12\nCMD ok\n',
      errors: [
        {
          messageId: 'multiple',
          line: 2,
          message:
            'Multiple CMD instructions in stage build: only the last one (line 4) is used, this one is ignored',
        },
        { messageId: 'multiple', line: 3 },
      ],
    },
  ],
});
