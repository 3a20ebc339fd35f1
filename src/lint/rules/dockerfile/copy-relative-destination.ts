import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { expandFully, instructionsBefore } from '../support/structure-util.js';

export default defineRule({
  name: 'copy-relative-destination',
  meta: {
    description:
      "A relative COPY/ADD destination depends on the base image's WORKDIR; set WORKDIR first or use an absolute path",
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      relative:
        "Destination '{{dest}}' is relative but no WORKDIR is set in this stage, so it lands wherever the base image's WORKDIR points (often /); add WORKDIR or use an absolute path",
    },
    sources: ['hadolint:DL3045'],
    spec: '03-dockerfile-fundamentals: WORKDIR, ENV, ARG, EXPOSE — set the working directory (WORKDIR /app)',
  },
  create(context) {
    const check = (node: CopyInstruction | AddInstruction, stage: Stage | undefined) => {
      const dest = node.destination;
      if (!dest || !stage) return;
      const value = expandFully(context.model, node, dest.value);
      if (value === undefined) return;
      if (value.startsWith('/') || value.startsWith('\\') || /^[A-Za-z]:/.test(value)) return;
      if (instructionsBefore(stage, node).some((i) => i.keyword === 'WORKDIR')) return;
      context.report({ node, range: dest.range, messageId: 'relative', data: { dest: value } });
    };
    return { COPY: check, ADD: check };
  },
});
