import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { compareDiagnostics, type Diagnostic, type Severity, type TextEdit } from '../core/diagnostic.js';
import type { Range } from '../core/source.js';
import type { DockerfileAST, Instruction, RunInstruction } from '../parse/dockerfile/ast.js';
import type { DockerfileModel } from '../parse/dockerfile/model.js';
import type { LintConfig, RuleLevel } from './engine/config.js';
import { type Suppression, suppresses } from './engine/suppressions.js';

/**
 * ShellCheck for shell-form RUN commands and heredoc scripts, the way hadolint runs it: each script is checked on
 * its own with the stage's shell, ARG/ENV names declared beforehand (so SC2154 stays quiet about build args), and
 * findings mapped back to Dockerfile lines and columns. All scripts of a file go to one `shellcheck` process.
 */

/** Never useful in a Dockerfile: SC1090/SC1091 follow `source` (not possible here), SC2187 is "ash checked as dash". */
export const EXCLUDED_CODES: readonly string[] = ['SC1090', 'SC1091', 'SC2187'];

export type ShellcheckDialect = 'sh' | 'bash' | 'dash' | 'ksh';

/** A piece of an assembled script: text taken from the Dockerfile (with a map back) or added by us. */
interface Piece {
  readonly start: number;
  readonly text: string;
  /** Source offset of `text[i]`; undefined for synthetic text (declarations, delimiters we wrote). */
  readonly toSource?: (offset: number, end?: boolean) => number;
}

