import { type ExpandResult, ExpansionError, expandWordWithInfo } from '../../../parse/dockerfile/expand.js';
import { defineRule } from '../../engine/rule.js';
import { isValidImageReference } from '../support/images-base.js';

/** BuildKit's automatic platform ARGs for a default linux/amd64 build. */
const PLATFORM_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
];

export default defineRule({
  name: 'invalid-default-arg-in-from',
  meta: {
    description:
      'Give ARGs used in FROM defaults that produce a valid image name, so the build works without --build-arg',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      invalid:
        'With only ARG defaults, FROM `{{word}}` becomes `{{result}}`, which is not a valid image name; give the ARG a default such as `ARG {{arg}}=<image>:<tag>`',
      empty:
        'With only ARG defaults, FROM `{{word}}` is empty; give the ARG a default such as `ARG {{arg}}=<image>:<tag>` or the build fails without --build-arg',
    },
    sources: ['buildkit:InvalidDefaultArgInFrom'],
    spec: '03-dockerfile-fundamentals: ARG before FROM parameterises the base image',
  },
  create(context) {
    const escapeToken = context.ast.escapeToken;
    // Global ARGs with their defaults only, as BuildKit's validateBaseImagesWithDefaultArgs does.
    const env = new Map<string, string>(PLATFORM_DEFAULTS);
    let done = false;
    const expand = (word: string): ExpandResult | undefined => {
      try {
        return expandWordWithInfo(word, env, { escapeToken });
      } catch (e) {
        if (e instanceof ExpansionError) return undefined;
        throw e;
      }
    };
    return {
      ARG(node, stage) {
        if (stage || done) return;
        for (const d of node.declarations) {
          if (d.defaultValue === undefined) continue;
          const r = expand(d.defaultValue);
          if (r) env.set(d.name, r.value);
        }
      },
      FROM(node) {
        done = true;
        const image = node.image;
        if (!image?.raw.includes('$')) return;
        const r = expand(image.raw);
        if (!r || isValidImageReference(r.value)) return;
        const arg = r.unmatched[0] ?? r.used[0] ?? 'IMAGE';
        context.report({
          node,
          range: image.range,
          messageId: r.value === '' ? 'empty' : 'invalid',
          data: { word: image.raw, result: r.value, arg },
        });
      },
    };
  },
});
