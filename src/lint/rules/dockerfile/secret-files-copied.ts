import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContextInfo } from '../../engine/rule.js';
import { defineRule } from '../../engine/rule.js';
import {
  CONTEXT_SECRET_FILES,
  hasLiteralRegistryToken,
  needsContentCheck,
  secretFileKind,
} from '../support/security-files.js';

function literalTokenIn(ctx: BuildContextInfo, path: string): boolean {
  try {
    return hasLiteralRegistryToken(readFileSync(join(ctx.dir, path), 'utf8'));
  } catch {
    return false;
  }
}

export default defineRule({
  name: 'secret-files-copied',
  meta: {
    description:
      'COPY/ADD of keys, .env files or credential configs puts the secret in a layer; mount it as a build secret',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      file: '`{{source}}` looks like a {{kind}}: copied files stay in the image layers even if deleted later',
      context:
        '`{{keyword}} {{source}}` sends the whole context, including {{files}}, which .dockerignore does not exclude',
    },
    spec: '02-production-self-check: No secrets in ENV, ARG, or COPY - use --mount=type=secret or runtime injection',
  },
  create(context) {
    const hint =
      'Use `RUN --mount=type=secret,id=x,target=/path …` (or `--mount=type=ssh` for SSH keys) and list the file in .dockerignore.';
    const ctx = context.buildContext;
    const check = (
      node: Parameters<typeof context.report>[0]['node'] & object,
      keyword: string,
      sources: readonly { value: string; range: { start: number; end: number }; heredoc?: unknown }[],
    ): void => {
      for (const source of sources) {
        if (source.heredoc || /^(?:https?|git):\/\/|^git@/i.test(source.value)) continue;
        const value = source.value;
        if (value === '.' || value === './' || value === '*') {
          if (!ctx) continue;
          const leaked = CONTEXT_SECRET_FILES.filter(
            (f) =>
              ctx.exists(f) &&
              !ctx.dockerignore?.excludes(f) &&
              (!needsContentCheck(f) || literalTokenIn(ctx, f)),
          );
          if (leaked.length) {
            context.report({
              node,
              range: source.range,
              messageId: 'context',
              data: { keyword, source: value, files: leaked.map((f) => `\`${f}\``).join(', ') },
              hint,
            });
          }
          continue;
        }
        const kind = secretFileKind(value);
        if (!kind) continue;
        if (needsContentCheck(value) && !(ctx && !/[*?[$]/.test(value) && literalTokenIn(ctx, value)))
          continue;
        context.report({ node, range: source.range, messageId: 'file', data: { source: value, kind }, hint });
      }
    };
    return {
      COPY(node) {
        if (node.from) return; // files from another stage or image, not from the context
        check(node, 'COPY', node.sources);
      },
      ADD(node) {
        check(node, 'ADD', node.sources);
      },
    };
  },
});