export interface ShellcheckScript {
  readonly instruction: Instruction;
  readonly text: string;
  readonly pieces: readonly Piece[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function dialectOf(shell: string): ShellcheckDialect | undefined {
  const name = shell
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  switch (name) {
    case 'sh':
    case 'busybox':
      return 'sh';
    case 'ash':
    case 'dash':
      return 'dash';
    case 'bash':
      return 'bash';
    case 'ksh':
    case 'mksh':
      return 'ksh';
    default:
      return undefined; // zsh, pwsh, powershell, cmd: ShellCheck does not apply
  }
}

/** `# hadolint shell=powershell` / `# dockwright shell=bash` declares the shell for the whole file. */
function pragmaShell(ast: DockerfileAST): string | undefined {
  for (const comment of ast.comments) {
    const m = /^\s*(?:hadolint|dockwright)\s+shell\s*=\s*(\S+)/i.exec(comment.text);
    if (m) return m[1];
  }
  return undefined;
}

function shellAt(model: DockerfileModel, instruction: Instruction, fallback: string): string {
  const stage = model.stageOf(instruction);
  let shell = fallback;
  for (const ins of stage?.instructions ?? []) {
    if (ins.range.start >= instruction.range.start) break;
    if (ins.keyword === 'SHELL' && ins.form === 'json' && ins.args[0]) shell = ins.args[0].value;
  }
  return shell;
}

class ScriptBuilder {
  readonly pieces: Piece[] = [];
  text = '';
  add(text: string, toSource?: Piece['toSource']): void {
    if (!text) return;
    this.pieces.push({ start: this.text.length, text, ...(toSource ? { toSource } : {}) });
    this.text += text;
  }
}

const HEREDOC_ONLY = /^<<-?\s*(["']?)[^\s"'<>|&;]+\1$/;

/** The scripts ShellCheck should see for one Dockerfile. */
export function collectShellScripts(ast: DockerfileAST, model: DockerfileModel): ShellcheckScript[] {
  const defaultShell = pragmaShell(ast) ?? '/bin/sh';
  const scripts: ShellcheckScript[] = [];
  for (const instruction of ast.instructions) {
    if (instruction.keyword !== 'RUN' || instruction.form !== 'shell') continue;
    const run = instruction as RunInstruction;
    const command = run.command;
    if (!command) continue;
    const dialect = dialectOf(shellAt(model, run, defaultShell));
    if (!dialect) continue;
    const scope = model.scopeAt(run);
    const names = [...new Set([...scope.args.keys(), ...scope.env.keys()])].filter((n) => IDENTIFIER.test(n));
    const declarations = names.map((n) => `export ${n}=1\n`).join('');
    const b = new ScriptBuilder();
    const only =
      run.heredocs.length === 1 && HEREDOC_ONLY.test(command.text.trim()) ? run.heredocs[0] : undefined;
    if (only) {
      // `RUN <<EOF`: the body is the script. A shebang picks the interpreter, as BuildKit does.
      const body = only.body;
      const firstEnd = body.text.indexOf('\n') + 1 || body.text.length;
      const first = body.text.slice(0, firstEnd);
      if (first.startsWith('#!')) {
        const interpreter = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
        const program = interpreter?.[1]?.endsWith('/env') ? interpreter[2] : interpreter?.[1];
        if (!program || !dialectOf(program)) continue;
        b.add(first.endsWith('\n') ? first : `${first}\n`, (o, end) => body.toSource(o, end));
        b.add(declarations);
        b.add(body.text.slice(firstEnd), (o, end) => body.toSource(firstEnd + o, end));
      } else {
        b.add(`# shellcheck shell=${dialect}\n${declarations}`);
        b.add(body.text, (o, end) => body.toSource(o, end));
      }
    } else {
      b.add(`# shellcheck shell=${dialect}\n${declarations}`);
      b.add(command.text, (o, end) => command.toSource(o, end));
      b.add('\n');
      // Heredoc bodies follow the command line as the shell reads them.
      for (const heredoc of run.heredocs) {
        const body = heredoc.body;
        b.add(body.text, (o, end) => body.toSource(o, end));
        if (body.text && !body.text.endsWith('\n')) b.add('\n');
        b.add(`${heredoc.name}\n`);
      }
    }
    scripts.push({ instruction: run, text: b.text, pieces: b.pieces });
  }
  return scripts;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** ShellCheck's 1-based line/column (json1: a tab is one column; columns count code points) to a script offset. */
function scriptOffset(text: string, starts: readonly number[], line: number, column: number): number {
  const lineStart = starts[line - 1] ?? text.length;
  let offset = lineStart;
  for (let c = 1; c < column && offset < text.length && text[offset] !== '\n'; c++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}

function toSource(script: ShellcheckScript, offset: number, end: boolean): number | undefined {
  const lookup = end && offset > 0 ? offset - 1 : offset;
  const piece = script.pieces.findLast((p) => p.start <= lookup);
  if (!piece?.toSource || lookup >= piece.start + piece.text.length) return undefined;
  const local = offset - piece.start;
  return end ? piece.toSource(local, true) : piece.toSource(local);
}

interface Json1Comment {
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  readonly level: string;
  readonly code: number;
  readonly message: string;
  readonly fix?: {
    readonly replacements: readonly {
      readonly line: number;
      readonly endLine: number;
      readonly column: number;
      readonly endColumn: number;
      readonly replacement: string;
    }[];
  } | null;
}

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'style' };

/** Turn ShellCheck's json1 comments for one script into Dockerfile diagnostics. */
export function mapComments(
  ast: DockerfileAST,
  script: ShellcheckScript,
  comments: readonly Json1Comment[],
): Diagnostic[] {
  const starts = lineStarts(script.text);
  const out: Diagnostic[] = [];
  for (const c of comments) {
    const s = scriptOffset(script.text, starts, c.line, c.column);
    const e = Math.max(s, scriptOffset(script.text, starts, c.endLine, c.endColumn));
    const start = toSource(script, s, false);
    if (start === undefined) continue; // inside text we added
    const end = e > s ? (toSource(script, e, true) ?? start) : start;
    const range: Range = { start, end: Math.max(start, end) };
    const sc = `SC${c.code}`;
    let fix: Diagnostic['fix'];
    if (c.fix?.replacements.length) {
      const edits: TextEdit[] = [];
      for (const r of c.fix.replacements) {
        const rs = scriptOffset(script.text, starts, r.line, r.column);
        const re = Math.max(rs, scriptOffset(script.text, starts, r.endLine, r.endColumn));
        const from = toSource(script, rs, false);
        const to = re > rs ? toSource(script, re, true) : from;
        // Only edits of contiguous source text: never swallow a line continuation.
        if (from === undefined || to === undefined || to - from !== re - rs) {
          edits.length = 0;
          break;
        }
        edits.push({ range: { start: from, end: to }, text: r.replacement });
      }
      if (edits.length) fix = { kind: 'unsafe', description: `ShellCheck's fix for ${sc}`, edits };
    }
    out.push({
      file: ast.source.path,
      range,
      start: ast.source.positionAt(range.start),
      end: ast.source.positionAt(range.end),
      severity: LEVELS[c.level] ?? 'info',
      code: `shellcheck/${sc}`,
      message: c.message,
      sources: [`shellcheck:${sc}`],
      ...(fix ? { fix } : {}),
    });
  }
  return out;
}

const found = new Map<string, Promise<string | undefined>>();

/** The `shellcheck` executable on this search path (a PATH-style list), if any; looked up once per path. */
export function findShellcheck(searchPath: string | undefined): Promise<string | undefined> {
  const key = searchPath ?? '';
  let result = found.get(key);
  if (!result) {
    result = (async () => {
      for (const dir of key.split(delimiter)) {
        if (!dir) continue;
        const candidate = join(dir, 'shellcheck');
        try {
          await access(candidate, constants.X_OK);
          return candidate;
        } catch {
          // not here
        }
      }
      return undefined;
    })();
    found.set(key, result);
  }
  return result;
}

function run(binary: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // 0 = clean, 1 = findings; anything else is a failure.
      if (code === 0 || code === 1) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            signal
              ? `shellcheck killed (${signal})`
              : `shellcheck exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`,
          ),
        );
    });
  });
}

