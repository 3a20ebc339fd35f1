import rule from '../../../../src/lint/rules/dockerfile/suppression-reason.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN true\n',
    {
      name: 'dockwright pragma with a reason',
      code: 'FROM alpine:3.20\n# dockwright ignore=no-sudo -- the vendor script needs it\nRUN sudo true\n',
    },
    {
      name: 'BuildKit comment with a reason',
      code: 'FROM alpine:3.20\n# check=skip=JSONArgsRecommended // wrapper script\nCMD run\n',
    },
    {
      name: 'file-level check directive',
      code: '# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD run\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\n# dockwright ignore=no-sudo,pipefail\nRUN sudo true\n',
      errors: [
        {
          messageId: 'dockwright',
          line: 2,
          column: 1,
          message:
            'Suppression of no-sudo,pipefail has no reason; write it as `# dockwright ignore=no-sudo,pipefail -- <why>`',
        },
      ],
    },
    {
      name: 'global and stage scopes too',
      code: '# dockwright global ignore=consecutive-run\nFROM alpine:3.20\n# dockwright stage ignore=no-sudo\nRUN true\n',
      errors: [
        { messageId: 'dockwright', line: 1 },
        { messageId: 'dockwright', line: 3 },
      ],
    },
    {
      code: 'FROM alpine:3.20\n# hadolint ignore=DL3004\nRUN sudo true\n',
      errors: [{ messageId: 'hadolint', line: 2 }],
    },
    {
      code: 'FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nCMD run\n',
      errors: [{ messageId: 'buildkit', line: 2 }],
    },
  ],
});
