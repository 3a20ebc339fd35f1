import { defineRule } from '../../engine/rule.js';

const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  name: 'reserved-stage-name',
  meta: {
    description: 'Do not name a stage `scratch` or `context`; those names are reserved',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      reserved: 'Stage name `{{name}}` is reserved: `{{lower}}` already means {{meaning}}; pick another name',
    },
    sources: ['hadolint:DL3063', 'buildkit:ReservedStageName'],
    spec: '03-dockerfile-fundamentals: multi-stage builds with named stages',
  },
  create(context) {
    return {
      stageEnter(stage) {
        const word = stage.from.stageName;
        if (!word || stage.name === undefined || !RESERVED.has(stage.name)) return;
        context.report({
          node: stage.from,
          range: word.range,
          messageId: 'reserved',
          data: {
            name: word.value,
            lower: stage.name,
            meaning:
              stage.name === 'scratch'
                ? 'the empty base image'
                : 'the build context (`--from=context`, named contexts)',
          },
        });
      },
    };
  },
});
