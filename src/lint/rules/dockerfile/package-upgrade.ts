import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandHeadRange, operands, runCommands } from '../support/pkg-shell.js';

/** A whole-system upgrade: the command as written, or undefined. Targeted upgrades of named packages are fine. */
function systemUpgrade(cmd: ShellCommand): string | undefined {
  const sub = cmd.subcommand();
  const name = `${cmd.program} ${sub}`;
  if (cmd.is(['apt-get', 'apt', 'aptitude'], ['dist-upgrade', 'full-upgrade'])) return name;
  if (cmd.is(['apt-get', 'apt', 'aptitude'], ['upgrade', 'safe-upgrade']))
    return operands(cmd).length ? undefined : name;
  if (cmd.is('apk', 'upgrade')) return operands(cmd).length ? undefined : name;
  if (
    cmd.is(
      ['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf'],
      ['update', 'upgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal'],
    )
  ) {
    return operands(cmd).length ? undefined : name;
  }
  if (cmd.is('zypper', ['dist-upgrade', 'dup'])) return name;
  if (cmd.is('zypper', ['update', 'up', 'patch'])) return operands(cmd).length ? undefined : name;
  return undefined;
}

export default defineRule({
  name: 'package-upgrade',
  meta: {
    description:
      'Upgrading every package in a RUN makes the image depend on the day it was built; rebuild from a newer base image instead',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      upgrade:
        '`{{command}}` upgrades the whole base image at build time: the result depends on the build date and bloats a layer; pull a newer base tag (or digest) instead',
    },
    sources: ['hadolint:DL3035', 'trivy:DS-0024'],
    spec: '05-writing-dockerfiles-plan: Regular image rebuilds with security updates',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of runCommands(context, node)) {
          const command = systemUpgrade(rc.cmd);
          if (command)
            context.report({ node, range: commandHeadRange(rc), messageId: 'upgrade', data: { command } });
        }
      },
    };
  },
});
