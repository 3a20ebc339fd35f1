// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile variables are written as ${NAME}
import type { Range } from '../../../core/index.js';
import { closestMatch } from '../../../core/suggest.js';
import type { Arg, Instruction } from '../../../parse/dockerfile/ast.js';
import { PLATFORM_ARGS, type Stage } from '../../../parse/dockerfile/model.js';
import { defineRule } from '../../engine/rule.js';
import { locateVariables, rootStage, stageBaseInfo } from '../support/images-base.js';
import { knownImageEnv } from '../support/images-env.js';

interface Word {
  readonly word: string;
  readonly range: Range;
}

/** What the base image contributes to the environment: nothing (scratch), known names, or unknown. */
type BaseEnv =
  | { readonly kind: 'known'; readonly patterns: readonly RegExp[] }
  | { readonly kind: 'unknown' };

function baseEnvOf(stage: Stage): BaseEnv {
  const info = stageBaseInfo(rootStage(stage));
  if (info.kind === 'scratch') return { kind: 'known', patterns: [] };
  if (info.kind !== 'image') return { kind: 'unknown' };
  const patterns = knownImageEnv(info.normalized);
  return patterns ? { kind: 'known', patterns: [/^PATH$/, ...patterns] } : { kind: 'unknown' };
}

export default defineRule({
  name: 'undefined-var',
  meta: {
    description:
      'Variables used in COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME and ARG must be defined by an ARG or ENV before use',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      undefined:
        '`${{name}}` is not defined by an ARG or ENV in this stage{{base}}, so it expands to an empty string',
      undefinedSuggest:
        '`${{name}}` is not defined by an ARG or ENV in this stage{{base}}, so it expands to an empty string (did you mean `${{suggestion}}`?)',
      platformArg:
        '`${{name}}` is only set in a stage after `ARG {{name}}`; add that line to the stage, or it expands to an empty string',
    },
    sources: ['buildkit:UndefinedVar'],
    spec: '03-dockerfile-fundamentals: ARG for build-time variables, ENV for runtime configuration',
  },
  create(context) {
    const source = context.ast.source;
    const escapeToken = context.ast.escapeToken;
    const baseEnvCache = new Map<Stage, BaseEnv>();

    const fromArgs = (args: readonly (Arg | undefined)[]): Word[] =>
      args
        .filter((a): a is Arg => a !== undefined && !a.heredoc)
        .map((a) => ({ word: a.raw, range: a.range }));

    const wordsOf = (node: Instruction): { words: Word[]; sameEnv: Set<string>[] } => {
      const words: Word[] = [];
      const sameEnv: Set<string>[] = [];
      switch (node.keyword) {
        case 'COPY':
        case 'ADD':
          words.push(...fromArgs([...node.sources, node.destination]));
          for (const f of [node.chown, node.chmod]) {
            if (f?.valueRange) words.push({ word: source.slice(f.valueRange), range: f.valueRange });
          }
          break;
        case 'ENV':
        case 'LABEL': {
          const earlier = new Set<string>();
          for (const p of node.pairs) {
            words.push({ word: source.slice(p.keyRange), range: p.keyRange });
            sameEnv.push(new Set(earlier));
            words.push({ word: p.value, range: p.valueRange });
            sameEnv.push(new Set(earlier));
            if (node.keyword === 'ENV') earlier.add(p.key);
          }
          break;
        }
        case 'ARG':
          for (const d of node.declarations) {
            if (d.defaultValue !== undefined && d.defaultRange)
              words.push({ word: d.defaultValue, range: d.defaultRange });
          }
          break;
        case 'EXPOSE':
        case 'VOLUME':
        case 'USER':
        case 'WORKDIR':
        case 'STOPSIGNAL':
          words.push(...fromArgs(node.args));
          break;
        default:
          break;
      }
      return { words, sameEnv };
    };

    return {
      instruction(node, stage) {
        if (!stage || node.keyword === 'FROM') return;
        const { words, sameEnv } = wordsOf(node);
        if (!words.some((w) => w.word.includes('$'))) return;
        const scope = context.model.scopeAt(node);
        let baseEnv = baseEnvCache.get(stage);
        if (!baseEnv) {
          baseEnv = baseEnvOf(stage);
          baseEnvCache.set(stage, baseEnv);
        }
        const candidates = [...scope.env.keys(), ...scope.args.keys()];
        const reported = new Set<string>();
        words.forEach((w, i) => {
          if (!w.word.includes('$')) return;
          const result = context.model.expand(node, w.word);
          if ('error' in result) return;
          const unmatched = new Set(result.unmatched);
          for (const v of locateVariables(source, w.range, w.word, escapeToken)) {
            const name = v.name;
            if (!unmatched.has(name) || reported.has(name) || scope.args.has(name)) continue;
            // `${X:-default}`, `${X+alt}`, `${X:?msg}` test whether X is set: unset is expected there.
            if (v.modifier !== undefined && /^:?[-+?]$/.test(v.modifier)) continue;
            // `ENV A=1 B=$A` is env-self-reference's finding.
            if (sameEnv[i]?.has(name)) continue;
            if (PLATFORM_ARGS.includes(name)) {
              reported.add(name);
              context.report({ node, range: v.range, messageId: 'platformArg', data: { name } });
              continue;
            }
            const suggestion = closestMatch(name, candidates);
            if (baseEnv.kind === 'known' && baseEnv.patterns.some((p) => p.test(name))) continue;
            // A custom base image may set any variable: only a near-miss of a defined name is reported then.
            if (baseEnv.kind === 'unknown' && !suggestion) continue;
            reported.add(name);
            const base =
              baseEnv.kind === 'unknown' ? ' (nor, probably, by the base image)' : ' or its base image';
            context.report({
              node,
              range: v.range,
              messageId: suggestion ? 'undefinedSuggest' : 'undefined',
              data: suggestion ? { name, suggestion, base } : { name, base },
            });
          }
        });
      },
    };
  },
});
