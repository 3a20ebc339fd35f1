import { defineRule } from '../../engine/rule.js';
import { commandsOf } from '../support/ops-util.js';

export default defineRule({
  name: 'no-ln-bin-sh',
  meta: {
    description:
      'Do not replace /bin/sh with a symlink; use the SHELL instruction to choose the shell for RUN',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      useShell:
        'Linking {{target}} over /bin/sh changes the shell of every later script in the image; use SHELL ["{{target}}", "-c"] instead',
    },
    sources: ['hadolint:DL4005'],
    spec: '03-dockerfile-fundamentals: SHELL instruction for the RUN shell',
  },
  create(context) {
    return {
      RUN(node) {
        for (const { cmd } of commandsOf(context, node)) {
          if (!cmd.is('ln')) continue;
          const pos = cmd.positionalArgs();
          if (pos.length < 2) continue;
          const dest = pos[pos.length - 1]!.value;
          if (dest !== '/bin/sh' && dest !== '/usr/bin/sh') continue;
          context.report({
            node,
            range: cmd.sourceRange,
            messageId: 'useShell',
            data: { target: pos[0]!.value ?? pos[0]!.raw },
          });
        }
      },
    };
  },
});
