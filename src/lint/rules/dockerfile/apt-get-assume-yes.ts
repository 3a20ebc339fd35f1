import { defineRule } from '../../engine/rule.js';
import {
  commandHeadRange,
  findInRun,
  insertAfter,
  type RunCommand,
  StageMarks,
} from '../support/pkg-shell.js';

/** Subcommands that may ask for confirmation. */
const PROMPTING = [
  'install',
  'reinstall',
  'remove',
  'purge',
  'autoremove',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'build-dep',
];

/** `-y`, `--yes`, `--assume-yes`, `-qq` / `-q=2` (quiet level 2 implies yes), `-o APT::Get::Assume-Yes=true`. */
export function assumesYes(rc: RunCommand): boolean {
  const { cmd } = rc;
  if (cmd.hasFlag('-y', '--yes', '--assume-yes')) return true;
  // Simulations never prompt.
  if (cmd.hasFlag('-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act')) return true;
  const quiet = cmd.options().filter((o) => o.name === '-q' || o.name === '--quiet');
  if (quiet.length >= 2) return true;
  if (cmd.args.some((w) => /^(?:-q|--quiet)=2$/.test(w.value ?? ''))) return true;
  if (cmd.flagValues('-o', '--option').some((v) => /^APT::Get::Assume-Yes=(?:1|true|yes)$/i.test(v)))
    return true;
  // `yes | apt-get install …`
  const i = cmd.pipeline.commands.indexOf(cmd.node);
  return (
    i > 0 &&
    cmd.pipeline.commands.slice(0, i).some((c) => c.type === 'SimpleCommand' && c.words[0]?.value === 'yes')
  );
}

export default defineRule({
  name: 'apt-get-assume-yes',
  meta: {
    description:
      'apt-get install/remove/upgrade without `-y` stops at the confirmation prompt and fails the build; add `-y`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      missing:
        '`{{command}}` without `-y`: a build has no terminal to answer the prompt, so apt-get aborts; add `-y`',
    },
    sources: ['hadolint:DL3014', 'trivy:DS-0021'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` (apt-get install -y --no-install-recommends)',
  },
  create(context) {
    // `APT::Get::Assume-Yes` written to apt.conf.d by an earlier instruction makes every later call non-interactive.
    const configured = new StageMarks();
    return {
      RUN(node, stage) {
        for (const rc of findInRun(context, node, ['apt-get', 'apt'], PROMPTING)) {
          if (configured.has(stage) || assumesYes(rc)) continue;
          const sub = rc.cmd.positionalArgs()[0];
          if (!sub) continue;
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'missing',
            data: { command: `${rc.cmd.program} ${sub.value}` },
            fix: insertAfter(rc, sub, ' -y'),
          });
        }
        if (/APT::Get::Assume-Yes/i.test(node.line.text)) configured.mark(stage);
      },
    };
  },
});
