/**
 * Shared helpers for the package-manager rules (apt, apk, yum/dnf/microdnf, zypper, pip, npm, yarn, gem, go):
 * the commands of a RUN (its shell-form command and its heredoc scripts), cache mounts, which stages ship,
 * environment lookups and small edit builders.
 */
import type { TextEdit } from '../../../core/diagnostic.js';
import type { Range } from '../../../core/source.js';
import type { Instruction, RunInstruction } from '../../../parse/dockerfile/ast.js';
import type { DockerfileModel, Stage } from '../../../parse/dockerfile/model.js';
import {
  type ParsedOption,
  parseOptions,
  type ShellCommand,
  type ShellScript,
  staticPrefix,
  toolSpec,
  type Word,
} from '../../../parse/shell/index.js';

/** The parts of a rule context these helpers need. */
export interface PkgContext {
  readonly model: DockerfileModel;
  readonly finalStage: Stage | undefined;
  shellOf(instruction: Instruction): ShellScript | undefined;
  heredocScripts(instruction: Instruction): readonly ShellScript[];
}

/** A simple command together with the script it came from (for mapping ranges back to the Dockerfile). */
export interface RunCommand {
  readonly cmd: ShellCommand;
  readonly script: ShellScript;
}

/** The shell scripts a RUN executes: its shell-form command and every shell heredoc body. */
export function runScripts(ctx: PkgContext, run: Instruction): ShellScript[] {
  const out: ShellScript[] = [];
  const main = ctx.shellOf(run);
  if (main) out.push(main);
  out.push(...ctx.heredocScripts(run));
  return out;
}

/** Every simple command of a RUN, heredoc scripts included, in source order per script. */
export function runCommands(ctx: PkgContext, run: Instruction): RunCommand[] {
  return runScripts(ctx, run).flatMap((script) => script.commands().map((cmd) => ({ cmd, script })));
}

/** Commands of a RUN for which `cmd.is(name, ...subcommands)` holds. */
export function findInRun(
  ctx: PkgContext,
  run: Instruction,
  name: string | readonly string[],
  ...subcommands: (string | readonly string[])[]
): RunCommand[] {
  return runCommands(ctx, run).filter((c) => c.cmd.is(name, ...subcommands));
}

/** Range of a shell word (or node) in the Dockerfile. */
export function srcRange(rc: RunCommand, node: { readonly range: Range }): Range {
  return rc.script.sourceRange(node);
}

/** Range from the command name (after wrappers) to the end of `last` (default: the subcommand), in the Dockerfile. */
export function commandHeadRange(rc: RunCommand, last?: Word): Range {
  const { cmd } = rc;
  const first = cmd.nameWord ?? cmd.words[0];
  const end = last ?? cmd.positionalArgs()[0] ?? first;
  if (!first || !end) return rc.cmd.sourceRange;
  const a = srcRange(rc, first);
  const b = srcRange(rc, end);
  return { start: a.start, end: Math.max(a.end, b.end) };
}

/** An edit inserting `text` right after a word (`apt-get install` → `apt-get install -y`). */
export function insertAfter(rc: RunCommand, word: Word, text: string): TextEdit {
  const end = srcRange(rc, word).end;
  return { range: { start: end, end }, text };
}

// ---------------------------------------------------------------------------------------------------------------
// Cache mounts

function normalizePath(p: string): string {
  let s = p.trim().replace(/\/+/g, '/');
  if (s.length > 1) s = s.replace(/\/$/, '');
  return s;
}

/** Targets of `--mount=type=cache` (and `type=tmpfs` when asked) on a RUN, expanded when they use variables. */
export function cacheMountTargets(
  ctx: PkgContext,
  run: RunInstruction,
  opts: { tmpfs?: boolean } = {},
): string[] {
  const out: string[] = [];
  for (const mount of run.mounts) {
    if (mount.type !== 'cache' && !(opts.tmpfs && mount.type === 'tmpfs')) continue;
    const opt = mount.options.find((o) => ['target', 'dst', 'destination'].includes(o.key.toLowerCase()));
    if (!opt?.value) continue;
    let value = opt.value;
    if (value.includes('$')) {
      const res = ctx.model.expand(run, value);
      if ('error' in res) continue;
      value = (res as { value?: string }).value ?? value;
    }
    out.push(normalizePath(value));
  }
  return out;
}

