import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandHeadRange, type RunCommand, runCommands } from '../support/pkg-shell.js';

const RPM = ['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf'];

/** Commands that only refresh the package index. */
function refreshes(cmd: ShellCommand): string | undefined {
  if (cmd.is(['apt-get', 'apt', 'aptitude'], 'update')) return `${cmd.program} update`;
  if (cmd.is('apk', 'update')) return 'apk update';
  if (cmd.is(RPM, 'makecache')) return `${cmd.program} makecache`;
  if (cmd.is('zypper', ['refresh', 'ref'])) return `zypper ${cmd.subcommand()}`;
  return undefined;
}

/** Commands that use the refreshed index (install, upgrade, or anything we cannot see into). */
function consumes(cmd: ShellCommand): boolean {
  if (
    cmd.is(
      ['apt-get', 'apt', 'aptitude'],
      [
        'install',
        'reinstall',
        'build-dep',
        'source',
        'download',
        'upgrade',
        'dist-upgrade',
        'full-upgrade',
        'satisfy',
      ],
    )
  )
    return true;
  if (cmd.is('apt-cache') || cmd.is('apt-get', 'changelog')) return true;
  if (cmd.is('apk', ['add', 'upgrade', 'fetch', 'search', 'info', 'policy', 'fix'])) return true;
  if (
    cmd.is(RPM, [
      'install',
      'groupinstall',
      'localinstall',
      'reinstall',
      'update',
      'upgrade',
      'distro-sync',
      'downgrade',
      'builddep',
      'download',
      'group',
      'module',
      'search',
      'info',
      'list',
      'repoquery',
      'check-update',
    ])
  )
    return true;
  if (
    cmd.is('zypper', [
      'install',
      'in',
      'update',
      'up',
      'dist-upgrade',
      'dup',
      'patch',
      'source-install',
      'si',
      'search',
      'se',
      'info',
      'if',
      'download',
    ])
  )
    return true;
  // Helper scripts and tools that install through the package manager: `./install.sh`, `bash setup.sh`,
  // `install_packages`, `add-apt-repository`, `docker-php-ext-install`, `apt-install`…
  const name = cmd.name ?? '';
  if (
    name.includes('/') ||
    name.endsWith('.sh') ||
    /install|packages/i.test(name) ||
    name === 'add-apt-repository'
  )
    return true;
  if (
    cmd.is(['sh', 'bash', 'dash', 'ash', 'source', '.']) &&
    !cmd.hasFlag('-c') &&
    cmd.positionalArgs().length > 0
  )
    return true;
  return false;
}

export default defineRule({
  name: 'package-update-alone',
  meta: {
    description:
      'A package index refresh (`apt-get update`, `apk update`, `yum makecache`…) in a RUN that installs nothing goes stale in the build cache; update and install in one RUN',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      alone:
        '`{{command}}` without an install in the same RUN: the cached layer keeps an old index and a later install can fail or get old packages; run it in the RUN that installs',
    },
    sources: ['trivy:DS-0017', 'checkov:CKV_DOCKER_5'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` to reduce layers and clean up in the same layer',
  },
  create(context) {
    return {
      RUN(node) {
        const commands = runCommands(context, node);
        const updates: { rc: RunCommand; command: string }[] = [];
        for (const rc of commands) {
          const command = refreshes(rc.cmd);
          if (command) updates.push({ rc, command });
        }
        if (updates.length === 0 || commands.some((rc) => consumes(rc.cmd))) return;
        for (const { rc, command } of updates) {
          context.report({ node, range: commandHeadRange(rc), messageId: 'alone', data: { command } });
        }
      },
    };
  },
});
