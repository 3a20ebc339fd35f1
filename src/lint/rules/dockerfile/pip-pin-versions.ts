import { defineRule } from '../../engine/rule.js';
import { isDynamic, pipCall, runCommands, srcRange, wordText } from '../support/pkg-shell.js';

type Verdict = 'pinned' | 'unpinned' | 'range' | 'vcs';

const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;
const VCS = /^(?:git|hg|svn|bzr)\+/i;

/** Judge one requirement word of `pip install`. */
export function pipRequirement(text: string): Verdict {
  const spec = text.trim();
  if (VCS.test(spec) || /\s@\s*(?:git|hg|svn|bzr)\+/i.test(spec)) {
    const url = spec.replace(/^.*?@\s*(?=(?:git|hg|svn|bzr)\+)/i, '').replace(/#.*$/, '');
    const afterPath = url.slice(url.lastIndexOf('/') + 1);
    return afterPath.includes('@') ? 'pinned' : 'vcs';
  }
  // Direct references, URLs, local paths and archives are fixed by what they point at.
  if (
    spec.includes('@') ||
    spec.includes('://') ||
    spec.includes('/') ||
    /^[.~]/.test(spec) ||
    ARCHIVE.test(spec)
  ) {
    return 'pinned';
  }
  const req = spec.replace(/;.*$/, '').replace(/\[[^\]]*\]/, '');
  if (/===?|~=/.test(req)) return 'pinned';
  const lower = /[>]/.test(req);
  const upper = /[<]/.test(req);
  if (lower && upper) return 'pinned';
  if (lower || upper || req.includes('!=')) return 'range';
  return 'unpinned';
}

export default defineRule({
  name: 'pip-pin-versions',
  meta: {
    description:
      '`pip install <pkg>` without `==version` installs whatever is newest; pin versions or use a requirements/constraints file',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      unpinned:
        '`{{pkg}}` is not pinned; use `{{pkg}}==<version>` or install from a pinned requirements file',
      range:
        '`{{pkg}}` only sets a bound; pin an exact version with `==` (or `~=`), or use a constraints file',
      vcs: '`{{pkg}}` installs a moving branch; add `@<tag-or-commit>` to the URL',
    },
    sources: ['hadolint:DL3013'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of runCommands(context, node)) {
          const call = pipCall(rc.cmd);
          if (call?.subcommand !== 'install') continue;
          // A constraints file pins everything; `--no-index` installs from a local wheelhouse.
          if (call.options.some((o) => ['-c', '--constraint', '--no-index'].includes(o.name))) continue;
          for (const word of call.operands) {
            if (isDynamic(word) || word.value === undefined) continue;
            const text = wordText(word);
            const verdict = pipRequirement(text);
            if (verdict === 'pinned') continue;
            const pkg = verdict === 'vcs' ? text : text.replace(/[<>!=~;].*$/s, '').trim();
            context.report({ node, range: srcRange(rc, word), messageId: verdict, data: { pkg } });
          }
        }
      },
    };
  },
});
