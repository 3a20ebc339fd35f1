import { defineRule } from '../../engine/rule.js';
import { stageBaseInfo } from '../support/images-base.js';

export default defineRule({
  name: 'base-image-latest',
  meta: {
    description: 'Do not build FROM `:latest`; pin the version the image was tested with',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      latest:
        'Base image `{{image}}` uses the moving `:latest` tag; pin a version such as `{{name}}:<version>`',
    },
    sources: ['hadolint:DL3007', 'trivy:DS-0001', 'checkov:CKV_DOCKER_7'],
    spec: '02-production-self-check: Base image pinned to specific version or SHA256 digest (never :latest except Chainguard free tier)',
  },
  create(context) {
    return {
      stageEnter(stage) {
        const info = stageBaseInfo(stage);
        if (info.kind !== 'image') return;
        const { ref, normalized } = info;
        if (ref.tag !== 'latest' || ref.digest !== undefined) return;
        // The spec's one exception: Chainguard's free tier only publishes `:latest`.
        if (normalized.domain === 'cgr.dev' && normalized.path.startsWith('chainguard/')) return;
        context.report({
          node: stage.from,
          range: info.literal && ref.tagRange ? ref.tagRange : info.range,
          messageId: 'latest',
          data: { image: ref.raw, name: ref.name },
        });
      },
    };
  },
});