/** A cache (or tmpfs) mount targets `path` or one of its parent directories. */
export function hasCacheMount(
  ctx: PkgContext,
  run: RunInstruction,
  path: string,
  opts: { tmpfs?: boolean } = {},
): boolean {
  const want = normalizePath(path);
  return cacheMountTargets(ctx, run, opts).some((t) => t === want || t === '/' || want.startsWith(`${t}/`));
}

/** Does any cache mount on the RUN sit at or under `dir` (e.g. a mount on `/root/.cache/pip` for dir `/root/.cache`)? */
export function hasCacheMountUnder(ctx: PkgContext, run: RunInstruction, dir: string): boolean {
  const want = normalizePath(dir);
  return cacheMountTargets(ctx, run).some(
    (t) => t === want || t.startsWith(`${want}/`) || want.startsWith(`${t}/`),
  );
}

/** Any `--mount=type=cache` on the RUN. */
export function hasAnyCacheMount(run: RunInstruction): boolean {
  return run.mounts.some((m) => m.type === 'cache');
}

// ---------------------------------------------------------------------------------------------------------------
// Stages

/**
 * Whether what a stage leaves in its filesystem ends up in the shipped image: the final stage and every stage the
 * final stage is built on (`FROM base AS final`, recursively). Build stages whose files are only copied from are not.
 */
export function shipsInFinalImage(ctx: PkgContext, stage: Stage | undefined): boolean {
  if (!stage) return false;
  for (let s: Stage | undefined = ctx.finalStage; s; s = s.baseStage) if (s === stage) return true;
  return false;
}

/** The stage is the final stage or a stage it is built on, and the Dockerfile has more than one stage. */
export function isBuildOnlyStage(ctx: PkgContext, stage: Stage | undefined): boolean {
  return stage !== undefined && !shipsInFinalImage(ctx, stage);
}

// ---------------------------------------------------------------------------------------------------------------
// Environment

/**
 * The value of an environment variable as a command sees it: an inline `NAME=v cmd` / `env NAME=v cmd` assignment,
 * an earlier `export NAME=v` / `NAME=v` in the same script, then ENV/ARG of the stage. Undefined when unset.
 */
export function envValue(
  ctx: PkgContext,
  run: Instruction,
  rc: RunCommand,
  name: string,
): string | undefined {
  for (const a of rc.cmd.node.assignments)
    if (a.name === name) return a.value?.value ?? staticPrefix(a.value ?? emptyWord);
  for (const w of rc.cmd.wrappers) {
    if (w.name !== 'env' && w.name !== 'sudo') continue;
    for (const arg of w.args) {
      const v = arg.value ?? '';
      if (v.startsWith(`${name}=`)) return v.slice(name.length + 1);
    }
  }
  let found: string | undefined;
  for (const other of rc.script.commands()) {
    if (other.range.start >= rc.cmd.range.start) break;
    if (other.name === undefined) {
      for (const a of other.node.assignments) if (a.name === name) found = a.value?.value ?? '';
    } else if (other.is('export')) {
      for (const w of other.args) {
        const v = w.value ?? '';
        if (v.startsWith(`${name}=`)) found = v.slice(name.length + 1);
      }
    }
  }
  if (found !== undefined) return found;
  return ctx.model.scopeAt(run).lookup(name);
}

const emptyWord: Word = { type: 'Word', range: { start: 0, end: 0 }, parts: [], raw: '', value: '' };

/** A truthy setting value as pip/npm read them (`1`, `true`, `yes`, `on`, anything non-empty that is not false). */
export function truthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no' && v !== 'off';
}

// ---------------------------------------------------------------------------------------------------------------
// Words

/** Static text of a word, or its literal prefix when it has expansions. */
export function wordText(word: Word): string {
  return word.value ?? staticPrefix(word);
}

/** True when the word has no static text we can judge (`$PKGS`, `${LIST}`). */
export function isDynamic(word: Word): boolean {
  return word.value === undefined && staticPrefix(word) === '';
}

/** Positional arguments after the subcommand (`apt-get install a b` → `a`, `b`). */
export function operands(cmd: ShellCommand, skip = 1): readonly Word[] {
  return cmd.positionalArgs().slice(skip);
}

// ---------------------------------------------------------------------------------------------------------------
// apt / apk / yum / dnf / zypper

