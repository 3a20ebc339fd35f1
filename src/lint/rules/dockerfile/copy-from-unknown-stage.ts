import { closestMatch } from '../../../core/suggest.js';
import { defineRule } from '../../engine/rule.js';

export default defineRule({
  name: 'copy-from-unknown-stage',
  meta: {
    description:
      '`COPY --from` / `RUN --mount from=` must name an earlier stage (or be a clear image reference)',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      later:
        "'--from={{value}}' names a stage that is only defined further down; Docker does not resolve forward references (the build fails or looks for an image of that name) — move that stage above this one",
      index:
        "'--from={{value}}': this Dockerfile has no stage {{value}} (stages are numbered from 0); the build fails",
      typo: "'--from={{value}}' is not a stage of this Dockerfile; it will be pulled as the image '{{value}}'. Did you mean stage '{{suggestion}}'?",
    },
    sources: ['hadolint:DL3022'],
    spec: '05-writing-dockerfiles-plan: multi-stage builds copy artifacts from an earlier builder stage',
  },
  create(context) {
    const { model } = context;
    return {
      fileExit() {
        for (const ref of model.references) {
          const { stage, target } = ref;
          const v = ref.value.toLowerCase();
          // Self references belong to copy-from-self.
          if (
            (stage.name !== undefined && v === stage.name) ||
            (/^\d+$/.test(v) && Number(v) === stage.index)
          )
            continue;
          const report = (messageId: 'later' | 'index' | 'typo', suggestion = '') =>
            context.report({
              node: ref.instruction,
              range: ref.range,
              messageId,
              data: { value: ref.value, suggestion },
            });
          if (target.kind === 'unresolved') {
            if (/^\d+$/.test(v)) report(Number(v) >= model.stages.length ? 'index' : 'later');
            else if (model.stages.some((s) => s.name === v)) report('later');
            // Expansion errors are reported by the variable rules.
            continue;
          }
          if (target.kind !== 'image') continue;
          // BuildKit treats anything that is not an earlier stage as an image. A bare word that is not a known
          // library image but is one typo away from a stage name is almost certainly a misspelt stage.
          if (/[/:@.]/.test(ref.value) || v.length < 4) continue;
          // A name this file also uses as a base image (`FROM node:22 AS deps` … `--from=node`) is meant as an image.
          if (model.stages.some((s) => s.base.ref?.repository.replace(/^library\//, '').toLowerCase() === v))
            continue;
          const names = model.stages
            .filter((s) => s.index < stage.index && s.name !== undefined)
            .map((s) => s.name!);
          const suggestion = closestMatch(v, names);
          if (suggestion !== undefined) report('typo', suggestion);
        }
      },
    };
  },
});
