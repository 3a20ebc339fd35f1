import rule from '../../../../src/lint/rules/dockerfile/zypper-non-interactive.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM opensuse/leap:15.6\nRUN zypper -n install git && zypper clean -a\n',
    { name: '--non-interactive', code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in git\n' },
    { name: 'subcommand -y', code: 'FROM opensuse/leap:15.6\nRUN zypper install -y git\n' },
    {
      name: 'refresh and search do not prompt',
      code: 'FROM opensuse/leap:15.6\nRUN zypper refresh && zypper se git\n',
    },
  ],
  invalid: [
    {
      code: 'FROM opensuse/leap:15.6\nRUN zypper install git\n',
      errors: [{ messageId: 'missing', line: 2, column: 5, endColumn: 19 }],
      output: 'FROM opensuse/leap:15.6\nRUN zypper -n install git\n',
    },
    {
      name: 'sudo and heredoc',
      code: 'FROM opensuse/leap:15.6\nRUN sudo zypper rm vim\nRUN <<EOF\nzypper --quiet up\nEOF\n',
      errors: [
        { messageId: 'missing', line: 2, column: 10 },
        { messageId: 'missing', line: 4, column: 1 },
      ],
      output: 'FROM opensuse/leap:15.6\nRUN sudo zypper -n rm vim\nRUN <<EOF\nzypper -n --quiet up\nEOF\n',
    },
  ],
});
