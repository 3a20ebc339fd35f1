import { defineRule } from '../../engine/rule.js';
import { stageBaseInfo } from '../support/images-base.js';

export default defineRule({
  name: 'base-image-digest',
  meta: {
    description: 'Pin base images by `@sha256:` digest so every build starts from the same bytes',
    type: 'suggestion',
    severity: 'warning',
    profile: 'hardened',
    messages: {
      notPinned:
        'Base image `{{image}}` is not pinned by digest; append `@sha256:…` (get it with `docker buildx imagetools inspect {{image}}`) and let a bot such as Renovate or Dependabot keep it current',
    },
    spec: '02-production-self-check: Pin base image digests for sensitive workloads and track rebuild cadence for security updates',
  },
  create(context) {
    return {
      stageEnter(stage) {
        const info = stageBaseInfo(stage);
        if (info.kind !== 'image' || info.ref.digest !== undefined) return;
        context.report({
          node: stage.from,
          range: info.range,
          messageId: 'notPinned',
          data: { image: info.ref.raw },
        });
      },
    };
  },
});
