import { defineRule } from '../../engine/rule.js';
import { parsePlatform, platformWord } from '../support/images-base.js';

export default defineRule({
  name: 'from-platform-constant',
  meta: {
    description:
      'Do not hard-code `FROM --platform=`; use `$BUILDPLATFORM` for build stages or leave it out so `--platform` decides',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      constant:
        'FROM --platform={{platform}} pins a constant platform, so multi-platform builds silently produce {{platform}} content; use `--platform=$BUILDPLATFORM` for a build stage or remove the flag',
    },
    sources: ['buildkit:FromPlatformFlagConstDisallowed', 'hadolint:DL3029'],
    spec: '05-writing-dockerfiles-plan: multi-arch builds with BuildKit (--platform, $BUILDPLATFORM / $TARGETPLATFORM)',
  },
  create(context) {
    return {
      FROM(node, stage) {
        const p = platformWord(context.ast.source, node);
        if (!p || !node.platform) return;
        const r = context.model.expand(node, p.word);
        if ('error' in r || r.used.length > 0 || r.unmatched.length > 0) return;
        const platform = parsePlatform(r.value);
        if (!platform) return;
        // A stage named for its platform (`AS build-arm64`, `AS linux`) is deliberately platform-specific.
        const name = stage?.name ?? '';
        if (name.includes(platform.os) || name.includes(platform.arch)) return;
        context.report({
          node,
          range: node.platform.range,
          messageId: 'constant',
          data: { platform: r.value },
        });
      },
    };
  },
});
