import { defineRule } from '../../engine/rule.js';

/** Escape a value for a double-quoted Dockerfile word. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export default defineRule({
  name: 'no-maintainer',
  meta: {
    description:
      'MAINTAINER is deprecated; record the author in the OCI `org.opencontainers.image.authors` label',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      deprecated: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors={{value}} instead',
    },
    sources: ['hadolint:DL4000', 'buildkit:MaintainerDeprecated', 'checkov:CKV_DOCKER_6'],
    spec: '03-dockerfile-fundamentals: LABEL for metadata',
  },
  create(context) {
    return {
      MAINTAINER(node) {
        const raw = node.argsText.text.trim();
        // The value is taken literally (MAINTAINER does not expand or unquote), so re-quote it for LABEL.
        const value = quote(raw.replace(/^"(.*)"$/s, '$1'));
        context.report({
          node,
          range: node.keywordRange,
          messageId: 'deprecated',
          data: { value },
          fix: { range: node.range, text: `LABEL org.opencontainers.image.authors=${value}` },
        });
      },
    };
  },
});
