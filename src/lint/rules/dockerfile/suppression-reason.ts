import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'suppression-reason',
  meta: {
    description:
      'Inline suppressions should say why the finding is accepted, so reviewers can tell a decision from a shortcut',
    type: 'suggestion',
    severity: 'info',
    profile: false,
    messages: {
      dockwright: 'Suppression of {{ids}} has no reason; write it as `# dockwright ignore={{ids}} -- <why>`',
      buildkit: 'Skipped check {{ids}} has no reason; write it as `# check=skip={{ids}} // <why>`',
      hadolint:
        'hadolint pragmas cannot carry a reason; use `# dockwright ignore={{ids}} -- <why>` instead (it also silences the hadolint ids)',
    },
  },
  create(context) {
    return {
      fileExit() {
        for (const s of context.suppressions) {
          // A file-level `# check=skip=` directive has no reason syntax; only comments can say why.
          if (s.reason || (s.tool === 'buildkit' && s.scope === 'global')) continue;
          context.report({ range: s.range, messageId: s.tool, data: { ids: s.ids.join(',') } });
        }
      },
    };
  },
});
