import rule from '../../../../src/lint/rules/dockerfile/no-chpasswd.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN useradd --system --uid 1001 app\n',
    { name: 'locked account', code: "FROM debian:12\nRUN useradd -p '*' -u 1001 app && passwd -l root\n" },
    { name: 'word only', code: 'FROM debian:12\nRUN echo chpasswd\n' },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN echo 'root:toor' | chpasswd\n",
      errors: [{ messageId: 'chpasswd', line: 2, column: 24, endColumn: 32 }],
    },
    {
      name: 'useradd -p with a hash on a continuation',
      code: 'FROM debian:12\nRUN useradd -m \\\n    -p "$(openssl passwd -1 secret)" app\n',
      errors: [{ messageId: 'passwordFlag', line: 3, column: 5 }],
    },
    {
      name: 'passwd --stdin',
      code: 'FROM rockylinux:9\nRUN echo secret | passwd --stdin app\n',
      errors: [{ messageId: 'chpasswd', line: 2, column: 19 }],
    },
    {
      name: 'heredoc',
      code: 'FROM debian:12\nRUN <<EOF\nchpasswd <<< "app:app"\nEOF\n',
      errors: [{ messageId: 'chpasswd', line: 3, column: 1 }],
    },
  ],
});
