import { defineRule } from '../../engine/rule.js';
import { commandsOf, wordRange } from '../support/security-shell.js';

/** hadolint DL3001's list. */
const POINTLESS: ReadonlyMap<string, string> = new Map([
  ['ssh', 'there is no remote host to log in to during a build; use RUN --mount=type=ssh for git over SSH'],
  ['vim', 'nobody can type into an editor during a build; write files with COPY or a heredoc'],
  ['shutdown', 'a build step cannot shut a machine down'],
  ['service', 'services started in a RUN stop when the step ends; start them from ENTRYPOINT/CMD'],
  ['ps', 'the build container only runs this step'],
  ['free', 'the build host memory says nothing about where the image runs'],
  ['top', 'an interactive monitor never ends in a build'],
  ['kill', 'nothing else runs in the build container'],
  ['mount', 'mounts made in a RUN vanish with it; use RUN --mount'],
]);

export default defineRule({
  name: 'pointless-commands',
  meta: {
    description:
      'Interactive or system commands (ssh, vim, service, ps, top, kill, mount, free, shutdown) make no sense in a build step',
    type: 'suggestion',
    severity: 'info',
    profile: 'dev',
    messages: {
      pointless: '`{{name}}` in RUN: {{why}}',
    },
    sources: ['hadolint:DL3001'],
    spec: '03-dockerfile-fundamentals: RUN Instruction Consolidation',
  },
  create(context) {
    return {
      RUN(node) {
        const found = commandsOf(context, node);
        // `server & … ; kill $!` in one RUN is a legitimate pattern (seed a database, warm a cache).
        const background = found.some(
          ({ cmd }) => cmd.statement.terminator?.op === '&' || cmd.operatorAfter?.op === '&',
        );
        for (const { cmd, script } of found) {
          const name = cmd.program;
          if (!name || !cmd.nameWord) continue;
          const why = POINTLESS.get(name);
          if (!why) continue;
          if (background && (name === 'kill' || name === 'ps')) continue;
          context.report({
            node,
            range: wordRange(script, cmd.nameWord),
            messageId: 'pointless',
            data: { name, why },
          });
        }
      },
    };
  },
});
