import { basename } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { defineComposeRule } from '../../engine/compose.js';

export default defineComposeRule<'missing', Record<string, never>>({
  name: 'require-project-name',
  meta: {
    description:
      'No top-level `name`: the project name (and so every container, network and volume name) comes from the folder the file sits in; set `name:` for stable resource names',
    type: 'suggestion',
    severity: 'info',
    profile: false,
    messages: {
      missing:
        'no top-level `name:`: the project is named after its folder ("{{folder}}"), so a checkout in another folder gets new containers, networks and volumes ({{folder}}_…); add `name: {{folder}}`',
    },
    sources: ['dclint:require-project-name-field'],
  },
  create(context) {
    return {
      projectExit() {
        const main = context.project.files.filter((f) => f.role === 'main');
        const named = main.some((f) => isMap(f.document.contents) && f.document.contents.has('name'));
        if (named || context.project.environment.COMPOSE_PROJECT_NAME) return;
        const first = main[0];
        if (!first) return;
        const root = first.document.contents;
        const key = isMap(root) ? root.items[0]?.key : undefined;
        const range =
          isScalar(key) && key.range ? { start: key.range[0], end: key.range[1] } : { start: 0, end: 0 };
        context.report({
          where: { file: first.path, range },
          messageId: 'missing',
          data: { folder: context.project.name || basename(context.project.projectDir) },
        });
      },
    };
  },
});