export const APT_GET = ['apt-get'];
export const YUM = ['yum'];
export const DNF = ['dnf', 'microdnf', 'dnf5', 'tdnf'];

/** apt-get with an install-like subcommand. */
export const APT_INSTALL_SUBCOMMANDS = [
  'install',
  'reinstall',
  'build-dep',
  'source',
  'dist-upgrade',
  'upgrade',
  'full-upgrade',
];

// ---------------------------------------------------------------------------------------------------------------
// pip

const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
const PIP = /^pip(?:\d+(?:\.\d+)?)?$/;

/** A pip invocation: `pip install …`, `pip3.12 install …`, `python -m pip install …`, `uv pip install …`. */
export interface PipCall {
  readonly subcommand: string | undefined;
  readonly subcommandWord: Word | undefined;
  readonly options: readonly ParsedOption[];
  /** Operands after the subcommand. */
  readonly operands: readonly Word[];
  readonly uv: boolean;
}

/** Recognise pip; undefined for any other command. */
export function pipCall(cmd: ShellCommand): PipCall | undefined {
  const program = cmd.program;
  if (program === undefined) return undefined;
  let args: readonly Word[] | undefined;
  let uv = false;
  if (PIP.test(program)) args = cmd.args;
  else if (PYTHON.test(program)) {
    const i = cmd.args.findIndex((w) => w.value === '-m');
    if (i >= 0 && cmd.args[i + 1]?.value !== undefined && PIP.test(cmd.args[i + 1]?.value ?? '')) {
      // Only options before -m may precede it (`python -u -m pip`).
      if (cmd.args.slice(0, i).every((w) => (w.value ?? '').startsWith('-'))) args = cmd.args.slice(i + 2);
    }
  } else if (program === 'uv' && cmd.args[0]?.value === 'pip') {
    args = cmd.args.slice(1);
    uv = true;
  }
  if (!args) return undefined;
  const parsed = parseOptions(args, toolSpec('pip'));
  const [sub, ...rest] = parsed.positionals;
  return { subcommand: sub?.value, subcommandWord: sub, options: parsed.options, operands: rest, uv };
}

export function pipHas(call: PipCall, ...names: string[]): boolean {
  return call.options.some((o) => names.includes(o.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Cleanup in the same RUN

/** Commands of the RUN that run after `rc` (later in the same script, or in a later heredoc script). */
export function commandsAfter(ctx: PkgContext, run: Instruction, rc: RunCommand): RunCommand[] {
  const scripts = runScripts(ctx, run);
  const si = scripts.indexOf(rc.script);
  const out: RunCommand[] = [];
  scripts.forEach((script, i) => {
    if (i < si) return;
    for (const cmd of script.commands()) {
      if (i === si && cmd.range.start <= rc.cmd.range.start) continue;
      out.push({ cmd, script });
    }
  });
  return out;
}

/**
 * `rm -rf <path>` (or `find <path> … -delete`) where one operand, after resolving `~`/`$HOME` to /root and removing
 * a trailing `/*` or `/`, matches one of `paths` or a parent of it.
 */
export function removesPath(cmd: ShellCommand, paths: readonly string[]): boolean {
  let targets: readonly Word[] = [];
  if (cmd.is('rm')) targets = cmd.positionalArgs();
  else if (cmd.is('find') && cmd.args.some((w) => w.value === '-delete' || w.value === '-exec')) {
    targets = cmd.args.filter((w) => !(w.value ?? '-').startsWith('-')).slice(0, 1);
  } else return false;
  return targets.some((w) => {
    let t = w.value ?? w.raw.replace(/["']/g, '');
    t = t.replace(/^(?:~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root');
    t = normalizePath(t.replace(/\/\*(?:\.\*)?$/, '').replace(/\/\.\*$/, ''));
    return paths.some((p) => {
      const want = normalizePath(p);
      return t === want || want.startsWith(`${t}/`);
    });
  });
}

/**
 * Remembers stages where an earlier instruction configured something (e.g. wrote `APT::Get::Assume-Yes` to
 * apt.conf.d). A stage sees what it or a stage it is built on configured before.
 */
export class StageMarks {
  readonly #marked = new Set<Stage | undefined>();
  mark(stage: Stage | undefined): void {
    this.#marked.add(stage);
  }
  has(stage: Stage | undefined): boolean {
    for (let s = stage; s; s = s.baseStage) if (this.#marked.has(s)) return true;
    return false;
  }
}
