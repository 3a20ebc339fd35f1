import { defineRule } from '../../engine/rule.js';
import { commandHeadRange, findInRun, srcRange } from '../support/pkg-shell.js';

/** `apt <sub>` → the stable tool that has the same subcommand. */
const REPLACEMENT: Record<string, string> = {
  install: 'apt-get',
  reinstall: 'apt-get',
  remove: 'apt-get',
  purge: 'apt-get',
  autoremove: 'apt-get',
  update: 'apt-get',
  upgrade: 'apt-get',
  'dist-upgrade': 'apt-get',
  clean: 'apt-get',
  autoclean: 'apt-get',
  'dist-clean': 'apt-get',
  source: 'apt-get',
  'build-dep': 'apt-get',
  download: 'apt-get',
  satisfy: 'apt-get',
  search: 'apt-cache',
  show: 'apt-cache',
  showsrc: 'apt-cache',
  policy: 'apt-cache',
  depends: 'apt-cache',
  rdepends: 'apt-cache',
};

export default defineRule({
  name: 'use-apt-get',
  meta: {
    description:
      '`apt` is meant for humans and has no stable command-line interface; use `apt-get` or `apt-cache` in scripts',
    type: 'suggestion',
    severity: 'warning',
    profile: 'dev',
    fixable: 'unsafe',
    messages: {
      useAptGet: '`apt {{sub}}` in a script: use `{{tool}} {{sub}}` (apt warns that its CLI is not stable)',
      useAptGetGeneric:
        '`apt` in a script: use `apt-get` or `apt-cache` (apt warns that its CLI is not stable)',
    },
    sources: ['hadolint:DL3027', 'checkov:CKV_DOCKER_9'],
    spec: '03-dockerfile-fundamentals: Combine related commands in a single `RUN` (apt-get install -y --no-install-recommends)',
  },
  create(context) {
    return {
      RUN(node) {
        for (const rc of findInRun(context, node, 'apt')) {
          const nameWord = rc.cmd.nameWord;
          if (!nameWord || rc.cmd.program !== 'apt') continue;
          const sub = rc.cmd.subcommand();
          const tool = sub === undefined ? undefined : REPLACEMENT[sub];
          if (!tool || sub === undefined) {
            context.report({ node, range: srcRange(rc, nameWord), messageId: 'useAptGetGeneric' });
            continue;
          }
          const name = srcRange(rc, nameWord);
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'useAptGet',
            data: { sub, tool },
            // Replace only the basename: `/usr/bin/apt` → `/usr/bin/apt-get`.
            fix: { range: { start: name.end - 3, end: name.end }, text: tool },
          });
        }
      },
    };
  },
});
