import { hasExpansion } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf } from '../support/ops-util.js';

export default defineRule({
  name: 'no-cd-in-run',
  meta: {
    description: 'Use WORKDIR instead of `cd` in RUN to set the directory later commands run in',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      useWorkdir: 'Use WORKDIR {{dir}} instead of `cd` in RUN',
    },
    sources: ['hadolint:DL3003', 'trivy:DS-0013'],
    spec: '03-dockerfile-fundamentals: WORKDIR instead of cd',
  },
  create(context) {
    return {
      RUN(node) {
        for (const { cmd } of commandsOf(context, node)) {
          if (!cmd.is('cd') || cmd.origin !== 'script') continue;
          // `( cd x && make )` scopes the directory change on purpose; WORKDIR cannot express that.
          if (cmd.ancestors.some((a) => a.type === 'Subshell')) continue;
          const target = cmd.positionalArgs()[0];
          // `cd "$(mktemp -d)"`: a temporary directory, not a place for WORKDIR.
          if (target && hasExpansion(target) && /\$\(|`/.test(target.raw)) continue;
          if (target?.value === '-') continue;
          context.report({
            node,
            range: cmd.sourceRange,
            messageId: 'useWorkdir',
            data: { dir: target?.raw ?? '<dir>' },
          });
        }
      },
    };
  },
});
