import {
  compareDiagnostics,
  type Diagnostic,
  type Fix,
  type Severity,
  type TextEdit,
} from '../../core/diagnostic.js';
import type { Range } from '../../core/source.js';
import type { DockerfileAST, Instruction } from '../../parse/dockerfile/ast.js';
import { MappedText, parseDockerfile } from '../../parse/dockerfile/index.js';
import {
  type BuildModelOptions,
  buildModel,
  type DockerfileModel,
  type Stage,
} from '../../parse/dockerfile/model.js';
import { parseShell, type ShellScript } from '../../parse/shell/index.js';
import type { ActiveRule } from './config.js';
import { applyFixes } from './fixer.js';
import { interpolate } from './messages.js';
import type { BuildContextInfo, DockerfileRuleContext, DockerfileVisitors, LintSettings } from './rule.js';
import { collectSuppressions, type Suppression, suppresses } from './suppressions.js';

export interface LintOptions {
  readonly path: string;
  readonly rules: readonly ActiveRule[];
  readonly settings?: Partial<LintSettings>;
  readonly buildContext?: BuildContextInfo;
  /** Honour `# dockwright ignore=`, `# hadolint ignore=` and `# check=skip=` (default true). */
  readonly inlineSuppressions?: boolean;
  readonly model?: BuildModelOptions;
}

export interface LintResult {
  readonly ast: DockerfileAST;
  readonly model: DockerfileModel;
  /** Parser findings and rule findings, sorted, suppressed ones removed. */
  readonly diagnostics: readonly Diagnostic[];
  readonly suppressed: readonly Diagnostic[];
  readonly suppressions: readonly Suppression[];
}

export const DEFAULT_SETTINGS: LintSettings = {
  profile: 'production',
  trustedRegistries: [],
  requiredLabels: [],
};

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox', 'mksh']);

const WINDOWS_IMAGE = /(?:^|\/)(?:windows|nanoserver|servercore|windowsservercore)(?:[/:@-]|$)/i;

/**
 * Whether shell-form commands at this instruction run in a POSIX-style shell: `SHELL` can switch to
 * PowerShell or cmd, and Windows base images default to `cmd /S /C`.
 */
export function runsPosixShell(stage: Stage | undefined, instruction: Instruction): boolean {
  if (!stage) return true;
  let shell: string | undefined;
  for (let s: Stage | undefined = stage; s && shell === undefined; s = s.baseStage) {
    for (const ins of s.instructions) {
      if (s === stage && ins.range.start >= instruction.range.start) break;
      if (ins.keyword === 'SHELL' && ins.form === 'json' && ins.args[0]) shell = ins.args[0].value;
    }
    if (shell === undefined && !s.baseStage && WINDOWS_IMAGE.test(s.base.expanded ?? s.base.raw))
      shell = 'cmd';
  }
  const name = (shell ?? '/bin/sh')
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  return POSIX_SHELLS.has(name);
}

class ShellCache {
  readonly #scripts = new Map<Instruction, ShellScript | undefined>();
  readonly #heredocs = new Map<Instruction, ShellScript[]>();
  constructor(readonly model: DockerfileModel) {}

  shellOf(instruction: Instruction): ShellScript | undefined {
    if (this.#scripts.has(instruction)) return this.#scripts.get(instruction);
    let script: ShellScript | undefined;
    const command = 'command' in instruction ? instruction.command : undefined;
    if (
      command &&
      instruction.form === 'shell' &&
      runsPosixShell(this.model.stageOf(instruction), instruction)
    ) {
      script = parseShell(command);
    } else if (instruction.form === 'json') {
      script = this.#execFormScript(instruction);
    }
    this.#scripts.set(instruction, script);
    return script;
  }

  /** `RUN ["sh", "-c", "apt-get install …"]`: exec form that still runs a shell script, parsed like shell form. */
  #execFormScript(instruction: Instruction): ShellScript | undefined {
    if (instruction.keyword !== 'RUN') return undefined;
    const [shell, flag, body] = instruction.args;
    if (!shell || !flag || !body || instruction.args.length !== 3) return undefined;
    const program = shell.value.split('/').pop() ?? '';
    if (!POSIX_SHELLS.has(program) || !/^-[a-z]*c[a-z]*$/.test(flag.value)) return undefined;
    // Offsets map exactly when the JSON string has no escapes; otherwise every offset maps to the string's start.
    const raw = body.raw.length >= 2 ? body.raw.slice(1, -1) : body.raw;
    const text =
      raw === body.value
        ? MappedText.contiguous(body.value, body.range.start + 1)
        : new MappedText(body.value, [0], [body.range.start]);
    return parseShell(text);
  }

