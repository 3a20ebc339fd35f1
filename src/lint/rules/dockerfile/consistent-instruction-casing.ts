import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'consistent-instruction-casing',
  meta: {
    description:
      'Write every instruction keyword in the same case as the majority of the file (all upper or all lower)',
    type: 'style',
    severity: 'style',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      mixed:
        "Instruction '{{keyword}}' mixes cases; write it {{casing}} like the rest of the file ({{expected}})",
      majority:
        "Instruction '{{keyword}}' should match the file's majority casing ({{casing}}: {{expected}})",
    },
    sources: ['buildkit:ConsistentInstructionCasing'],
    spec: '03-dockerfile-fundamentals: Dockerfile instructions written consistently (uppercase by convention)',
  },
  create(context) {
    return {
      fileExit() {
        // As BuildKit: count top-level instructions written all-lower vs all-upper; ties go to uppercase.
        const list = context.ast.instructions.filter((i) => i.keyword !== 'UNKNOWN');
        let lower = 0;
        let upper = 0;
        for (const i of list) {
          if (i.keywordText === i.keywordText.toLowerCase()) lower++;
          else if (i.keywordText === i.keywordText.toUpperCase()) upper++;
        }
        const majorityLower = lower > upper;
        const casing = majorityLower ? 'lowercase' : 'uppercase';
        const targets = list.flatMap((i) =>
          i.keyword === 'ONBUILD' && i.trigger && i.trigger.keyword !== 'UNKNOWN' ? [i, i.trigger] : [i],
        );
        for (const node of targets) {
          const text = node.keywordText;
          const expected = majorityLower ? text.toLowerCase() : text.toUpperCase();
          if (text === expected) continue;
          const isMixed = text !== text.toLowerCase() && text !== text.toUpperCase();
          context.report({
            node,
            range: node.keywordRange,
            messageId: isMixed ? 'mixed' : 'majority',
            data: { keyword: text, casing, expected },
            fix: { range: node.keywordRange, text: expected },
          });
        }
      },
    };
  },
});
