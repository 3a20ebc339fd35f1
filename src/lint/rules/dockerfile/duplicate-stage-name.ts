import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'duplicate-stage-name',
  meta: {
    description: 'Give every build stage a unique name',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      duplicate:
        'Stage name `{{name}}` is already used by the stage on line {{line}}; `--from={{name}}` and `--target {{name}}` are ambiguous',
    },
    sources: ['hadolint:DL3024', 'buildkit:DuplicateStageName', 'trivy:DS-0012', 'checkov:CKV_DOCKER_11'],
    spec: '03-dockerfile-fundamentals: multi-stage builds with named stages',
  },
  create(context) {
    return {
      stageEnter(stage) {
        const word = stage.from.stageName;
        if (!word || stage.name === undefined) return;
        const first = context.model.stages.find((s) => s.index < stage.index && s.name === stage.name);
        if (!first) return;
        context.report({
          node: stage.from,
          range: word.range,
          messageId: 'duplicate',
          data: { name: word.value, line: first.from.startLine },
        });
      },
    };
  },
});