  heredocScripts(instruction: Instruction): ShellScript[] {
    let scripts = this.#heredocs.get(instruction);
    if (!scripts) {
      scripts = [];
      if (instruction.keyword === 'RUN' && runsPosixShell(this.model.stageOf(instruction), instruction)) {
        const runsBodies = heredocsAreScripts(instruction.command?.text ?? '');
        for (const heredoc of instruction.heredocs) {
          if (!runsBodies) break;
          // A heredoc with a shebang for another interpreter (python, node) is not shell.
          const firstLine = heredoc.content.split('\n', 1)[0] ?? '';
          if (firstLine.startsWith('#!') && !/\b(?:ba|da|a|z|k)?sh\b/.test(firstLine)) continue;
          scripts.push(parseShell(heredoc.body));
        }
      }
      this.#heredocs.set(instruction, scripts);
    }
    return scripts;
  }
}

const HEREDOC_OPERATOR = /\d*<<-?\s*(?:"[^"]*"|'[^']*'|[^\s<>|;&]+)/g;
const SHELL_READING_STDIN =
  /^(?:(?:\/usr)?\/bin\/)?(?:sh|bash|ash|dash|zsh|ksh)(?:\s+-[a-zA-Z]+)*(?:\s+-o\s+\w+)*$/;

/**
 * Do a RUN's heredoc bodies run as shell? Yes for `RUN <<EOF` (BuildKit runs the body as the script) and
 * `RUN bash -e <<EOF` (a shell reading it on stdin); no for `RUN cat <<EOF > /etc/conf` or `RUN python3 <<EOF`,
 * where the body is data or another language.
 */
export function heredocsAreScripts(commandText: string): boolean {
  const rest = commandText.replace(HEREDOC_OPERATOR, ' ').trim();
  return rest === '' || SHELL_READING_STDIN.test(rest);
}

function internalDiagnostic(ast: DockerfileAST, ruleId: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  return {
    file: ast.source.path,
    range: { start: 0, end: 0 },
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    severity: 'error',
    code: 'internal/rule-error',
    message: `rule '${ruleId}' failed: ${message}`,
    hint: 'This is a bug in dockwright; please report it with this Dockerfile.',
  };
}

