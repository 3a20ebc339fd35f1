import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { localSources } from '../support/ops-context.js';
import { hasGlob } from '../support/ops-util.js';

export default defineRule({
  name: 'copy-source-missing',
  meta: {
    description:
      'A COPY/ADD source does not exist in the build context; the build will fail with "not found"',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      missing: '{{cmd}} source "{{path}}" does not exist in the build context {{dir}}',
    },
    spec: '05-writing-dockerfiles-plan: COPY only what exists in the build context',
  },
  create(context) {
    const check = (node: CopyInstruction | AddInstruction): void => {
      const bc = context.buildContext;
      if (!bc) return;
      for (const { arg, path } of localSources(context.model, node)) {
        // BuildKit allows a wildcard that matches nothing (AllowEmptyWildcard): `COPY poetry.lock* ./` is fine.
        if (path === '.' || hasGlob(path)) continue;
        if (bc.exists(path)) continue;
        // Present but excluded by .dockerignore: copy-ignored-file reports it.
        if (bc.dockerignore?.excludes(path)) continue;
        context.report({
          node,
          range: arg.range,
          messageId: 'missing',
          data: { cmd: node.keyword, path, dir: bc.dir },
        });
      }
    };
    return { COPY: check, ADD: check };
  },
});
