import { defineRule } from '../../engine/rule.js';
import { findInRun, isDynamic, operands, srcRange, wordText } from '../support/pkg-shell.js';

const MOVING = new Set(['latest', 'master', 'main', 'HEAD', 'upgrade', 'patch', 'none']);

/** A remote module/package path: its first element looks like a host name (`github.com/x/y`, `golang.org/x/tools/...`). */
function isRemote(path: string): boolean {
  const first = path.split('/')[0] ?? '';
  return path.includes('/') && first.includes('.') && !first.startsWith('.');
}

export default defineRule({
  name: 'go-install-pin',
  meta: {
    description:
      '`go install|get|run <module>` without `@version` (or with `@latest`) fetches whatever is newest; pin a version',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      unpinned: '`{{pkg}}` is fetched without a version; use `{{pkg}}@<version>`',
      moving: '`{{pkg}}@{{version}}` follows a moving target; pin a tagged version or a commit',
    },
    sources: ['hadolint:DL3062'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, 'go', ['install', 'get', 'run'])) {
          for (const word of operands(rc.cmd)) {
            if (isDynamic(word) || word.value === undefined) continue;
            const text = wordText(word);
            const at = text.indexOf('@');
            const path = at < 0 ? text : text.slice(0, at);
            if (!isRemote(path)) continue;
            if (at < 0) {
              context.report({ node, range: srcRange(rc, word), messageId: 'unpinned', data: { pkg: path } });
            } else if (MOVING.has(text.slice(at + 1))) {
              context.report({
                node,
                range: srcRange(rc, word),
                messageId: 'moving',
                data: { pkg: path, version: text.slice(at + 1) },
              });
            }
            // `go run` takes arguments for the program after the package: stop at the first one.
            if (rc.cmd.subcommand() === 'run') break;
          }
        }
      },
    };
  },
});
