import rule from '../../../../src/lint/rules/dockerfile/curl-and-wget.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN curl -fsSLO https://x/a && curl -fsSLO https://x/b\n',
    {
      name: 'different stages',
      code: 'FROM debian:12 AS dl\nRUN curl -fsSLO https://x/a\nFROM alpine:3.20\nRUN wget -q https://x/b\n',
    },
    {
      name: 'only installed, not used',
      code: 'FROM debian:12\nRUN apt-get install -y wget && curl -fsSLO https://x/a\n',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN curl -fsSLO https://x/a\nRUN wget -q https://x/b\n',
      errors: [
        {
          messageId: 'both',
          line: 3,
          column: 5,
          endColumn: 24,
          message:
            'wget is used here but curl is already used at line 2 in this stage; use one download tool',
        },
      ],
    },
    {
      name: 'same RUN, wget first, in a substitution',
      code: 'FROM debian:12\nRUN wget -q https://x/a \\\n && V=$(curl -fsS https://x/v)\n',
      errors: [{ messageId: 'both', line: 3, column: 9 }],
    },
  ],
});
