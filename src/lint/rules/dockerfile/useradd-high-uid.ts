import { defineRule } from '../../engine/rule.js';
import { commandsOf, wordRange } from '../support/security-shell.js';

export default defineRule({
  name: 'useradd-high-uid',
  meta: {
    description:
      '`useradd` with a very high UID and without `-l` writes a huge sparse /var/log/lastlog into the layer; add `--no-log-init`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      highUid:
        '`useradd -u {{uid}}` without `-l`/`--no-log-init` grows /var/log/faillog and lastlog to UID-sized files in the layer',
    },
    sources: ['hadolint:DL3046'],
    spec: '02-production-self-check: Final image is slim/distroless/scratch',
  },
  create(context) {
    return {
      RUN(node) {
        for (const { cmd, script } of commandsOf(context, node)) {
          if (!cmd.is('useradd') || cmd.hasFlag('-l', '--no-log-init')) continue;
          const option = cmd.findOptions(['-u', '--uid']).at(-1);
          const uid = option?.value;
          // hadolint's threshold: a UID of more than five digits.
          if (!option || uid === undefined || !/^\d{6,}$/.test(uid)) continue;
          const range = wordRange(script, option.valueWord ?? option.word);
          const at = cmd.nameWord ? wordRange(script, cmd.nameWord).end : undefined;
          context.report({
            node,
            range,
            messageId: 'highUid',
            data: { uid },
            ...(at !== undefined ? { fix: { range: { start: at, end: at }, text: ' --no-log-init' } } : {}),
            hint: 'Docker stores the sparse lastlog/faillog files at full size: 1e6 UIDs is ~300 MB.',
          });
        }
      },
    };
  },
});
