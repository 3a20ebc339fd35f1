import { defineRule } from '../../engine/rule.js';
import { findInRun, isDynamic, operands, srcRange, wordText } from '../support/pkg-shell.js';

export default defineRule({
  name: 'gem-pin-versions',
  meta: {
    description:
      '`gem install <gem>` without a version installs whatever is newest; pin with `-v` or `gem:version`',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      unpinned:
        'gem `{{gem}}` is installed without a version; use `gem install {{gem}} -v <version>` or `{{gem}}:<version>`',
    },
    sources: ['hadolint:DL3028'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, 'gem', ['install', 'i'])) {
          if (rc.cmd.hasFlag('-v', '--version')) continue;
          for (const word of operands(rc.cmd)) {
            if (isDynamic(word) || word.value === undefined) continue;
            const text = wordText(word);
            if (text.includes(':') || text.includes('/') || text.endsWith('.gem')) continue;
            context.report({ node, range: srcRange(rc, word), messageId: 'unpinned', data: { gem: text } });
          }
        }
      },
    };
  },
});
