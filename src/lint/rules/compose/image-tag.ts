import { defineComposeRule } from '../../engine/compose.js';
import { imageInfo } from '../support/compose-ops-util.js';

interface Options {
  /** Tags that float (move to new releases). */
  prohibitedTags: string[];
}

const FLOATING_TAGS = ['latest', 'stable', 'edge', 'test', 'nightly', 'dev', 'beta', 'canary', 'lts'];

export default defineComposeRule<'noTag' | 'floatingTag', Options>({
  name: 'image-tag',
  meta: {
    description:
      'An `image` without a tag (implicitly `latest`) or with a floating tag (`latest`, `stable`, `edge`…) changes under you: pin a version tag or a digest',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      noTag:
        'service "{{service}}" uses {{image}} without a tag, which means `:latest`: every pull may bring a new major version; pin a version (and ideally a digest)',
      floatingTag:
        'service "{{service}}" uses the floating tag `:{{tag}}` ({{image}}): it moves to new releases; pin a version (and ideally a digest)',
    },
    defaultOptions: { prohibitedTags: FLOATING_TAGS },
    optionsSchema: {
      type: 'object',
      properties: { prohibitedTags: { type: 'array', items: { type: 'string' } } },
      additionalProperties: false,
    },
    sources: ['dclint:service-image-require-explicit-tag'],
    spec: '04-images-registry-security: pin image versions; never deploy :latest',
  },
  create(context) {
    const prohibited = new Set((context.options.prohibitedTags ?? FLOATING_TAGS).map((t) => t.toLowerCase()));
    return {
      service(name, service) {
        // With `build`, `image` names what gets built (and tagged locally), not something pulled.
        if (service.build) return;
        const info = imageInfo(service.image);
        if (!info || info.hasVariables || info.digest) return;
        const path = ['services', name, 'image'];
        // `app:` (an unset variable) is an invalid reference: the loader warns about the variable.
        if (info.tag === '') return;
        if (info.tag === undefined) {
          context.report({ path, messageId: 'noTag', data: { service: name, image: service.image! } });
        } else if (prohibited.has(info.tag.toLowerCase())) {
          context.report({
            path,
            messageId: 'floatingTag',
            data: { service: name, image: service.image!, tag: info.tag },
          });
        }
      },
    };
  },
});
