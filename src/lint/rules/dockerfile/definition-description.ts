import type { Comment, Instruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'definition-description',
  meta: {
    description:
      'A comment directly above a named stage or an ARG documents it, and must start with that name (`# version the release to build`)',
    type: 'style',
    severity: 'info',
    profile: false,
    messages: {
      mismatch: 'The comment above this {{what}} should start with its name, e.g. `# {{name}} <description>`',
    },
    sources: ['buildkit:InvalidDefinitionDescription'],
    spec: '05-writing-dockerfiles-plan: document build arguments and stages',
  },
  create(context) {
    const byLine = new Map<number, Comment>();
    for (const comment of context.ast.comments)
      byLine.set(context.ast.source.positionAt(comment.range.start).line, comment);

    /** The last non-empty line of the comment block touching the instruction (no blank line between). */
    function description(node: Instruction): string | undefined {
      let text: string | undefined;
      for (let line = node.startLine - 1; byLine.has(line); line--) {
        const trimmed = byLine.get(line)!.text.trim();
        if (trimmed && text === undefined) text = trimmed;
      }
      return text;
    }

    function check(node: Instruction, what: string, names: readonly string[]) {
      const text = description(node);
      if (text === undefined || names.length === 0) return;
      const first = text.split(/\s+/)[0]!;
      if (names.includes(first)) return;
      context.report({
        node,
        range: node.keywordRange,
        messageId: 'mismatch',
        data: { what, name: names[0]! },
      });
    }

    return {
      FROM(node) {
        if (node.stageName) check(node, 'stage', [node.stageName.value]);
      },
      ARG(node) {
        check(
          node,
          'ARG',
          node.declarations.map((d) => d.name),
        );
      },
    };
  },
});
