import { defineRule } from '../../engine/rule.js';
import {
  cacheMountTargets,
  commandHeadRange,
  commandsAfter,
  envValue,
  operands,
  removesPath,
  runCommands,
  shipsInFinalImage,
} from '../support/pkg-shell.js';

const YARN_CACHES = [
  '/usr/local/share/.cache/yarn',
  '/root/.cache/yarn',
  '/root/.yarn/berry/cache',
  '/home/node/.cache/yarn',
];

export default defineRule({
  name: 'yarn-cache-clean',
  meta: {
    description:
      '`yarn install` keeps a copy of every package in its cache; run `yarn cache clean` in the same RUN or use a cache mount',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      missing:
        '`{{command}}` leaves the yarn cache in this layer of the shipped image; end the RUN with `yarn cache clean` or mount a cache on /usr/local/share/.cache/yarn',
    },
    sources: ['hadolint:DL3060'],
    spec: '02-production-self-check: Package caches cleaned in same layer',
  },
  create(context) {
    return {
      RUN(node, stage) {
        if (!shipsInFinalImage(context, stage)) return;
        const mounts = cacheMountTargets(context, node, { tmpfs: true });
        for (const rc of runCommands(context, node)) {
          const { cmd } = rc;
          if (!cmd.is('yarn')) continue;
          const sub = cmd.subcommand();
          const installs =
            (sub === undefined && !cmd.hasFlag('-v', '--version', '-h', '--help')) ||
            sub === 'install' ||
            sub === 'add' ||
            (sub === 'global' && operands(cmd)[0]?.value === 'add');
          if (!installs) continue;
          const folder = cmd.flagValue('--cache-folder') ?? envValue(context, node, rc, 'YARN_CACHE_FOLDER');
          const dirs = folder ? [folder, ...YARN_CACHES] : YARN_CACHES;
          if (
            mounts.some(
              (t) => dirs.some((d) => d === t || d.startsWith(`${t}/`)) || /\/(?:\.cache\/)?yarn$/.test(t),
            )
          )
            continue;
          const after = commandsAfter(context, node, rc);
          if (after.some((c) => c.cmd.is('yarn', 'cache', 'clean') || removesPath(c.cmd, dirs))) continue;
          context.report({
            node,
            range: commandHeadRange(rc, sub === undefined ? cmd.nameWord : undefined),
            messageId: 'missing',
            data: {
              command: sub === undefined ? 'yarn' : sub === 'global' ? 'yarn global add' : `yarn ${sub}`,
            },
          });
          return; // one finding per RUN
        }
      },
    };
  },
});
