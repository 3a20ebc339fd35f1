import { posix } from 'node:path';
import { defineRule } from '../../engine/rule.js';
import { expandFully, isAbsolutePath } from '../support/structure-util.js';

/** Kernel / boot trees: nothing under them belongs to the image (Trivy DS-0030 list plus /sys). */
const VIRTUAL = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];
/** OS directories that hold system files themselves. */
const SYSTEM = new Set([
  '/bin',
  '/sbin',
  '/usr',
  '/usr/bin',
  '/usr/sbin',
  '/usr/lib',
  '/lib',
  '/lib32',
  '/lib64',
  '/etc',
  '/var',
  '/run',
  '/var/run',
]);

export default defineRule({
  name: 'workdir-system-dir',
  meta: {
    description:
      'Do not make a system directory (/proc, /dev, /etc, /usr/bin, …) the WORKDIR; use a dedicated directory such as /app',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      virtual:
        "WORKDIR '{{path}}' is inside {{root}}, which the runtime replaces with a kernel/boot filesystem; use a dedicated directory such as /app",
      system:
        "WORKDIR '{{path}}' is a system directory; files written or copied there mix with the OS's. Use a dedicated directory such as /app",
      root: "WORKDIR '/' followed by a relative {{keyword}} (line {{line}}) spreads the app over the filesystem root; use a dedicated directory such as /app",
    },
    sources: ['trivy:DS-0030'],
    spec: '03-dockerfile-fundamentals: WORKDIR, ENV, ARG, EXPOSE — set working directory (WORKDIR /app)',
  },
  create(context) {
    const { model } = context;
    return {
      WORKDIR(node, stage) {
        if (!node.path) return;
        const value = expandFully(model, node, node.path.value);
        if (value === undefined || !isAbsolutePath(value) || !value.startsWith('/')) return;
        const path = posix.normalize(value).replace(/(.)\/$/, '$1');
        const root = VIRTUAL.find((v) => path === v || path.startsWith(`${v}/`));
        if (root) {
          context.report({ node, range: node.path.range, messageId: 'virtual', data: { path, root } });
          return;
        }
        if (SYSTEM.has(path)) {
          context.report({ node, range: node.path.range, messageId: 'system', data: { path } });
          return;
        }
        if (path !== '/' || !stage) return;
        // `WORKDIR /` alone is a common reset; it matters when files are then copied relative to it.
        const after = stage.instructions.slice(stage.instructions.indexOf(node) + 1);
        for (const i of after) {
          if (i.keyword === 'WORKDIR') return;
          if ((i.keyword === 'COPY' || i.keyword === 'ADD') && i.destination) {
            const dest = expandFully(model, i, i.destination.value);
            if (dest !== undefined && !isAbsolutePath(dest)) {
              const line = context.ast.source.positionAt(i.range.start).line;
              context.report({
                node,
                range: node.path.range,
                messageId: 'root',
                data: { keyword: i.keyword, line },
              });
              return;
            }
          }
        }
      },
    };
  },
});
