import type { RunInstruction } from '../../../parse/dockerfile/ast.js';
import { defineRule } from '../../engine/rule.js';
import {
  cacheMountTargets,
  commandHeadRange,
  commandsAfter,
  envValue,
  insertAfter,
  pipCall,
  type RunCommand,
  removesPath,
  runCommands,
  StageMarks,
  shipsInFinalImage,
  srcRange,
  truthy,
} from '../support/pkg-shell.js';

/** `pip config set global.no-cache-dir …` or a pip.conf with `no-cache-dir = …` written by an earlier RUN. */
const CONFIGURED = /(?:global\.no-cache-dir|no-cache-dir\s*=\s*(?:1|true|yes|on|false|0))/i;

export default defineRule({
  name: 'pip-no-cache-dir',
  meta: {
    description:
      '`pip install` keeps its download cache (~/.cache/pip) in the image; use `--no-cache-dir` or a cache mount (not both)',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    fixable: 'safe',
    messages: {
      missing:
        '`pip install` leaves its cache in this layer of the shipped image; add `--no-cache-dir` (or use `RUN --mount=type=cache,target=/root/.cache/pip`)',
      both: '`--no-cache-dir` makes the cache mount on {{target}} useless; keep the mount and drop the flag',
    },
    sources: ['hadolint:DL3042'],
    spec: '02-production-self-check: For pip: use --mount=type=cache OR --no-cache-dir, not both',
  },
  create(context) {
    const configured = new StageMarks();
    /** Cache mounts a pip command writes its cache to. */
    const pipMount = (
      node: RunInstruction,
      rc: RunCommand,
      cacheDir: string | undefined,
    ): string | undefined => {
      const targets = cacheMountTargets(context, node);
      const explicit = cacheDir ?? envValue(context, node, rc, 'PIP_CACHE_DIR');
      return targets.find((t) =>
        explicit ? t === explicit.replace(/\/+$/, '') : /\/\.cache(?:\/pip)?$/.test(t),
      );
    };
    return {
      RUN(node, stage) {
        const ships = shipsInFinalImage(context, stage);
        for (const rc of runCommands(context, node)) {
          const call = pipCall(rc.cmd);
          if (!call || call.uv || call.subcommand !== 'install' || !call.subcommandWord) continue;
          const flag = call.options.find((o) => o.name === '--no-cache-dir');
          const cacheDir = call.options.find((o) => o.name === '--cache-dir')?.value;
          const mount = pipMount(node, rc, cacheDir);
          if (flag && mount) {
            context.report({
              node,
              range: srcRange(rc, flag.word),
              messageId: 'both',
              data: { target: mount },
            });
            continue;
          }
          if (flag || mount || configured.has(stage) || !ships) continue;
          if (truthy(envValue(context, node, rc, 'PIP_NO_CACHE_DIR'))) continue;
          const after = commandsAfter(context, node, rc);
          if (
            after.some(
              (c) => removesPath(c.cmd, ['/root/.cache/pip']) || pipCall(c.cmd)?.subcommand === 'cache',
            )
          ) {
            continue;
          }
          context.report({
            node,
            range: commandHeadRange(rc, call.subcommandWord),
            messageId: 'missing',
            fix: insertAfter(rc, call.subcommandWord, ' --no-cache-dir'),
          });
        }
        if (CONFIGURED.test(node.line.text)) configured.mark(stage);
      },
    };
  },
});
