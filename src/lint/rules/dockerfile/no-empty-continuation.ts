import type { TextEdit } from '../../../core/diagnostic.js';
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'no-empty-continuation',
  meta: {
    description:
      'Remove empty lines inside a `\\` continuation; they are deprecated and will become an error',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      empty:
        'Empty continuation line{{s}} ({{lines}}) inside this {{keyword}}; empty lines after a line continuation are deprecated and will become errors',
    },
    sources: ['buildkit:NoEmptyContinuation'],
    spec: '03-dockerfile-fundamentals: RUN Instruction Consolidation (multi-line RUN with `\\` continuations)',
  },
  create(context) {
    const { source } = context.ast;
    const text = source.text;
    return {
      instruction(node) {
        const empty = node.emptyContinuationLines;
        if (empty.length === 0) return;
        const lines = empty.map((r) => source.positionAt(r.start).line);
        // Like BuildKit, report where the logical line ends (the line it names), not on the blank line itself.
        const end = node.line.toSource(node.line.text.length, true);
        const lineStart = source.offsetAt({ line: source.positionAt(end).line, column: 1 });
        let start = lineStart;
        while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
        const fix: TextEdit[] = empty.map((r) => {
          const nl = text.startsWith('\r\n', r.end)
            ? 2
            : text[r.end] === '\n' || text[r.end] === '\r'
              ? 1
              : 0;
          // Delete the whole line: from its start (the range may begin after indentation) through its newline.
          const from = source.offsetAt({ line: source.positionAt(r.start).line, column: 1 });
          return { range: { start: from, end: r.end + nl }, text: '' };
        });
        context.report({
          node,
          range: { start, end },
          messageId: 'empty',
          data: {
            s: lines.length > 1 ? 's' : '',
            lines: lines.map((l) => `line ${l}`).join(', '),
            keyword: node.keyword,
          },
          fix,
        });
      },
    };
  },
});
