import type { Instruction, RunInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { scriptsOf } from '../support/ops-util.js';

/** Commands the RUN runs at its own level (substitutions and `sh -c` strings not counted); undefined = not countable. */
function commandCount(context: Parameters<typeof scriptsOf>[0], run: RunInstruction): number | undefined {
  if (run.form === 'json') return 1;
  const scripts = scriptsOf(context, run);
  if (!scripts.length) return undefined;
  return scripts.reduce(
    (n, s) => n + s.commands().filter((c) => c.origin === 'script' && c.name !== undefined).length,
    0,
  );
}

function flagKey(run: RunInstruction): string {
  return run.flags
    .map((f) => f.word)
    .sort()
    .join(' ');
}

export default defineRule({
  name: 'consecutive-run',
  meta: {
    description:
      'Consecutive short RUN instructions with the same flags each add a layer; consider merging them',
    type: 'suggestion',
    severity: 'info',
    profile: 'dev',
    messages: {
      merge:
        'This RUN directly follows the RUN at line {{line}} with the same flags; consider merging them into one layer',
    },
    defaultOptions: { maxCommands: 2 },
    optionsSchema: {
      type: 'object',
      properties: { maxCommands: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    sources: ['hadolint:DL3059'],
    spec: '05-writing-dockerfiles-plan: minimize the number of layers',
  },
  create(context) {
    const max = context.options.maxCommands;
    const commentLines = new Set(
      context.ast.comments.map((c) => context.ast.source.positionAt(c.range.start).line),
    );
    return {
      stageExit(stage) {
        let prev: Instruction | undefined;
        for (const ins of stage.instructions) {
          if (ins.keyword === 'RUN' && prev?.keyword === 'RUN') {
            const a = prev as RunInstruction;
            const na = commandCount(context, a);
            const nb = commandCount(context, ins);
            let commented = false;
            for (let l = a.endLine + 1; l < ins.startLine; l++) if (commentLines.has(l)) commented = true;
            if (
              !commented &&
              na !== undefined &&
              nb !== undefined &&
              na <= max &&
              nb <= max &&
              flagKey(a) === flagKey(ins)
            ) {
              context.report({
                node: ins,
                range: ins.keywordRange,
                messageId: 'merge',
                data: { line: a.startLine },
              });
            }
          }
          prev = ins;
        }
      },
    };
  },
});
