import { defineRule } from '../../engine/rule.js';
import { findInRun, isDynamic, operands, srcRange, wordText } from '../support/pkg-shell.js';

const MOVING_TAGS = new Set(['latest', 'next', '*', 'x', 'canary', 'beta', 'alpha', 'rc']);

/** `pkg`, `pkg@1.2.3`, `@scope/pkg@^1`, `pkg@latest`… → the version part, '' when absent. */
function versionOf(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? '' : spec.slice(at + 1);
}

/** Paths, tarballs, URLs, git and GitHub shorthands are fixed by what they point at (or out of scope). */
function notARegistrySpec(spec: string): boolean {
  if (/^[.~/]/.test(spec) || spec.includes(':') || /\.(?:tgz|tar\.gz|tar)$/.test(spec)) return true;
  return !spec.startsWith('@') && spec.includes('/');
}

export default defineRule({
  name: 'npm-pin-global',
  meta: {
    description:
      '`npm install -g <pkg>` (or any `npm install <pkg>`) without `@version` installs whatever is newest; pin the version',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      unpinned: '`{{pkg}}` is installed without a version; use `{{pkg}}@<version>`',
      moving: '`{{spec}}` is a moving tag; pin an exact version',
    },
    sources: ['hadolint:DL3016'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, 'npm', ['install', 'i', 'add', 'isntall', 'in'])) {
          for (const word of operands(rc.cmd)) {
            if (isDynamic(word) || word.value === undefined) continue;
            const spec = wordText(word);
            if (notARegistrySpec(spec)) continue;
            const version = versionOf(spec);
            if (version === '') {
              context.report({ node, range: srcRange(rc, word), messageId: 'unpinned', data: { pkg: spec } });
            } else if (MOVING_TAGS.has(version)) {
              context.report({ node, range: srcRange(rc, word), messageId: 'moving', data: { spec } });
            }
          }
        }
      },
    };
  },
});
