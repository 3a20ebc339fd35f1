import { defineRule } from '../../engine/rule.js';
import { assumeYesVisitor, DNF_TOOLS, RPM_CHANGING } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'dnf-assume-yes',
  meta: {
    description:
      '`dnf install` (also microdnf, dnf5, tdnf; remove/upgrade too) without `-y` waits for a confirmation; add `-y`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      missing:
        '`{{command}}` without `-y`: a build cannot answer the prompt, so the transaction is aborted; add `-y`',
    },
    sources: ['hadolint:DL3038'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` (apt-get install -y --no-install-recommends)',
  },
  create(context) {
    return {
      RUN: assumeYesVisitor(
        context,
        {
          tools: DNF_TOOLS,
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
