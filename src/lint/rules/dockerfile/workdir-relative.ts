import { defineRule } from '../../engine/rule.js';
import { expandFully, instructionsBefore, isAbsolutePath } from '../support/structure-util.js';

export default defineRule({
  name: 'workdir-relative',
  meta: {
    description:
      "Use an absolute WORKDIR; a relative one is resolved against the base image's working directory",
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      relative:
        "WORKDIR '{{path}}' is relative and no absolute WORKDIR was set before it, so it depends on the base image's working directory; use an absolute path such as /{{path}}",
    },
    sources: ['hadolint:DL3000', 'buildkit:WorkdirRelativePath', 'trivy:DS-0009', 'checkov:CKV_DOCKER_10'],
    spec: '03-dockerfile-fundamentals: WORKDIR, ENV, ARG, EXPOSE — set working directory (WORKDIR /app)',
  },
  create(context) {
    return {
      WORKDIR(node, stage) {
        if (!node.path) return;
        const value = expandFully(context.model, node, node.path.value);
        if (value === undefined || value === '' || isAbsolutePath(value)) return;
        // As BuildKit: a relative WORKDIR after an earlier WORKDIR (here or in a base stage) is deliberate.
        if (instructionsBefore(stage, node).some((i) => i.keyword === 'WORKDIR')) return;
        context.report({ node, range: node.path.range, messageId: 'relative', data: { path: value } });
      },
    };
  },
});
