import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'copy-from-self',
  meta: {
    description:
      '`COPY --from` (or `RUN --mount from=`) names the stage it is in; a stage cannot read its own result',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      self: "'--from={{value}}' refers to the current stage '{{stage}}'; a stage cannot copy from itself — name an earlier stage",
    },
    sources: ['hadolint:DL3023', 'trivy:DS-0006'],
    spec: '05-writing-dockerfiles-plan: multi-stage builds copy artifacts from an earlier builder stage',
  },
  create(context) {
    return {
      fileExit() {
        for (const ref of context.model.references) {
          const { stage } = ref;
          const v = ref.value.toLowerCase();
          const byName = stage.name !== undefined && v === stage.name;
          const byIndex = /^\d+$/.test(v) && Number(v) === stage.index;
          if (!byName && !byIndex) continue;
          context.report({
            node: ref.instruction,
            range: ref.range,
            messageId: 'self',
            data: { value: ref.value, stage: stage.name ?? String(stage.index) },
          });
        }
      },
    };
  },
});
