import { defineRule } from '../../engine/rule.js';
import { commandsOf, wordRange } from '../support/security-shell.js';

export default defineRule({
  name: 'no-sudo',
  meta: {
    description:
      'Do not use sudo in RUN: build steps already run as the current USER; switch with USER instead',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      sudo: '`{{name}}` in RUN: switch users with USER (or run the step before dropping privileges) instead',
    },
    sources: ['hadolint:DL3004', 'trivy:DS-0010', 'checkov:CKV2_DOCKER_1'],
    spec: '02-production-self-check: container does NOT run as root',
  },
  create(context) {
    return {
      RUN(node) {
        for (const { cmd, script } of commandsOf(context, node)) {
          const wrapper = cmd.wrappers.find((w) => w.name === 'sudo' || w.name === 'doas');
          const word = wrapper?.word ?? (cmd.is(['sudo', 'doas']) ? cmd.nameWord : undefined);
          if (!word) continue;
          context.report({
            node,
            range: wordRange(script, word),
            messageId: 'sudo',
            data: { name: wrapper?.name ?? cmd.program ?? 'sudo' },
            hint: 'sudo also needs a TTY/password setup and leaves a setuid binary in the image.',
          });
        }
      },
    };
  },
});
