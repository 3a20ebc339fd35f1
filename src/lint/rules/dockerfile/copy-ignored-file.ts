import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { localSources } from '../support/ops-context.js';

export default defineRule({
  name: 'copy-ignored-file',
  meta: {
    description:
      'A COPY/ADD source is excluded by .dockerignore, so it is not in the build context and the build fails or copies nothing',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      ignored: 'Attempting to {{cmd}} "{{path}}" that is excluded by {{file}}',
    },
    sources: ['buildkit:CopyIgnoredFile'],
    spec: '05-writing-dockerfiles-plan: .dockerignore configuration',
  },
  create(context) {
    const check = (node: CopyInstruction | AddInstruction): void => {
      const ignore = context.buildContext?.dockerignore;
      if (!ignore) return;
      for (const { arg, path } of localSources(context.model, node)) {
        if (path === '.' || !ignore.excludes(path)) continue;
        context.report({
          node,
          range: arg.range,
          messageId: 'ignored',
          data: {
            cmd: node.keyword === 'ADD' ? 'Add' : 'Copy',
            path,
            file: ignore.path.split(/[\\/]/).pop() ?? '.dockerignore',
          },
        });
      }
    };
    return { COPY: check, ADD: check };
  },
});
