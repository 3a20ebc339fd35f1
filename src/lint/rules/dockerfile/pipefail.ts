import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import type { ShellScript, SimpleCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { externalBase, lineage, scriptsOf } from '../support/ops-util.js';

/** Commands that cannot meaningfully fail on the left of a pipe (`yes` even breaks under pipefail: SIGPIPE). */
const HARMLESS_LEFT = new Set(['echo', 'printf', 'yes', 'true', ':']);

/** `["/bin/bash", "-o", "pipefail", "-c"]`, `["/bin/ash", "-eo", "pipefail", "-c"]`. */
export function shellArgsSetPipefail(args: readonly string[]): boolean {
  for (let i = 0; i < args.length - 1; i++) {
    if (/^-[a-zA-Z]*o$/.test(args[i]!) && args[i + 1] === 'pipefail') return true;
  }
  return false;
}

/** Is `SHELL […] -o pipefail` in effect at `ins` (SHELL is inherited from a base stage)? */
function shellHasPipefail(stage: Stage | undefined, ins: Instruction): boolean {
  if (!stage) return false;
  let result = false;
  for (const s of lineage(stage).reverse()) {
    for (const i of s.instructions) {
      if (i === ins) return result;
      if (i.keyword === 'SHELL' && i.form === 'json')
        result = shellArgsSetPipefail(i.args.map((a) => a.value));
    }
  }
  return result;
}

/** Offset (in the script) of the first `set … -o pipefail` / `set -eo pipefail`, if any. */
function setPipefailAt(script: ShellScript): number | undefined {
  for (const cmd of script.commands()) {
    if (!cmd.is('set') || cmd.origin === 'sh-c') continue;
    const words = cmd.args.map((w) => w.value ?? '');
    if (shellArgsSetPipefail(words)) return cmd.range.start;
  }
  return undefined;
}

export default defineRule({
  name: 'pipefail',
  meta: {
    description:
      'A RUN with a pipe only fails when the last command fails; set `-o pipefail` with SHELL (or `set -o pipefail`) so failures earlier in the pipe stop the build',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      noPipefail:
        'Pipe without pipefail: a failure of `{{left}}` is ignored. Add `SHELL {{shell}}` before this RUN, or start the command with `set -o pipefail &&`',
      noPipefailShebang:
        'Pipe without pipefail in a `{{interp}}` heredoc: add `set -o pipefail` at the top of the script',
    },
    sources: ['hadolint:DL4006'],
    spec: '05-writing-dockerfiles-plan: fail fast on errors in RUN',
  },
  create(context) {
    return {
      RUN(node, stage) {
        // Exec form (`RUN ["sh", "-c", "a | b"]`) bypasses SHELL, so its advice does not apply; left to ShellCheck.
        if (node.form === 'json') return;
        const viaShell = shellHasPipefail(stage, node);
        for (const script of scriptsOf(context, node)) {
          const shebang = /^#!\s*(\S+)/.exec(script.text)?.[1];
          if (viaShell && !shebang) continue;
          const setAt = setPipefailAt(script);
          for (const p of script.pipelines()) {
            if (p.node.commands.length < 2 || p.origin === 'sh-c') continue;
            if (setAt !== undefined && setAt < p.node.range.start) continue;
            const left = p.node.commands.slice(0, -1);
            const names = left.map((c) =>
              c.type === 'SimpleCommand' ? ((c as SimpleCommand).words[0]?.value ?? '') : '(compound)',
            );
            if (names.every((n) => HARMLESS_LEFT.has(n))) continue;
            const op = p.node.operators[0]!;
            if (shebang) {
              context.report({
                node,
                range: script.sourceRange(op.range),
                messageId: 'noPipefailShebang',
                data: { interp: shebang.split('/').pop() ?? shebang },
              });
            } else {
              const base = stage ? externalBase(stage) : undefined;
              const alpine = !!base && /alpine|busybox/.test(`${base.name}:${base.tag}`);
              context.report({
                node,
                range: script.sourceRange(op.range),
                messageId: 'noPipefail',
                data: {
                  left: names.find((n) => !HARMLESS_LEFT.has(n)) ?? names[0]!,
                  shell: alpine
                    ? '["/bin/ash", "-eo", "pipefail", "-c"]'
                    : '["/bin/bash", "-o", "pipefail", "-c"]',
                },
              });
            }
            return;
          }
        }
      },
    };
  },
});
