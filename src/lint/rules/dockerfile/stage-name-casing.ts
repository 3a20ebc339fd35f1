import type { TextEdit } from '../../../core/diagnostic.js';
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'stage-name-casing',
  meta: {
    description: 'Write stage names in lower case; BuildKit lower-cases them anyway',
    type: 'style',
    severity: 'style',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      notLower: 'Stage name `{{name}}` should be lower case (`{{lower}}`); stage names are case-insensitive',
    },
    sources: ['buildkit:StageNameCasing'],
    spec: '03-dockerfile-fundamentals: multi-stage builds with named stages',
  },
  create(context) {
    const source = context.ast.source;
    return {
      stageEnter(stage) {
        const word = stage.from.stageName;
        if (!word || word.value === word.value.toLowerCase()) return;
        const lower = word.value.toLowerCase();
        const edits: TextEdit[] = [];
        const rename = (range: { start: number; end: number }, raw: string): void => {
          // Only words written verbatim (no variables, quotes or continuations) are rewritten; the others
          // keep resolving, as stage references are case-insensitive.
          if (raw.includes('$') || source.slice(range) !== raw || raw.toLowerCase() !== lower) return;
          if (raw !== lower) edits.push({ range, text: lower });
        };
        if (source.slice(word.range) === word.value) edits.push({ range: word.range, text: lower });
        for (const s of context.model.stages) {
          if (s.index > stage.index && s.from.image && s.baseStage?.name === stage.name) {
            rename(s.from.image.range, s.from.image.raw);
          }
        }
        for (const r of context.model.references) {
          if (r.target.kind === 'stage' && r.target.stage.name === stage.name) rename(r.range, r.raw);
        }
        context.report({
          node: stage.from,
          range: word.range,
          messageId: 'notLower',
          data: { name: word.value, lower },
          ...(edits.length ? { fix: edits } : {}),
        });
      },
    };
  },
});
