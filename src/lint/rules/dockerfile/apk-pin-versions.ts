import { defineRule } from '../../engine/rule.js';
import { findInRun, isDynamic, operands, srcRange, wordText } from '../support/pkg-shell.js';

export default defineRule({
  name: 'apk-pin-versions',
  meta: {
    description:
      '`apk add` of a package without a version constraint; pin (`pkg=1.2.3-r0` or `pkg~1.2`) for reproducible builds (opt-in)',
    type: 'suggestion',
    severity: 'warning',
    profile: false,
    messages: {
      unpinned: 'package `{{pkg}}` is not pinned; use `{{pkg}}=<version>` or `{{pkg}}~<major.minor>`',
    },
    sources: ['hadolint:DL3018'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, 'apk', 'add')) {
          for (const word of operands(rc.cmd)) {
            if (isDynamic(word) || word.value === undefined) continue;
            const text = wordText(word);
            // `pkg=1.2`, `pkg~1.2`, `pkg>1`, `pkg<2`, local `.apk` files, `pkg@edge` still floats.
            if (/[=~<>]/.test(text) || text.includes('/') || text.endsWith('.apk')) continue;
            context.report({ node, range: srcRange(rc, word), messageId: 'unpinned', data: { pkg: text } });
          }
        }
      },
    };
  },
});
