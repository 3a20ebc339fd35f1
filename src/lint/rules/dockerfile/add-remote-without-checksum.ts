import { defineRule } from '../../engine/rule.js';

const GIT = /^(?:git@|git:\/\/|ssh:\/\/)|\.git(?:#|$)/i;
const HTTP = /^https?:\/\//i;
const FLOATING_REFS = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'head']);

export default defineRule({
  name: 'add-remote-without-checksum',
  meta: {
    description:
      'ADD of a URL without `--checksum` (or of a git repository without a pinned ref) builds whatever the server returns today',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      url: '`ADD {{source}}` has no `--checksum`: the download is not verified and may change between builds',
      gitUnpinned: '`ADD {{source}}` follows the default branch; pin a commit (`#<sha>`) or a tag',
      gitBranch: '`ADD {{source}}` follows the branch `{{ref}}`; pin a commit (`#<sha>`) or a tag',
    },
    spec: '03-dockerfile-fundamentals: Never: ADD for remote URLs',
  },
  create(context) {
    return {
      ADD(node) {
        if (node.checksum) return;
        for (const source of node.sources) {
          if (source.heredoc) continue;
          const value = source.value;
          if (GIT.test(value)) {
            const hash = value.indexOf('#');
            const ref = hash >= 0 ? value.slice(hash + 1).split(':')[0]! : '';
            if (/^[0-9a-f]{40}$/i.test(ref)) continue;
            if (!ref) {
              context.report({
                node,
                range: source.range,
                messageId: 'gitUnpinned',
                data: { source: value },
                hint: 'e.g. `ADD https://github.com/org/repo.git#v1.2.3 /src` or `#<commit sha>`',
              });
            } else if (FLOATING_REFS.has(ref.toLowerCase())) {
              context.report({
                node,
                range: source.range,
                messageId: 'gitBranch',
                data: { source: value, ref },
                hint: 'e.g. `ADD https://github.com/org/repo.git#<commit sha> /src`',
              });
            }
            continue;
          }
          if (!HTTP.test(value)) continue;
          context.report({
            node,
            range: source.range,
            messageId: 'url',
            data: { source: value },
            hint: 'Add `--checksum=sha256:<digest>` (BuildKit verifies it) or download in RUN and check it with `sha256sum -c`.',
          });
        }
      },
    };
  },
});
