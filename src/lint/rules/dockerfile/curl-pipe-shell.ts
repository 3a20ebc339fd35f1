import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, SHELL_NAMES } from '../support/security-shell.js';

const INTERPRETERS = ['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php'];

/** curl/wget writing the download to stdout. */
function downloadsToStdout(cmd: ShellCommand): boolean {
  if (cmd.is('curl')) {
    const out = cmd.findOptions(['-o', '--output', '-O', '--remote-name', '--remote-name-all']);
    return out.length === 0 || out.every((o) => o.value === '-');
  }
  if (cmd.is('wget')) return cmd.flagValues('-O', '--output-document').some((v) => v === '-');
  return false;
}

/** The command runs its standard input as a program: `sh`, `bash -s -- x`, `python3 -`, `sudo -E bash -`. */
function runsStdin(cmd: ShellCommand): boolean {
  const shell = cmd.is(SHELL_NAMES);
  if (!shell && !cmd.is(INTERPRETERS)) return false;
  if (shell && cmd.hasFlag('-s')) return true;
  if (cmd.hasFlag('-c', '-e', '-m', '-p', '-r', '--eval', '--print')) return false;
  const pos = cmd.positionalArgs();
  return pos.length === 0 || pos[0]?.value === '-';
}

/** The command runs a string or file it is given as a program: `sh -c "$(curl …)"`, `eval`, `bash <(curl …)`, `. <(…)`. */
function runsArgument(cmd: ShellCommand): boolean {
  if (cmd.is(['eval', 'source', '.'])) return true;
  return cmd.is(SHELL_NAMES) || cmd.is(INTERPRETERS);
}

export default defineRule({
  name: 'curl-pipe-shell',
  meta: {
    description:
      'Piping a download straight into a shell runs whatever the server sends; download, verify a checksum, then run',
    type: 'problem',
    severity: 'warning',
    profile: 'production',
    messages: {
      pipe: '`{{tool}} … | {{shell}}` runs a downloaded script without verifying it',
      substitution: '`{{shell}}` runs the output of `{{tool}}` without verifying it',
    },
    spec: '04-images-registry-security: 3. Container Security - Supply chain security',
  },
  create(context) {
    const hint =
      'Download to a file, check it (`echo "<sha256>  install.sh" | sha256sum -c -`), then run it; or use `ADD --checksum=sha256:… <url> /tmp/install.sh`.';
    return {
      RUN(node) {
        const found = commandsOf(context, node);
        for (const { cmd, script } of found) {
          if (!downloadsToStdout(cmd)) continue;
          const tool = cmd.program ?? 'curl';
          if (cmd.origin === 'substitution' || cmd.origin === 'process-substitution') {
            const owner = [...cmd.ancestors].reverse().find((n) => n.type === 'SimpleCommand');
            const runner = found.find((f) => f.cmd.node === owner)?.cmd;
            if (runner && runsArgument(runner)) {
              context.report({
                node,
                range: runner.sourceRange,
                messageId: 'substitution',
                data: { tool, shell: runner.program ?? 'sh' },
                hint,
              });
            }
            continue;
          }
          const commands = cmd.pipeline.commands;
          const index = commands.indexOf(cmd.node);
          if (index < 0) continue;
          for (const later of commands.slice(index + 1)) {
            const runner = found.find((f) => f.cmd.node === later && f.script === script)?.cmd;
            if (!runner || !runsStdin(runner)) continue;
            const start = cmd.sourceRange.start;
            context.report({
              node,
              range: { start, end: runner.sourceRange.end },
              messageId: 'pipe',
              data: { tool, shell: runner.program ?? 'sh' },
              hint,
            });
            break;
          }
        }
      },
    };
  },
});
