/**
 * Helpers shared by the build-hygiene / operations rules (prefix `ops-`).
 */
import type { Arg, Instruction } from '../../../parse/dockerfile/ast.js';
import type { DockerfileModel, Stage } from '../../../parse/dockerfile/model.js';
import type { ShellCommand, ShellScript } from '../../../parse/shell/index.js';
import type { DockerfileRuleContext } from '../../engine/rule.js';

// biome-ignore lint/suspicious/noExplicitAny: helpers accept any rule's context
type AnyContext = DockerfileRuleContext<any, any>;

/** Shell scripts a RUN (or other command instruction) runs: its shell form plus `RUN <<EOF` bodies. */
export function scriptsOf(context: AnyContext, ins: Instruction): ShellScript[] {
  const out: ShellScript[] = [];
  const main = context.shellOf(ins);
  if (main) out.push(main);
  if (ins.keyword === 'RUN') out.push(...context.heredocScripts(ins));
  return out;
}

/** Every simple command of an instruction's scripts. */
export function commandsOf(
  context: AnyContext,
  ins: Instruction,
): { cmd: ShellCommand; script: ShellScript }[] {
  return scriptsOf(context, ins).flatMap((script) => script.commands().map((cmd) => ({ cmd, script })));
}

/** The stage, then the earlier stages it builds on (`FROM build AS final`), nearest first. */
export function lineage(stage: Stage): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = s.baseStage) {
    seen.add(s);
    out.push(s);
  }
  return out;
}

/** Instructions of the stage and the stages it builds on, in build order. */
export function lineageInstructions(stage: Stage): Instruction[] {
  return lineage(stage)
    .reverse()
    .flatMap((s) => [...s.instructions]);
}

/** The external image at the bottom of the lineage (undefined when it is dynamic). */
export function externalBase(stage: Stage): { name: string; tag: string; scratch: boolean } | undefined {
  const chain = lineage(stage);
  const root = chain[chain.length - 1]!;
  const ref = root.base.ref;
  if (!ref || ref.hasVariables || root.base.unmatched.length) return undefined;
  const name = [ref.registry, ref.repository].filter(Boolean).join('/').toLowerCase();
  return { name, tag: (ref.tag ?? 'latest').toLowerCase(), scratch: ref.isScratch };
}

/** Extensions ADD auto-extracts (and that hadolint treats as archives). */
const ARCHIVE_EXT =
  /\.(?:tar|tar\.(?:gz|bz2|xz|zst|lz|lzma|z|lz4)|tgz|tbz|tbz2|tb2|txz|tlz|tzst|taz|tz|gz|bz2|xz|zst|lz|lzma|z)$/i;

export function hasArchiveExtension(path: string): boolean {
  return ARCHIVE_EXT.test(path);
}

/** `http://`, `https://`, `git@host:`, `git://`, `ssh://`. */
export function isRemoteSource(value: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@[^:]+:)/i.test(value);
}

/** Expand a COPY/ADD source word; undefined when it still depends on an unset variable or fails. */
export function expandSource(model: DockerfileModel, ins: Instruction, arg: Arg): string | undefined {
  const r = model.expand(ins, arg.value);
  if ('error' in r) return undefined;
  if (r.unmatched.length) return undefined;
  return r.value;
}

/** True when a path has glob characters as BuildKit's COPY understands them. */
export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** `./a/b/` → `a/b`; `/x` → `x` (COPY sources are context-relative); `.` for the root. */
export function contextPath(path: string): string {
  const parts: string[] = [];
  for (const p of path.replace(/\\/g, '/').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.length ? parts.join('/') : '.';
}

/** Package words of an install command (apt-get/apt/apk/yum/dnf/microdnf/zypper/...), with the name stripped of versions. */
export function installedPackages(cmd: ShellCommand): { word: ShellCommand['args'][number]; name: string }[] {
  let pkgs: ShellCommand['args'][number][] = [];
  if (cmd.is(['apt-get', 'apt', 'aptitude'], 'install')) pkgs = cmd.positionalArgs().slice(1);
  else if (cmd.is('apk', 'add')) pkgs = cmd.positionalArgs().slice(1);
  else if (cmd.is(['yum', 'dnf', 'microdnf', 'tdnf'], 'install')) pkgs = cmd.positionalArgs().slice(1);
  else if (cmd.is('zypper', ['install', 'in'])) pkgs = cmd.positionalArgs().slice(1);
  else return [];
  return pkgs
    .filter((w) => w.value !== undefined && !w.value.startsWith('-'))
    .map((word) => ({ word, name: (word.value as string).split(/[=<>~]/)[0]!.replace(/:[a-z0-9]+$/, '') }));
}
