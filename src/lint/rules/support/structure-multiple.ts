import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import type { DockerfileRuleContext, DockerfileVisitors } from '../../engine/rule.js';

/**
 * Visitors for "only the last X of a stage counts": every earlier CMD / ENTRYPOINT / HEALTHCHECK of the
 * same stage is reported (as BuildKit's MultipleInstructionsDisallowed does), pointing at the one that wins.
 */
export function reportAllButLast(
  context: DockerfileRuleContext<'multiple', Record<string, never>>,
  keyword: 'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK',
): DockerfileVisitors {
  return {
    stageExit(stage: Stage) {
      const list: Instruction[] = stage.instructions.filter((i) => i.keyword === keyword);
      const last = list.at(-1);
      if (!last) return;
      const lastLine = context.ast.source.positionAt(last.range.start).line;
      for (const node of list.slice(0, -1)) {
        context.report({
          node,
          range: node.keywordRange,
          messageId: 'multiple',
          data: { keyword, line: lastLine, stage: stage.name ?? String(stage.index) },
        });
      }
    },
  };
}
