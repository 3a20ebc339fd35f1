import { compareDiagnostics, type Diagnostic, type Fix, type TextEdit } from '../../core/diagnostic.js';
import type { Range } from '../../core/source.js';
import type { ComposeLocation, ComposeProject } from '../../parse/compose/loader.js';
import type { ComposeModel, ComposeService } from '../../parse/compose/model.js';
import { interpolate } from './messages.js';
import type { LintSettings, RuleMeta } from './rule.js';

export type ComposePath = readonly (string | number)[];

export interface ComposeReport<MessageId extends string> {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The model path the finding is about (`['services', 'web', 'ports', 0]`); the nearest written ancestor is used. */
  readonly path?: ComposePath;
  /** An explicit place in a file, for things the model does not keep (comments, obsolete keys). */
  readonly where?: { readonly file: string; readonly range: Range };
  /** Point at the mapping key instead of the value (e.g. for "remove this key"). */
  readonly at?: 'key' | 'value';
  /** Edits in the file the path resolves to (offsets into that file). */
  readonly fix?: readonly TextEdit[] | TextEdit;
  readonly hint?: string;
}

export interface ComposeRuleContext<MessageId extends string, Options> {
  readonly ruleId: string;
  readonly project: ComposeProject;
  readonly model: ComposeModel;
  readonly options: Options;
  readonly settings: LintSettings;
  /** Where a model path was written (after merge, extends and include), or undefined. */
  locate(path: ComposePath): ComposeLocation | undefined;
  report(descriptor: ComposeReport<MessageId>): void;
}

export interface ComposeVisitors {
  /** Every active service, in name order. */
  readonly service?: (name: string, service: ComposeService) => void;
  /** After all services. */
  readonly projectExit?: () => void;
}

export interface ComposeRule<MessageId extends string = string, Options = Record<string, never>> {
  readonly name: string;
  readonly language: 'compose';
  readonly meta: RuleMeta<MessageId, Options>;
  create(context: ComposeRuleContext<MessageId, Options>): ComposeVisitors;
}

/** Identity with types: one rule per file under `rules/compose/`, `export default defineComposeRule({...})`. */
export function defineComposeRule<MessageId extends string, Options = Record<string, never>>(
  rule: Omit<ComposeRule<MessageId, Options>, 'language'>,
): ComposeRule<MessageId, Options> {
  return { ...rule, language: 'compose' };
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous rule list needs an erased type
export type AnyComposeRule = ComposeRule<string, any>;

export interface ActiveComposeRule {
  readonly rule: AnyComposeRule;
  readonly severity: Diagnostic['severity'];
  readonly options: unknown;
}

/** Locate a path, falling back to the nearest ancestor that was written in a file. */
function locateNearest(project: ComposeProject, path: ComposePath): ComposeLocation | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = project.locate(path.slice(0, n));
    if (found) return found;
  }
  return undefined;
}

// ---- suppressions -------------------------------------------------------------------------------

interface LineSuppression {
  readonly file: string;
  /** 1-based lines the suppression covers; undefined = the whole file. */
  readonly lines?: ReadonlySet<number>;
  /** Rule ids (ours) or dclint rule names; empty = every rule. */
  readonly ids: readonly string[];
}

const OURS = /#\s*dockwright\s+(?:(global)\s+)?ignore\s*=\s*([^\s#]+)/i;
const DCLINT = /#\s*dclint\s+(disable-file|disable-line|disable)\b([^#]*)/i;

/**
 * `# dockwright ignore=rule` covers its own line and the next; `# dockwright global ignore=` the file.
 * dclint's `# dclint disable-line [rules]` (same line or the line before), `# dclint disable [rules]` and
 * `# dclint disable-file` are honoured, dclint names mapping through rule `sources`.
 */
function collectComposeSuppressions(project: ComposeProject): LineSuppression[] {
  const found: LineSuppression[] = [];
  for (const file of project.files) {
    const lines = file.source.text.split(/\r?\n/);
    lines.forEach((text, i) => {
      const line = i + 1;
      const ours = OURS.exec(text);
      if (ours) {
        const ids = ours[2]!.split(',').filter(Boolean);
        found.push({ file: file.path, ids, ...(ours[1] ? {} : { lines: new Set([line, line + 1]) }) });
      }
      const dclint = DCLINT.exec(text);
      if (dclint) {
        const ids = dclint[2]!
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((id) => `dclint:${id}`);
        const kind = dclint[1]!.toLowerCase();
        found.push({
          file: file.path,
          ids: kind === 'disable-file' ? [] : ids,
          ...(kind === 'disable-line' ? { lines: new Set([line, line + 1]) } : {}),
        });
      }
    });
  }
  return found;
}

