/**
 * Shared logic of the yum / dnf (microdnf, dnf5, tdnf) / zypper rules: non-interactive switch, cache cleanup and
 * version pinning differ only in the tool names, subcommands, flags and cache paths.
 */
import type { RunInstruction } from '../../../parse/dockerfile/ast.js';
import type { Stage } from '../../../parse/dockerfile/model.js';
import type { ShellCommand } from '../../../parse/shell/index.js';
import type { DockerfileRuleContext } from '../../engine/rule.js';
import {
  commandHeadRange,
  commandsAfter,
  findInRun,
  hasCacheMount,
  insertAfter,
  isDynamic,
  operands,
  type RunCommand,
  removesPath,
  StageMarks,
  shipsInFinalImage,
  srcRange,
  wordText,
} from './pkg-shell.js';

type Ctx<M extends string> = DockerfileRuleContext<M, unknown>;

export const YUM_TOOLS = ['yum'];
export const DNF_TOOLS = ['dnf', 'dnf5', 'microdnf', 'tdnf'];
export const ZYPPER_TOOLS = ['zypper'];

/** Subcommands that change packages and may prompt. */
export const RPM_CHANGING = [
  'install',
  'groupinstall',
  'localinstall',
  'reinstall',
  'remove',
  'erase',
  'update',
  'upgrade',
  'downgrade',
  'distro-sync',
  'autoremove',
  'group',
  'module',
  'builddep',
  'swap',
];
/** Subcommands that download packages (and so fill the cache). */
export const RPM_DOWNLOADING = [
  'install',
  'groupinstall',
  'localinstall',
  'reinstall',
  'update',
  'upgrade',
  'downgrade',
  'distro-sync',
  'group',
  'module',
  'builddep',
  'swap',
];
export const ZYPPER_CHANGING = [
  'install',
  'in',
  'remove',
  'rm',
  'update',
  'up',
  'dist-upgrade',
  'dup',
  'patch',
  'source-install',
  'si',
  'install-new-recommends',
  'inr',
];
export const ZYPPER_DOWNLOADING = [
  'install',
  'in',
  'update',
  'up',
  'dist-upgrade',
  'dup',
  'patch',
  'source-install',
  'si',
  'inr',
];

/** `yes | tool …` */
function yesPiped(cmd: ShellCommand): boolean {
  const i = cmd.pipeline.commands.indexOf(cmd.node);
  return (
    i > 0 &&
    cmd.pipeline.commands.slice(0, i).some((c) => c.type === 'SimpleCommand' && c.words[0]?.value === 'yes')
  );
}

export interface AssumeYesSpec {
  readonly tools: readonly string[];
  readonly subcommands: readonly string[];
  /** Flags that make the command non-interactive. */
  readonly flags: readonly string[];
  /** Text of an earlier instruction that configures it globally (`assumeyes=1` in yum.conf). */
  readonly configured?: RegExp;
  /** What the fix inserts after the subcommand (or after the tool name when `afterName`). */
  readonly insert: string;
  readonly afterName?: boolean;
}

/** RUN visitor reporting `messageId` (data: command) for changing commands without the non-interactive switch. */
export function assumeYesVisitor<M extends string>(ctx: Ctx<M>, spec: AssumeYesSpec, messageId: M) {
  const configured = new StageMarks();
  return (node: RunInstruction, stage: Stage | undefined): void => {
    for (const rc of findInRun(ctx, node, spec.tools, spec.subcommands)) {
      const { cmd } = rc;
      if (configured.has(stage) || cmd.hasFlag(...spec.flags) || yesPiped(cmd)) continue;
      if (cmd.flagValues('--setopt').some((v) => /^assumeyes=(?:1|true|yes)$/i.test(v))) continue;
      const sub = cmd.positionalArgs()[0];
      const anchor = spec.afterName ? cmd.nameWord : sub;
      if (!sub || !anchor) continue;
      ctx.report({
        node,
        range: commandHeadRange(rc),
        messageId,
        data: { command: `${cmd.program} ${sub.value}` },
        fix: insertAfter(rc, anchor, spec.insert),
      });
    }
    if (spec.configured?.test(node.line.text)) configured.mark(stage);
  };
}

export interface CleanSpec {
  readonly tools: readonly string[];
  readonly subcommands: readonly string[];
  /** Does this command clean the cache? */
  readonly cleans: (cmd: ShellCommand) => boolean;
  /** Cache directories: removing them or mounting a cache there is fine too. */
  readonly cacheDirs: readonly string[];
}

/**
 * RUN visitor for shipped stages: reports the last downloading command of a RUN when nothing after it cleans the
 * cache and no cache mount covers it.
 */
export function cleanVisitor<M extends string>(ctx: Ctx<M>, spec: CleanSpec, messageId: M) {
  return (node: RunInstruction, stage: Stage | undefined): void => {
    if (!shipsInFinalImage(ctx, stage)) return;
    if (spec.cacheDirs.some((d) => hasCacheMount(ctx, node, d, { tmpfs: true }))) return;
    const unclean: RunCommand[] = findInRun(ctx, node, spec.tools, spec.subcommands).filter(
      (rc) =>
        !commandsAfter(ctx, node, rc).some((c) => spec.cleans(c.cmd) || removesPath(c.cmd, spec.cacheDirs)),
    );
    const last = unclean.at(-1);
    if (!last) return;
    ctx.report({
      node,
      range: commandHeadRange(last),
      messageId,
      data: { command: `${last.cmd.program} ${last.cmd.subcommand()}` },
    });
  };
}

export interface PinSpec {
  readonly tools: readonly string[];
  readonly subcommands: readonly string[];
  readonly pinned: (text: string) => boolean;
}

/** RUN visitor reporting every unpinned package word. */
export function pinVisitor<M extends string>(ctx: Ctx<M>, spec: PinSpec, messageId: M) {
  return (node: RunInstruction): void => {
    for (const rc of findInRun(ctx, node, spec.tools, spec.subcommands)) {
      // `dnf group install x` / `dnf module install x:1`: groups and module streams are not packages.
      if (rc.cmd.is(rc.cmd.program ?? '', ['group', 'module', 'groupinstall'])) continue;
      for (const word of operands(rc.cmd)) {
        if (isDynamic(word) || word.value === undefined) continue;
        const text = wordText(word);
        if (text.startsWith('@') || text.includes('/') || /\.rpm$/.test(text) || /[*?[]/.test(text)) continue;
        if (spec.pinned(text)) continue;
        ctx.report({ node, range: srcRange(rc, word), messageId, data: { pkg: text } });
      }
    }
  };
}

/** `name-1.2.3`, `name-1.2-3.el9`, `name = 1.2`, `name>=1`: a version follows the name. */
export function rpmPinned(text: string): boolean {
  return /[=<>]/.test(text) || /-\d[^-]*(?:-[^-]+)?$/.test(text);
}