/** Run the active rules over one Dockerfile in a single walk; every rule shares the parse, model and shell ASTs. */
export function lintDockerfile(text: string, options: LintOptions): LintResult {
  const ast = parseDockerfile(text, { path: options.path });
  const model = buildModel(ast, options.model);
  const settings: LintSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const shells = new ShellCache(model);
  const finalStage = model.stages.at(-1);
  const found: Diagnostic[] = [...ast.diagnostics];

  const suppressions = options.inlineSuppressions === false ? [] : collectSuppressions(ast, model);
  const listeners: { ruleId: string; visitors: DockerfileVisitors }[] = [];
  for (const active of options.rules) {
    const { rule } = active;
    const context: DockerfileRuleContext<string, unknown> = {
      ruleId: rule.name,
      file: options.path,
      ast,
      model,
      options: active.options,
      settings,
      ...(options.buildContext ? { buildContext: options.buildContext } : {}),
      shellOf: (i) => shells.shellOf(i),
      heredocScripts: (i) => shells.heredocScripts(i),
      finalStage,
      suppressions,
      isFinalStage: (stage) => stage !== undefined && stage === finalStage,
      report(descriptor) {
        const range: Range | undefined = descriptor.range ?? descriptor.node?.range;
        if (!range) throw new Error(`rule '${rule.name}' reported without a range or node`);
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined)
          throw new Error(`rule '${rule.name}' has no message '${descriptor.messageId}'`);
        let fix: Fix | undefined;
        if (descriptor.fix) {
          if (!rule.meta.fixable)
            throw new Error(`rule '${rule.name}' reported a fix but is not marked fixable`);
          const edits: readonly TextEdit[] = Array.isArray(descriptor.fix)
            ? descriptor.fix
            : [descriptor.fix as TextEdit];
          fix = { kind: rule.meta.fixable, edits };
        }
        found.push({
          file: options.path,
          range,
          start: ast.source.positionAt(range.start),
          end: ast.source.positionAt(range.end),
          severity: active.severity as Severity,
          code: rule.name,
          messageId: descriptor.messageId,
          message: interpolate(template, descriptor.data),
          ...(descriptor.hint ? { hint: descriptor.hint } : {}),
          ...(fix ? { fix } : {}),
          ...(rule.meta.sources?.length ? { sources: rule.meta.sources } : {}),
        });
      },
    };
    try {
      listeners.push({ ruleId: rule.name, visitors: rule.create(context as never) });
    } catch (error) {
      found.push(internalDiagnostic(ast, rule.name, error));
    }
  }

  const broken = new Set<string>();
  const emit = (call: (v: DockerfileVisitors) => void) => {
    for (const { ruleId, visitors } of listeners) {
      if (broken.has(ruleId)) continue;
      try {
        call(visitors);
      } catch (error) {
        broken.add(ruleId);
        found.push(internalDiagnostic(ast, ruleId, error));
      }
    }
  };

  let current: Stage | undefined;
  for (const instruction of ast.instructions) {
    const stage = model.stageOf(instruction);
    if (stage !== current) {
      const previous = current;
      if (previous) emit((v) => v.stageExit?.(previous));
      current = stage;
      if (stage) emit((v) => v.stageEnter?.(stage));
    }
    emit((v) => {
      v.instruction?.(instruction, stage);
      const visit = v[instruction.keyword as keyof DockerfileVisitors] as
        | ((node: Instruction, stage: Stage | undefined) => void)
        | undefined;
      visit?.(instruction, stage);
    });
  }
  const last = current;
  if (last) emit((v) => v.stageExit?.(last));
  emit((v) => v.fileExit?.());

  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  const sourcesOf = new Map(options.rules.map((a) => [a.rule.name, a.rule.meta.sources ?? []]));
  for (const d of found) {
    const sources = sourcesOf.get(d.code);
    const by = sources ? suppressions.find((s) => suppresses(s, d.code, sources, d.range)) : undefined;
    if (by) {
      by.used = true;
      suppressed.push(d);
    } else kept.push(d);
  }
  return { ast, model, diagnostics: kept.sort(compareDiagnostics), suppressed, suppressions };
}

export interface FixOptions extends LintOptions {
  /** Also apply fixes marked `unsafe` (they may change what gets built). */
  readonly unsafe?: boolean;
  /** Give up after this many lint-and-fix passes (default 10). */
  readonly maxPasses?: number;
}

export interface FixResult {
  readonly output: string;
  readonly changed: boolean;
  readonly applied: number;
  readonly passes: number;
  /** Findings remaining in the fixed output. */
  readonly result: LintResult;
}

function parseErrors(result: LintResult): number {
  return result.ast.diagnostics.filter((d) => d.severity === 'error').length;
}

/**
 * Lint, apply non-overlapping fixes, lint again: up to `maxPasses` times, stopping when nothing
 * changes or a text repeats (a cycle). A pass whose output parses worse than its input is discarded.
 */
export function fixDockerfile(text: string, options: FixOptions): FixResult {
  const seen = new Set([text]);
  let current = text;
  let result = lintDockerfile(current, options);
  let applied = 0;
  let passes = 0;
  const maxPasses = options.maxPasses ?? 10;
  while (passes < maxPasses) {
    const fixes = result.diagnostics
      .map((d) => d.fix)
      .filter((f): f is Fix => f !== undefined && (f.kind === 'safe' || options.unsafe === true));
    if (fixes.length === 0) break;
    const pass = applyFixes(current, fixes);
    if (pass.applied === 0 || seen.has(pass.output)) break;
    const next = lintDockerfile(pass.output, options);
    if (parseErrors(next) > parseErrors(result)) break;
    passes++;
    applied += pass.applied;
    seen.add(pass.output);
    current = pass.output;
    result = next;
  }
  return { output: current, changed: current !== text, applied, passes, result };
}