export interface ShellcheckFileOptions {
  /** Path of the `shellcheck` executable. */
  readonly binary: string;
  readonly timeoutMs?: number;
}

/** Run ShellCheck once over every script of a Dockerfile; findings in Dockerfile coordinates, sorted. */
export async function shellcheckDockerfile(
  ast: DockerfileAST,
  model: DockerfileModel,
  options: ShellcheckFileOptions,
): Promise<Diagnostic[]> {
  const scripts = collectShellScripts(ast, model);
  if (scripts.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'dockwright-sc-'));
  try {
    const files = scripts.map((_, i) => join(dir, `${i}.sh`));
    await Promise.all(scripts.map((s, i) => writeFile(files[i]!, s.text)));
    const args = ['--format=json1', '--norc', `--exclude=${EXCLUDED_CODES.join(',')}`, ...files];
    const stdout = await run(options.binary, args, options.timeoutMs ?? 30_000);
    const { comments } = JSON.parse(stdout) as { comments: Json1Comment[] };
    const byFile = new Map<string, Json1Comment[]>();
    for (const c of comments) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
    return scripts
      .flatMap((s, i) => mapComments(ast, s, byFile.get(files[i]!) ?? []))
      .sort(compareDiagnostics);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The level a ShellCheck finding gets under a config: `rules: { shellcheck/SC2086: off }`, `shellcheck: off`, `.hadolint.yaml`. */
export function shellcheckLevel(
  code: string,
  config: Pick<LintConfig, 'rules' | 'sourceLevels'>,
  severity: Severity,
): RuleLevel {
  const sc = code.replace(/^shellcheck\//, '');
  return (
    config.rules[code]?.level ??
    config.sourceLevels[`hadolint:${sc}`] ??
    config.sourceLevels[`shellcheck:${sc}`] ??
    config.rules.shellcheck?.level ??
    severity
  );
}

/** Apply config levels and inline suppressions (`# hadolint ignore=SC2086`, `# dockwright ignore=shellcheck/SC2086`). */
export function filterShellcheck(
  diagnostics: readonly Diagnostic[],
  config: Pick<LintConfig, 'rules' | 'sourceLevels'>,
  suppressions: readonly Suppression[],
): Diagnostic[] {
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = shellcheckLevel(d.code, config, d.severity);
    if (level === 'off') continue;
    const sc = d.code.replace(/^shellcheck\//, '');
    const ids = [`shellcheck:${sc}`, `hadolint:${sc}`];
    // BuildKit's `# check=skip=all` is about BuildKit's checks, not ShellCheck.
    const by = suppressions.find((s) => s.tool !== 'buildkit' && suppresses(s, d.code, ids, d.range));
    if (by) {
      by.used = true;
      continue;
    }
    kept.push(level === d.severity ? d : { ...d, severity: level });
  }
  return kept;
}
