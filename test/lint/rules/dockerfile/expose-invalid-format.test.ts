import rule from '../../../../src/lint/rules/dockerfile/expose-invalid-format.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 8000-8010\n',
    { name: 'variables', code: 'FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT/udp\n' },
  ],
  invalid: [
    {
      name: 'BuildKit: IP, IPv6 and host mappings',
      code: '\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n',
      errors: [
        { messageId: 'mapping', line: 3, column: 8, endColumn: 23 },
        { messageId: 'mapping', line: 3, column: 24, endColumn: 39 },
        { messageId: 'mapping', line: 3, column: 40 },
      ],
      output: '\nFROM scratch\nEXPOSE 80 8080 5000 8000\n',
    },
    {
      name: 'protocol kept',
      code: 'FROM alpine:3.20\nEXPOSE 0.0.0.0:53:53/udp\n',
      errors: [
        {
          messageId: 'mapping',
          line: 2,
          message:
            "EXPOSE should not define an IP address or host-port mapping, found '0.0.0.0:53:53/udp'; Docker ignores everything but the container port — write '53/udp' and publish with -p/ports",
        },
      ],
      output: 'FROM alpine:3.20\nEXPOSE 53/udp\n',
    },
    {
      name: 'through a variable: reported, not rewritten',
      code: 'FROM alpine:3.20\nARG MAP=8080:80\nEXPOSE $MAP\n',
      errors: [{ messageId: 'mapping', line: 3, column: 8 }],
      output: null,
    },
  ],
});
