import rule from '../../../../src/lint/rules/dockerfile/zypper-clean.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper -n install git && zypper clean -a\n',
    { name: 'cc alias', code: 'FROM opensuse/leap:15.6\nRUN zypper -n in git && zypper cc\n' },
    {
      name: 'cache mount',
      code: 'FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in git\n',
    },
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper -n install git\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 22 }],
    },
    {
      name: 'sudo',
      code: 'FROM opensuse/leap:15.6\nRUN sudo zypper -n up\n',
      errors: [{ messageId: 'missing', line: 2, column: 10 }],
    },
  ],
});
