import { defineRule } from '../../engine/rule.js';
import { assumeYesVisitor, RPM_CHANGING, YUM_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'yum-assume-yes',
  meta: {
    description:
      '`yum install` (or remove/update) without `-y` waits for a confirmation no one can give; add `-y`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      missing: '`{{command}}` without `-y`: a build cannot answer the prompt, so yum aborts; add `-y`',
    },
    sources: ['hadolint:DL3030'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` (apt-get install -y --no-install-recommends)',
  },
  create(context) {
    return {
      RUN: assumeYesVisitor(
        context,
        {
          tools: YUM_TOOLS,
          subcommands: RPM_CHANGING,
          flags: ['-y', '--assumeyes'],
          configured: /assumeyes\s*=\s*(?:1|true|yes)/i,
          insert: ' -y',
        },
        'missing',
      ),
    };
  },
});
