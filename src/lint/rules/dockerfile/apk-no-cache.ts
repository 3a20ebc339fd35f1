import { defineRule } from '../../engine/rule.js';
import {
  commandHeadRange,
  commandsAfter,
  findInRun,
  hasCacheMount,
  insertAfter,
  removesPath,
  shipsInFinalImage,
} from '../support/pkg-shell.js';

const APK_CACHE = ['/var/cache/apk', '/etc/apk/cache'];

export default defineRule({
  name: 'apk-no-cache',
  meta: {
    description:
      '`apk add` without `--no-cache` leaves the package index in /var/cache/apk in the image; use `apk add --no-cache`',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    fixable: 'unsafe',
    messages: {
      missing:
        '`apk add` without `--no-cache` keeps the package index in this layer; use `apk add --no-cache`',
      redundantUpdate:
        '`apk update` stores the index in /var/cache/apk, which `apk add --no-cache` does not need; drop `apk update` or remove /var/cache/apk/* in this RUN',
    },
    sources: ['hadolint:DL3019', 'trivy:DS-0025'],
    spec: '02-production-self-check: Package caches cleaned in same layer: --no-cache (apk)',
  },
  create(context) {
    return {
      RUN(node, stage) {
        if (!shipsInFinalImage(context, stage)) return;
        if (APK_CACHE.some((p) => hasCacheMount(context, node, p, { tmpfs: true }))) return;
        const cleaned = (rc: Parameters<typeof commandsAfter>[2]) =>
          commandsAfter(context, node, rc).some(
            (c) => removesPath(c.cmd, APK_CACHE) || c.cmd.is('apk', 'cache', 'clean'),
          );
        const adds = findInRun(context, node, 'apk', 'add');
        for (const rc of adds) {
          // `--no-network` installs from the local cache only and writes nothing.
          if (rc.cmd.hasFlag('--no-cache', '--no-network') || cleaned(rc)) continue;
          const sub = rc.cmd.positionalArgs()[0];
          if (!sub) continue;
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'missing',
            fix: insertAfter(rc, sub, ' --no-cache'),
          });
        }
        // `apk update && apk add --no-cache x`: the index written by the update stays behind.
        if (!adds.some((rc) => rc.cmd.hasFlag('--no-cache'))) return;
        for (const rc of findInRun(context, node, 'apk', 'update')) {
          if (cleaned(rc)) continue;
          context.report({ node, range: commandHeadRange(rc), messageId: 'redundantUpdate' });
        }
      },
    };
  },
});