function isSuppressed(all: readonly LineSuppression[], d: Diagnostic, sources: readonly string[]): boolean {
  return all.some(
    (s) =>
      s.file === d.file &&
      (!s.lines || s.lines.has(d.start.line)) &&
      (s.ids.length === 0 || s.ids.includes(d.code) || s.ids.some((id) => sources.includes(id))),
  );
}

// ---- linting --------------------------------------------------------------------------------------

/** Loader diagnostic codes that a rule covers with more context or a fix. */
const SUPERSEDED_BY_RULE: Readonly<Record<string, string>> = {
  'compose/version-obsolete': 'no-version-field',
};

export interface ComposeLintOptions {
  readonly rules: readonly ActiveComposeRule[];
  readonly settings: LintSettings;
  /** Honour `# dockwright ignore=` and `# dclint disable…` comments (default true). */
  readonly inlineSuppressions?: boolean;
}

export interface ComposeLintResult {
  /** Loader findings (YAML, interpolation, schema, semantics) and rule findings, suppressed ones removed. */
  readonly diagnostics: readonly Diagnostic[];
  readonly suppressed: readonly Diagnostic[];
}

/** Run compose rules over a loaded project; every rule shares the one merged model. */
export function lintComposeProject(project: ComposeProject, options: ComposeLintOptions): ComposeLintResult {
  // Loader warnings that a rule reports better (with a fix) are left to that rule when it runs.
  const active = new Set(options.rules.map((a) => a.rule.name));
  const found: Diagnostic[] = project.diagnostics.filter((d) => {
    const rule = SUPERSEDED_BY_RULE[d.code];
    return !(rule && active.has(rule));
  });
  const listeners: { ruleId: string; visitors: ComposeVisitors }[] = [];
  const crash = (ruleId: string, error: unknown) => {
    const file = project.files[0];
    found.push({
      file: file?.path ?? project.projectDir,
      range: { start: 0, end: 0 },
      start: { line: 1, column: 1 },
      end: { line: 1, column: 1 },
      severity: 'error',
      code: 'internal/rule-error',
      message: `rule '${ruleId}' failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'This is a bug in dockwright; please report it with this compose file.',
    });
  };

  for (const active of options.rules) {
    const { rule } = active;
    const context: ComposeRuleContext<string, unknown> = {
      ruleId: rule.name,
      project,
      model: project.model,
      options: active.options,
      settings: options.settings,
      locate: (path) => project.locate(path),
      report(descriptor) {
        const explicit = descriptor.where
          ? project.files.find((f) => f.path === descriptor.where!.file)
          : undefined;
        const location = explicit ? undefined : locateNearest(project, descriptor.path ?? []);
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined)
          throw new Error(`rule '${rule.name}' has no message '${descriptor.messageId}'`);
        const range: Range = explicit
          ? descriptor.where!.range
          : location
            ? descriptor.at === 'key' && location.keyRange
              ? location.keyRange
              : location.range
            : { start: 0, end: 0 };
        const source = explicit?.source ?? location?.source ?? project.files[0]?.source;
        let fix: Fix | undefined;
        if (descriptor.fix) {
          if (!rule.meta.fixable)
            throw new Error(`rule '${rule.name}' reported a fix but is not marked fixable`);
          const edits = Array.isArray(descriptor.fix) ? descriptor.fix : [descriptor.fix as TextEdit];
          fix = { kind: rule.meta.fixable, edits };
        }
        found.push({
          file: explicit?.path ?? location?.file ?? source?.path ?? project.projectDir,
          range,
          start: source ? source.positionAt(range.start) : { line: 1, column: 1 },
          end: source ? source.positionAt(range.end) : { line: 1, column: 1 },
          severity: active.severity,
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
      crash(rule.name, error);
    }
  }

  const broken = new Set<string>();
  const emit = (call: (v: ComposeVisitors) => void) => {
    for (const { ruleId, visitors } of listeners) {
      if (broken.has(ruleId)) continue;
      try {
        call(visitors);
      } catch (error) {
        broken.add(ruleId);
        crash(ruleId, error);
      }
    }
  };
  for (const name of Object.keys(project.model.services).sort()) {
    const service = project.model.services[name]!;
    emit((v) => v.service?.(name, service));
  }
  emit((v) => v.projectExit?.());

  const suppressions = options.inlineSuppressions === false ? [] : collectComposeSuppressions(project);
  const sourcesOf = new Map(options.rules.map((a) => [a.rule.name, a.rule.meta.sources ?? []]));
  const diagnostics: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of found) {
    const sources = sourcesOf.get(d.code);
    if (sources && isSuppressed(suppressions, d, sources)) suppressed.push(d);
    else diagnostics.push(d);
  }
  return { diagnostics: diagnostics.sort(compareDiagnostics), suppressed };
}
