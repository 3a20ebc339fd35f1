import { defineRule } from '../../engine/rule.js';
import { findInRun, isDynamic, operands, srcRange, wordText } from '../support/pkg-shell.js';

export default defineRule({
  name: 'apt-get-pin-versions',
  meta: {
    description:
      'apt-get install of a package without `=version`; pin versions for reproducible builds (opt-in)',
    type: 'suggestion',
    severity: 'warning',
    profile: false,
    messages: {
      unpinned: 'package `{{pkg}}` is not pinned; use `{{pkg}}=<version>` for a reproducible build',
    },
    sources: ['hadolint:DL3008'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, ['apt-get', 'apt'], ['install', 'reinstall'])) {
          for (const word of operands(rc.cmd)) {
            if (isDynamic(word)) continue;
            const text = wordText(word);
            // `pkg=1.2`, `pkg=$VER`, `pkg/bookworm-backports`, `./local.deb`, `/tmp/x.deb`.
            if (text.includes('=') || text.includes('/') || text.endsWith('.deb')) continue;
            if (word.value === undefined) continue; // `pkg$SUFFIX`: cannot judge
            context.report({ node, range: srcRange(rc, word), messageId: 'unpinned', data: { pkg: text } });
          }
        }
      },
    };
  },
});
