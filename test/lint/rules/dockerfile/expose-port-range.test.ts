import rule from '../../../../src/lint/rules/dockerfile/expose-port-range.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 9000/sctp\n',
    { name: 'ranges and limits', code: 'FROM alpine:3.20\nEXPOSE 8000-8010 0 65535/udp\n' },
    { name: 'variables', code: 'FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT $PORT/tcp\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nEXPOSE $PORT\n' },
    { name: 'upper-case protocol is another rule', code: 'FROM alpine:3.20\nEXPOSE 80/TCP\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nEXPOSE 80 80000\n',
      errors: [{ messageId: 'outOfRange', line: 2, column: 11, endColumn: 16 }],
    },
    {
      name: 'range end out of range, reversed range, bad protocol',
      code: 'FROM alpine:3.20\nEXPOSE 65000-70000/udp 9000-8000 53/icmp\n',
      errors: [
        { messageId: 'outOfRange', line: 2, column: 8, endColumn: 19 },
        { messageId: 'reversed', line: 2, column: 24 },
        { messageId: 'protocol', line: 2, column: 37, endColumn: 41 },
      ],
    },
    {
      name: 'not a number, via ENV',
      code: 'FROM alpine:3.20\nENV PORT=http\nEXPOSE $PORT\n',
      errors: [
        {
          messageId: 'notNumeric',
          line: 3,
          column: 8,
          message: "EXPOSE 'http' is not a port number or range; the build fails",
        },
      ],
    },
    {
      name: 'container part of a host mapping',
      code: 'FROM alpine:3.20\nEXPOSE 8080:99999\n',
      errors: [{ messageId: 'outOfRange', line: 2, column: 13 }],
    },
  ],
});
