import rule from '../../../../src/lint/rules/dockerfile/no-ln-bin-sh.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nSHELL ["/bin/bash", "-c"]\n',
    { name: 'other link', code: 'FROM debian:12\nRUN ln -sf /usr/bin/python3 /usr/bin/python\n' },
    { name: '/bin/sh as the source', code: 'FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/sh\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n',
      errors: [
        {
          messageId: 'useShell',
          line: 2,
          column: 5,
          endColumn: 29,
          message:
            'Linking /bin/bash over /bin/sh changes the shell of every later script in the image; use SHELL ["/bin/bash", "-c"] instead',
        },
      ],
    },
    {
      name: 'inside a chain, with sudo',
      code: 'FROM ubuntu:24.04\nRUN rm /bin/sh \\\n && sudo ln -s /bin/bash /usr/bin/sh\n',
      errors: [{ messageId: 'useShell', line: 3, column: 5 }],
    },
  ],
});
