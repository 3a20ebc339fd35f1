import type { Range } from '../../../core/source.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf } from '../support/ops-util.js';

export default defineRule({
  name: 'curl-and-wget',
  meta: {
    description: 'A stage uses both curl and wget; pick one download tool to keep the image smaller',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    messages: {
      both: '{{tool}} is used here but {{other}} is already used at line {{line}} in this stage; use one download tool',
    },
    sources: ['hadolint:DL4001', 'trivy:DS-0014'],
    spec: '05-writing-dockerfiles-plan: minimal packages in the image',
  },
  create(context) {
    return {
      stageExit(stage) {
        const first = new Map<string, { ins: Instruction; range: Range }>();
        for (const ins of stage.instructions) {
          if (ins.keyword !== 'RUN') continue;
          for (const { cmd } of commandsOf(context, ins)) {
            const tool = cmd.program;
            if ((tool === 'curl' || tool === 'wget') && !first.has(tool))
              first.set(tool, { ins, range: cmd.sourceRange });
          }
        }
        const curl = first.get('curl');
        const wget = first.get('wget');
        if (!curl || !wget) return;
        const [earlier, later, laterTool, earlierTool] =
          curl.range.start < wget.range.start ? [curl, wget, 'wget', 'curl'] : [wget, curl, 'curl', 'wget'];
        context.report({
          node: later.ins,
          range: later.range,
          messageId: 'both',
          data: {
            tool: laterTool,
            other: earlierTool,
            line: context.ast.source.positionAt(earlier.range.start).line,
          },
        });
      },
    };
  },
});
