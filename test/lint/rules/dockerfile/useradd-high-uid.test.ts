import rule from '../../../../src/lint/rules/dockerfile/useradd-high-uid.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN useradd -u 1001 app\n',
    { name: 'five digits', code: 'FROM debian:12\nRUN useradd -u 65532 nonroot\n' },
    { name: 'with -l', code: 'FROM debian:12\nRUN useradd -l -u 100000 app\n' },
    {
      name: 'with --no-log-init after',
      code: 'FROM debian:12\nRUN useradd --uid 123456 --no-log-init app\n',
    },
    { name: 'cluster -lm', code: 'FROM debian:12\nRUN useradd -lmu 123456 app\n' },
    { name: 'variable uid', code: 'FROM debian:12\nARG UID=123456\nRUN useradd -u "$UID" app\n' },
    { name: 'usermod is another tool', code: 'FROM debian:12\nRUN usermod -u 123456 app\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN useradd -u 123456 app\n',
      errors: [{ messageId: 'highUid', line: 2, column: 16, endColumn: 22 }],
      output: 'FROM debian:12\nRUN useradd --no-log-init -u 123456 app\n',
    },
    {
      name: '--uid=, after groupadd, continuation',
      code: 'FROM debian:12\nRUN groupadd -g 1000000 app \\\n && useradd -m --uid=1000000 -g app app\n',
      errors: [{ messageId: 'highUid', line: 3, column: 16 }],
      output:
        'FROM debian:12\nRUN groupadd -g 1000000 app \\\n && useradd --no-log-init -m --uid=1000000 -g app app\n',
    },
    {
      name: 'sudo wrapper and attached value',
      code: 'FROM debian:12\nRUN sudo /usr/sbin/useradd -u999999 app\n',
      errors: [{ messageId: 'highUid', line: 2, column: 28 }],
      output: 'FROM debian:12\nRUN sudo /usr/sbin/useradd --no-log-init -u999999 app\n',
    },
  ],
});
