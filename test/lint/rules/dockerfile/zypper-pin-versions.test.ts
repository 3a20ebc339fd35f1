import rule from '../../../../src/lint/rules/dockerfile/zypper-pin-versions.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper -n install git=2.43.0 "curl>=8" && zypper clean -a\n',
    { name: '--repo value skipped', code: 'FROM opensuse/leap:15.6\nRUN zypper -n in -r oss vim-9.1\n' },
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper -n in git\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 18, endColumn: 21 }],
    },
  ],
});
