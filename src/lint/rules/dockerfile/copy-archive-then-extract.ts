import type { CopyInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, expandSource, hasArchiveExtension } from '../support/ops-util.js';

function basename(p: string): string {
  const parts = p.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? p;
}

/** `tar -xzf f`, `tar xf f`, `tar --extract -f f`. */
function isTarExtract(cmd: ReturnType<typeof commandsOf>[number]['cmd']): boolean {
  if (!cmd.is(['tar', 'bsdtar', 'gtar'])) return false;
  if (cmd.hasFlag('-x', '--extract', '--get')) return true;
  // Old-style first argument without a dash: `tar xzf file`.
  const first = cmd.args[0]?.value;
  return first !== undefined && /^[a-wyzA-Z]*x[a-zA-Z]*$/.test(first) && !first.startsWith('-');
}

export default defineRule({
  name: 'copy-archive-then-extract',
  meta: {
    description:
      'An archive COPYed into the image and then extracted with tar keeps the archive in a layer; let ADD extract it or bind-mount it',
    type: 'suggestion',
    severity: 'info',
    profile: 'dev',
    messages: {
      extracted:
        '{{archive}} is copied and then extracted by tar at line {{line}}: use ADD (extracts in one step) or RUN --mount=type=bind to keep the archive out of the image',
    },
    sources: ['hadolint:DL3010'],
    spec: '05-writing-dockerfiles-plan: minimize layers and image size',
  },
  create(context) {
    return {
      stageExit(stage) {
        const copies: { ins: CopyInstruction; names: Set<string>; archive: string; index: number }[] = [];
        stage.instructions.forEach((ins, index) => {
          if (ins.keyword === 'COPY' && !ins.from && ins.destination) {
            for (const src of ins.sources) {
              if (src.heredoc) continue;
              const value = expandSource(context.model, ins, src);
              if (!value || !hasArchiveExtension(value) || value.includes('*')) continue;
              const dest = expandSource(context.model, ins, ins.destination) ?? ins.destination.value;
              const names = new Set([basename(value)]);
              if (!dest.endsWith('/') && ins.sources.length === 1) names.add(basename(dest));
              copies.push({ ins, names, archive: basename(value), index });
            }
            return;
          }
          if (ins.keyword !== 'RUN') return;
          for (const { cmd } of commandsOf(context, ins)) {
            if (!isTarExtract(cmd)) continue;
            const words = cmd.args.map((w) => w.value).filter((v): v is string => v !== undefined);
            for (const c of copies) {
              if (c.index >= index) continue;
              if (!words.some((w) => c.names.has(basename(w)))) continue;
              const src =
                c.ins.sources.find((s) => !s.heredoc && s.value.endsWith(c.archive)) ?? c.ins.sources[0]!;
              context.report({
                node: c.ins,
                range: src.range,
                messageId: 'extracted',
                data: { archive: c.archive, line: context.ast.source.positionAt(cmd.sourceRange.start).line },
              });
              copies.splice(copies.indexOf(c), 1);
              break;
            }
          }
        });
      },
    };
  },
});
