import { defineRule } from '../../engine/rule.js';
import { commandsOf, externalBase, installedPackages, lineageInstructions } from '../support/ops-util.js';

export default defineRule({
  name: 'wget-progress',
  meta: {
    description: 'wget without `--progress=dot:giga`, `-q` or `-nv` floods the build log with a progress bar',
    type: 'style',
    severity: 'info',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      progress:
        'wget prints a progress bar line per few KB into the build log; add --progress=dot:giga (or -nv / -q)',
    },
    sources: ['hadolint:DL3047'],
    spec: '05-writing-dockerfiles-plan: readable, reproducible build output',
  },
  create(context) {
    return {
      RUN(node, stage) {
        for (const { cmd, script } of commandsOf(context, node)) {
          if (!cmd.is('wget') || !cmd.nameWord) continue;
          if (
            cmd.hasFlag(
              '-q',
              '--quiet',
              '-nv',
              '--no-verbose',
              '--progress',
              '-o',
              '--output-file',
              '-a',
              '--append-output',
            )
          ) {
            continue;
          }
          if (cmd.args.some((w) => w.value === '--help' || w.value === '--version' || w.value === '-V'))
            continue;
          // BusyBox wget (Alpine) rejects --progress=dot:giga: only fix where wget is known to be GNU wget.
          let gnu = false;
          if (stage) {
            const base = externalBase(stage);
            const busybox =
              !base ||
              base.scratch ||
              /alpine|busybox|wolfi|chainguard|distroless/.test(`${base.name}:${base.tag}`);
            const installsWget = lineageInstructions(stage).some(
              (i) =>
                i.keyword === 'RUN' &&
                i.range.start < node.range.start &&
                commandsOf(context, i).some(({ cmd: c }) =>
                  installedPackages(c).some((p) => p.name === 'wget'),
                ),
            );
            gnu = !busybox || installsWget;
          }
          const at = script.sourceRange(cmd.nameWord.range).end;
          context.report({
            node,
            range: script.sourceRange(cmd.nameWord.range),
            messageId: 'progress',
            ...(gnu && cmd.origin === 'script'
              ? { fix: { range: { start: at, end: at }, text: ' --progress=dot:giga' } }
              : {}),
          });
        }
      },
    };
  },
});
