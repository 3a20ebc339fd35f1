import type { Range } from '../../../core/source.js';
import type { Instruction } from '../../../parse/dockerfile/ast.js';
import type { ShellCommand, ShellScript, Word } from '../../../parse/shell/index.js';
import type { DockerfileRuleContext } from '../../engine/rule.js';

/** Shells whose stdin or `-c` string is a script. */
export const SHELL_NAMES: readonly string[] = ['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox'];

// biome-ignore lint/suspicious/noExplicitAny: rules pass their own typed context
type AnyContext = DockerfileRuleContext<any, any>;

export interface FoundCommand {
  readonly cmd: ShellCommand;
  readonly script: ShellScript;
}

/**
 * The shell scripts an instruction runs: its shell-form command and the heredoc bodies the shell executes
 * (`RUN <<EOF`, `RUN bash <<EOF`), not heredocs that only feed data to a command (`RUN cat <<EOF > file`).
 */
export function executedScripts(context: AnyContext, node: Instruction): ShellScript[] {
  const out: ShellScript[] = [];
  const main = context.shellOf(node);
  if (main) out.push(main);
  const heredocScripts = context.heredocScripts(node);
  if (heredocScripts.length === 0) return out;
  const data = new Set<string>();
  if (main) {
    for (const cmd of main.commands()) {
      const executes = cmd.name === undefined || (cmd.is(SHELL_NAMES) && !cmd.hasFlag('-c'));
      if (executes) continue;
      for (const r of cmd.node.redirects) {
        if ((r.op === '<<' || r.op === '<<-') && r.target.value !== undefined) data.add(r.target.value);
      }
    }
  }
  const dataBodies = new Set(node.heredocs.filter((h) => data.has(h.name)).map((h) => h.body.text));
  for (const s of heredocScripts) if (!dataBodies.has(s.text)) out.push(s);
  return out;
}

/** Every simple command the instruction runs (shell form and executed heredocs), in source order. */
export function commandsOf(context: AnyContext, node: Instruction): FoundCommand[] {
  const out: FoundCommand[] = [];
  for (const script of executedScripts(context, node)) {
    for (const cmd of script.commands()) out.push({ cmd, script });
  }
  return out;
}

/** Source range of a word of a command. */
export function wordRange(script: ShellScript, word: Word): Range {
  return script.sourceRange(word);
}

/** The whole text a RUN carries: the command line plus every heredoc body (for config-text patterns). */
export function runText(node: Instruction): { text: string; toSource(offset: number): number }[] {
  const parts: { text: string; toSource(offset: number): number }[] = [];
  if ('command' in node && node.command) parts.push(node.command);
  else parts.push(node.argsText);
  for (const h of node.heredocs) parts.push(h.body);
  return parts;
}

/** Find `pattern` (global regexp) in the RUN's texts; yields source ranges of each match. */
export function matchRunText(node: Instruction, pattern: RegExp): { range: Range; match: RegExpExecArray }[] {
  const out: { range: Range; match: RegExpExecArray }[] = [];
  for (const part of runText(node)) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(part.text); m; m = pattern.exec(part.text)) {
      const start = part.toSource(m.index);
      const end = part.toSource(m.index + m[0].length - 1) + 1;
      out.push({ range: { start, end }, match: m });
      if (m[0].length === 0) pattern.lastIndex++;
    }
  }
  return out;
}
