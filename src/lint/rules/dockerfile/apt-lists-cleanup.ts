import { defineRule } from '../../engine/rule.js';
import {
  commandHeadRange,
  commandsAfter,
  findInRun,
  hasCacheMount,
  removesPath,
  shipsInFinalImage,
} from '../support/pkg-shell.js';

const LISTS = '/var/lib/apt/lists';

export default defineRule({
  name: 'apt-lists-cleanup',
  meta: {
    description:
      '`apt-get update` leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN or use a cache mount',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    messages: {
      missing:
        'the lists fetched by `{{command}}` stay in this layer of the shipped image; end the RUN with `rm -rf /var/lib/apt/lists/*` or mount a cache on /var/lib/apt',
    },
    sources: ['hadolint:DL3009'],
    spec: '02-production-self-check: Package caches cleaned in same layer: rm -rf /var/lib/apt/lists/* (apt)',
  },
  create(context) {
    return {
      RUN(node, stage) {
        // Only layers that end up in the image matter: the final stage and the stages it is built on.
        if (!shipsInFinalImage(context, stage)) return;
        if (hasCacheMount(context, node, LISTS, { tmpfs: true })) return;
        for (const rc of findInRun(context, node, ['apt-get', 'apt'], 'update')) {
          // `apt-get dist-clean` (apt 2.7+) removes the lists as well.
          const after = commandsAfter(context, node, rc);
          if (after.some((c) => removesPath(c.cmd, [LISTS]) || c.cmd.is(['apt-get', 'apt'], 'dist-clean')))
            continue;
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'missing',
            data: { command: `${rc.cmd.program} update` },
          });
        }
      },
    };
  },
});
