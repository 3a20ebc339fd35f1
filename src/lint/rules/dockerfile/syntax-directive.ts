import type { Range } from '../../../core/source.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';

const COPY_BUILDKIT_FLAGS = new Set([
  'link',
  'parents',
  'exclude',
  'chmod',
  'checksum',
  'keep-git-dir',
  'unpack',
]);

/** The first BuildKit-only feature of an instruction (ONBUILD triggers included). */
function feature(ins: Instruction): { what: string; range: Range } | undefined {
  if (ins.heredocs.length) return { what: 'heredocs', range: ins.heredocs[0]!.range };
  if (ins.keyword === 'RUN' && ins.flags.length) {
    const f = ins.flags[0]!;
    return { what: `RUN --${f.name}`, range: f.range };
  }
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const f = ins.flags.find((x) => COPY_BUILDKIT_FLAGS.has(x.name.toLowerCase()));
    if (f) return { what: `${ins.keyword} --${f.name}`, range: f.range };
  }
  if (ins.keyword === 'ONBUILD' && ins.trigger) return feature(ins.trigger);
  return undefined;
}

export default defineRule({
  name: 'syntax-directive',
  meta: {
    description:
      'BuildKit-only features (heredocs, RUN --mount, COPY --link/--chmod/--parents/--exclude, # check=) need a `# syntax=docker/dockerfile:1` directive to build on older builders',
    type: 'suggestion',
    severity: 'info',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      missing:
        '{{what}} needs a recent Dockerfile frontend; add `# syntax=docker/dockerfile:1` as the first line so older Docker engines fetch one instead of failing',
    },
    spec: '05-writing-dockerfiles-plan: # syntax=docker/dockerfile:1',
  },
  create(context) {
    return {
      fileExit() {
        const ast = context.ast;
        if (ast.directives.some((d) => d.name === 'syntax')) return;
        let found: { what: string; range: Range } | undefined;
        const check = ast.directives.find((d) => d.name === 'check');
        if (check) found = { what: 'the `# check=` directive', range: check.range };
        for (const ins of ast.instructions) {
          if (found) break;
          found = feature(ins);
        }
        if (!found) return;
        context.report({
          range: found.range,
          messageId: 'missing',
          data: { what: found.what },
          fix: { range: { start: 0, end: 0 }, text: '# syntax=docker/dockerfile:1\n' },
        });
      },
    };
  },
});
