import { defineRule } from '../../engine/rule.js';
import { assumeYesVisitor, ZYPPER_CHANGING, ZYPPER_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'zypper-non-interactive',
  meta: {
    description:
      'zypper install/remove/update without `-n` (`--non-interactive`) or `-y` waits for a confirmation; add `-n`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      missing: '`{{command}}` without `-n`/`-y`: a build cannot answer the prompt; add `-n` after `zypper`',
    },
    sources: ['hadolint:DL3034'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` (apt-get install -y --no-install-recommends)',
  },
  create(context) {
    return {
      RUN: assumeYesVisitor(
        context,
        {
          tools: ZYPPER_TOOLS,
          subcommands: ZYPPER_CHANGING,
          flags: ['-n', '--non-interactive', '-y', '--no-confirm'],
          insert: ' -n',
          afterName: true,
        },
        'missing',
      ),
    };
  },
});
