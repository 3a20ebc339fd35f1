import type { ShellCommand } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, installedPackages, lineage } from '../support/ops-util.js';

const TOOLS = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'cpp',
  'clang',
  'make',
  'cmake',
  'ninja',
  'ninja-build',
  'meson',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'bison',
  'flex',
  'nasm',
  'yasm',
  'git',
  'golang',
  'golang-go',
  'go',
  'rustc',
  'cargo',
  'musl-dev',
  'linux-headers',
  'dpkg-dev',
]);

export function isBuildTool(name: string): boolean {
  const n = name.toLowerCase();
  return TOOLS.has(n) || /^gcc-\d+$|^g\+\+-\d+$|^clang-\d+$/.test(n) || /-dev$|-devel$/.test(n);
}

export default defineRule({
  name: 'build-tools-in-final-stage',
  meta: {
    description:
      'Compilers, -dev packages and git installed in the final stage of a multi-stage build ship in the production image; build in an earlier stage and copy the result',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      tool: '{{pkg}} is a build tool installed in the final image; install it in a build stage and COPY --from the artifacts',
    },
    spec: '02-production-self-check: Final image is slim/distroless/scratch - no build tools',
  },
  create(context) {
    return {
      fileExit() {
        const final = context.finalStage;
        if (!final || context.model.stages.length < 2) return;
        for (const stage of lineage(final)) {
          for (const ins of stage.instructions) {
            if (ins.keyword !== 'RUN') continue;
            const found = commandsOf(context, ins);
            const cmds = found.map((c) => c.cmd);
            const removed = new Set<string>();
            let aptAutoPurge = false;
            let aptMarkAuto = false;
            for (const c of cmds) {
              const pos = c.positionalArgs().map((w) => w.value ?? '');
              if (
                c.is('apk', 'del') ||
                c.is(['apt-get', 'apt'], ['purge', 'remove']) ||
                c.is(['dnf', 'yum', 'microdnf'], ['remove', 'erase']) ||
                c.is('zypper', ['remove', 'rm'])
              ) {
                for (const p of pos.slice(1)) removed.add(p);
                if (
                  c.is(['apt-get', 'apt'], ['purge', 'remove', 'autoremove']) &&
                  c.hasFlag('--auto-remove', '--autoremove')
                )
                  aptAutoPurge = true;
              }
              if (c.is(['apt-get', 'apt'], 'autoremove')) aptAutoPurge = true;
              if (c.is('apt-mark', 'auto')) aptMarkAuto = true;
            }
            const virtualRemoved = (c: ShellCommand): boolean => {
              const v = c.flagValue('-t', '--virtual');
              return v !== undefined && removed.has(v);
            };
            for (const { cmd: c, script } of found) {
              const pkgs = installedPackages(c);
              if (!pkgs.length) continue;
              if (c.is('apk') && virtualRemoved(c)) continue;
              if (aptMarkAuto && aptAutoPurge && c.is(['apt-get', 'apt'])) continue;
              for (const { word, name } of pkgs) {
                if (!isBuildTool(name) || removed.has(name) || removed.has(word.value ?? '')) continue;
                context.report({
                  node: ins,
                  range: script.sourceRange(word.range),
                  messageId: 'tool',
                  data: { pkg: name },
                });
              }
            }
          }
        }
      },
    };
  },
});
