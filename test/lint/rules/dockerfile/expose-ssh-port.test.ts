import rule from '../../../../src/lint/rules/dockerfile/expose-ssh-port.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443\n',
    { name: '22 over udp is not SSH', code: 'FROM alpine:3.20\nEXPOSE 22/udp\n' },
    { name: 'ports that merely contain 22', code: 'FROM alpine:3.20\nEXPOSE 2222 220 8022\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nEXPOSE $SSH_PORT\n' },
  ],
  invalid: [
    {
      code: 'FROM ubuntu:24.04\nEXPOSE 80 22\n',
      errors: [{ messageId: 'ssh', line: 2, column: 11, endColumn: 13 }],
    },
    {
      name: 'tcp, ranges, variables',
      code: 'FROM ubuntu:24.04\nARG SSH=22\nEXPOSE 22/TCP\nEXPOSE 20-25\nEXPOSE $SSH\n',
      errors: [
        { messageId: 'ssh', line: 3, column: 8 },
        { messageId: 'ssh', line: 4, column: 8 },
        {
          messageId: 'ssh',
          line: 5,
          column: 8,
          message:
            "EXPOSE '22' opens the SSH port 22; containers should not run an SSH server — use docker exec / kubectl exec",
        },
      ],
    },
  ],
});
