import type { Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { effectiveUser, stageChain } from '../support/security-user.js';

/** Base images that already run as a non-root user. */
function nonRootBase(stage: Stage): boolean {
  const root = stageChain(stage).at(-1);
  if (!root) return false;
  const image = (root.base.expanded ?? root.base.raw).toLowerCase();
  if (image === 'scratch') return true;
  const [name = '', tag = ''] = image.split('@')[0]!.split(/:(?=[^/]*$)/);
  // gcr.io/distroless/static:nonroot, …:debug-nonroot, …:latest-nonroot (UID 65532).
  if (name.includes('distroless') && /(^|-)nonroot$/.test(tag)) return true;
  // Chainguard images run as nonroot (65532) except the `-dev` variants.
  if (name.startsWith('cgr.dev/chainguard/') && !/(^|-)dev$/.test(tag)) return true;
  return false;
}

export default defineRule({
  name: 'missing-user',
  meta: {
    description: 'The final stage never sets USER, so the container runs as root; add a non-root USER',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        'The final stage never sets USER, so the container runs as root; create an unprivileged user and add `USER 1001` before CMD/ENTRYPOINT',
    },
    sources: ['trivy:DS-0002', 'checkov:CKV_DOCKER_3'],
    spec: '02-production-self-check: USER directive present - container does NOT run as root',
  },
  create(context) {
    return {
      fileExit() {
        const stage = context.finalStage;
        if (!stage || effectiveUser(stage) || nonRootBase(stage)) return;
        const from = stage.from;
        context.report({
          node: from,
          range: from.image?.range ?? from.keywordRange,
          messageId: 'missing',
          hint: 'distroless `:nonroot` tags and Chainguard images already run as UID 65532.',
        });
      },
    };
  },
});
