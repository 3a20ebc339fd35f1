import rule from '../../../../src/lint/rules/dockerfile/expose-proto-casing.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp\n',
    { name: 'variable', code: 'FROM alpine:3.20\nARG P=tcp\nEXPOSE 80/$P\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: two upper/mixed-case protocols',
      code: '\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n',
      errors: [
        { messageId: 'casing', line: 3, column: 11, endColumn: 14 },
        {
          messageId: 'casing',
          line: 3,
          column: 20,
          endColumn: 23,
          message: "Protocol in EXPOSE '8080/TCP' should be lower case: '8080/tcp'",
        },
      ],
      output: '\nFROM scratch\nEXPOSE 80/tcp 8080/tcp 8080/udp\n',
    },
    {
      name: 'through a variable: reported, not rewritten',
      code: 'FROM alpine:3.20\nARG P=UDP\nEXPOSE 53/$P\n',
      errors: [{ messageId: 'casing', line: 3, column: 8 }],
      output: null,
    },
  ],
});
