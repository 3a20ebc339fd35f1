import { defineRule } from '../../engine/rule.js';
import { stageBaseInfo } from '../support/images-base.js';

export default defineRule({
  name: 'base-image-tag',
  meta: {
    description:
      'Give every FROM image an explicit version tag; an untagged image means `:latest`, which moves',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      missingTag:
        'Base image `{{image}}` has no tag, so it means `{{image}}:latest` and changes under you; pin a version such as `{{image}}:<version>`',
    },
    sources: ['hadolint:DL3006', 'trivy:DS-0001', 'checkov:CKV_DOCKER_7'],
    spec: '02-production-self-check: Base image pinned to specific version or SHA256 digest (never :latest, never bare)',
  },
  create(context) {
    return {
      stageEnter(stage) {
        const info = stageBaseInfo(stage);
        if (info.kind !== 'image') return;
        if (info.ref.tag !== undefined || info.ref.digest !== undefined) return;
        context.report({
          node: stage.from,
          range: info.range,
          messageId: 'missingTag',
          data: { image: info.ref.name },
        });
      },
    };
  },
});
