import type { AddInstruction, CopyInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { findInContext, localSources } from '../support/ops-context.js';

/** `.env`, `.env.local`, `.env.production` — but not the committed templates. */
function isEnvFile(name: string): boolean {
  return /^\.env(\..+)?$/.test(name) && !/\.(example|sample|template|dist|defaults)$/.test(name);
}

export default defineRule({
  name: 'dockerignore-missing',
  meta: {
    description:
      'COPY/ADD of the whole build context needs a `.dockerignore` that excludes `.git`, `.env` files, `node_modules` and `__pycache__`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      missing:
        'The whole build context is copied but there is no .dockerignore: .git, local .env files and dependency folders end up in the image',
      notExcluded: 'The whole build context is copied and {{file}} does not exclude {{paths}}',
    },
    spec: '02-production-self-check: `.dockerignore` exists and excludes `.git`, `node_modules`, `.env`, `__pycache__`, etc.',
  },
  create(context) {
    let done = false;
    const check = (node: CopyInstruction | AddInstruction): void => {
      const bc = context.buildContext;
      if (done || !bc) return;
      const whole = localSources(context.model, node).find((s) => s.path === '.' || s.path === '*');
      if (!whole) return;
      done = true;
      const ignore = bc.dockerignore;
      if (!ignore) {
        context.report({ node, range: whole.arg.range, messageId: 'missing' });
        return;
      }
      const candidates = [
        ...['.git', 'node_modules'].filter((p) => bc.exists(p)),
        ...findInContext(bc, (name, isDir) => (isDir ? name === '__pycache__' : isEnvFile(name)), {
          maxDepth: 4,
        }),
      ];
      const leaking = [...new Set(candidates)].filter((p) => !ignore.excludes(p));
      if (!leaking.length) return;
      const shown =
        leaking.slice(0, 5).join(', ') + (leaking.length > 5 ? ` and ${leaking.length - 5} more` : '');
      context.report({
        node,
        range: whole.arg.range,
        messageId: 'notExcluded',
        data: { file: ignore.path.split(/[\\/]/).pop() ?? '.dockerignore', paths: shown },
      });
    };
    return { COPY: check, ADD: check };
  },
});
