import { defineRule } from '../../engine/rule.js';
import { platformWord } from '../support/images-base.js';

export default defineRule({
  name: 'redundant-target-platform',
  meta: {
    description: '`FROM --platform=$TARGETPLATFORM` is the default; remove the flag',
    type: 'suggestion',
    severity: 'info',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      redundant:
        '`--platform={{value}}` is redundant: a stage is built for the target platform by default; remove the flag',
    },
    sources: ['buildkit:RedundantTargetPlatform', 'hadolint:DL3065'],
    spec: '05-writing-dockerfiles-plan: multi-arch builds with BuildKit (--platform, $BUILDPLATFORM / $TARGETPLATFORM)',
  },
  create(context) {
    const text = context.ast.source.text;
    return {
      FROM(node) {
        const flag = node.platform;
        const p = platformWord(context.ast.source, node);
        if (!flag || !p) return;
        const r = context.model.expand(node, p.word);
        if ('error' in r || r.unmatched.length > 0 || r.used.length !== 1 || r.used[0] !== 'TARGETPLATFORM')
          return;
        // Same test as BuildKit: only $TARGETPLATFORM was substituted and the result is exactly its value.
        if (r.value !== context.model.scopeAt(node).lookup('TARGETPLATFORM')) return;
        // A global `ARG TARGETPLATFORM=<value>` pins a platform on purpose: removing the flag would change the build.
        const overridden = context.ast.instructions.some(
          (i) =>
            i.keyword === 'ARG' &&
            context.model.stageOf(i) === undefined &&
            i.declarations.some((d) => d.name === 'TARGETPLATFORM' && d.defaultValue !== undefined),
        );
        let end = flag.range.end;
        while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
        context.report({
          node,
          range: flag.range,
          messageId: 'redundant',
          data: { value: p.word },
          ...(overridden ? {} : { fix: { range: { start: flag.range.start, end }, text: '' } }),
        });
      },
    };
  },
});
