import { defineRule } from '../../engine/rule.js';
import { commandsOf, wordRange } from '../support/security-shell.js';

export default defineRule({
  name: 'no-chpasswd',
  meta: {
    description:
      'Setting passwords in a RUN bakes the credential into a layer; use key-based access or runtime secrets',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      chpasswd:
        '`{{name}}` sets a password in the image: the credential stays in the layer and every container shares it',
      passwordFlag:
        '`{{name}} {{flag}}` sets a password hash in the image: the credential stays in the layer',
    },
    sources: ['checkov:CKV2_DOCKER_17'],
    spec: '02-production-self-check: No secrets in ENV, ARG, or COPY - use --mount=type=secret or runtime injection',
  },
  create(context) {
    const hint =
      'Containers should not need login passwords; if a service needs one, inject it at runtime (secrets, env from the orchestrator).';
    return {
      RUN(node) {
        for (const { cmd, script } of commandsOf(context, node)) {
          if (!cmd.nameWord) continue;
          if (cmd.is(['chpasswd', 'chgpasswd']) || (cmd.is('passwd') && cmd.hasFlag('--stdin'))) {
            const name = cmd.program ?? 'chpasswd';
            context.report({
              node,
              range: wordRange(script, cmd.nameWord),
              messageId: 'chpasswd',
              data: { name },
              hint,
            });
            continue;
          }
          if (cmd.is(['useradd', 'usermod'])) {
            const o = cmd.findOptions(['-p', '--password']).at(-1);
            // `-p '*'` / `-p '!'` lock the account: that sets no password.
            if (!o || /^[*!]+$/.test(o.value ?? '')) continue;
            context.report({
              node,
              range: wordRange(script, o.word),
              messageId: 'passwordFlag',
              data: { name: cmd.program ?? 'useradd', flag: o.name },
              hint,
            });
          }
        }
      },
    };
  },
});
