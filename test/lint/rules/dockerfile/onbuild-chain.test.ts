import rule from '../../../../src/lint/rules/dockerfile/onbuild-chain.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM node:22-slim\nONBUILD COPY package.json ./\nONBUILD RUN npm ci\n',
    {
      name: 'words in the trigger command',
      code: 'FROM alpine:3.20\nONBUILD RUN echo ONBUILD FROM MAINTAINER\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nONBUILD ONBUILD RUN true\n',
      errors: [{ messageId: 'chain', line: 2, column: 9, endColumn: 16 }],
    },
    {
      name: 'FROM and MAINTAINER, lower case',
      code: 'FROM alpine:3.20\nonbuild from alpine:3.20\nONBUILD MAINTAINER me\n',
      errors: [
        {
          messageId: 'chain',
          line: 2,
          column: 9,
          message: 'FROM is not allowed as an ONBUILD trigger; the build fails',
        },
        { messageId: 'chain', line: 3, column: 9 },
      ],
    },
  ],
});
