import type { Range } from '../../core/source.js';
import type { DockerfileAST, Instruction } from '../../parse/dockerfile/ast.js';
import type { DockerfileModel } from '../../parse/dockerfile/model.js';

export type SuppressionScope = 'next' | 'stage' | 'global';

export interface Suppression {
  readonly tool: 'dockwright' | 'hadolint' | 'buildkit';
  readonly scope: SuppressionScope;
  /** Ids as written: dockwright rule ids, hadolint DL/SC codes, BuildKit check names, or `all`. */
  readonly ids: readonly string[];
  readonly reason?: string;
  /** The comment or directive carrying it. */
  readonly range: Range;
  /** The source range it covers. */
  readonly covers: Range;
  used: boolean;
}

const PRAGMA =
  /^\s*(dockwright|hadolint)\s+(?:(global|stage)\s+)?ignore\s*=\s*([^\s]*)\s*(?:--\s*(.*?))?\s*$/i;

const CHECK_COMMENT = /^\s*check\s*=\s*(.*?)\s*$/i;

/** The check names in a `check=` value: `skip=A,B;error=true` → [A, B]. */
function checkSkipIds(value: string): string[] {
  // `# check=skip=Rule // why` carries a reason after `//`.
  for (const part of value.replace(/\s*\/\/.*$/, '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'skip') continue;
    return part
      .slice(eq + 1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return [];
}

function nextInstruction(ast: DockerfileAST, offset: number): Instruction | undefined {
  return ast.instructions.find((i) => i.range.start >= offset);
}

/** Every suppression a Dockerfile declares: our comments, hadolint's pragmas and BuildKit's `# check=skip=`. */
export function collectSuppressions(ast: DockerfileAST, model: DockerfileModel): Suppression[] {
  const whole: Range = { start: 0, end: ast.source.text.length };
  const found: Suppression[] = [];
  const comments = [...ast.comments, ...ast.instructions.flatMap((i) => i.comments)].sort(
    (a, b) => a.range.start - b.range.start,
  );
  for (const comment of comments) {
    // BuildKit also honours `# check=skip=Rule` as a comment right before an instruction.
    const check = CHECK_COMMENT.exec(comment.text);
    if (check) {
      const target = nextInstruction(ast, comment.range.end);
      const ids = checkSkipIds(check[1]!);
      const reason = /\/\/\s*(.*?)\s*$/.exec(check[1]!)?.[1];
      if (target && ids.length) {
        found.push({
          tool: 'buildkit',
          scope: 'next',
          ids,
          ...(reason ? { reason } : {}),
          range: comment.range,
          covers: target.range,
          used: false,
        });
      }
      continue;
    }
    const m = PRAGMA.exec(comment.text);
    if (!m) continue;
    const tool = m[1]!.toLowerCase() as 'dockwright' | 'hadolint';
    const scope: SuppressionScope = (m[2]?.toLowerCase() as SuppressionScope | undefined) ?? 'next';
    const ids = m[3]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    let covers: Range = whole;
    if (scope !== 'global') {
      const next = nextInstruction(ast, comment.range.end);
      if (scope === 'next') {
        // A pragma inside a continuation covers the instruction it sits in.
        const enclosing = ast.instructions.find(
          (i) => i.range.start <= comment.range.start && comment.range.end <= i.range.end,
        );
        const target = enclosing ?? next;
        covers = target ? target.range : { start: comment.range.end, end: comment.range.end };
      } else {
        const stage = next ? model.stageOf(next) : undefined;
        const stageEnd = stage?.instructions.at(-1)?.range.end ?? stage?.from.range.end;
        covers = stage ? { start: stage.from.range.start, end: stageEnd ?? whole.end } : whole;
      }
    }
    found.push({
      tool,
      scope,
      ids,
      ...(m[4] ? { reason: m[4] } : {}),
      range: comment.range,
      covers,
      used: false,
    });
  }
  for (const directive of ast.directives) {
    if (directive.name !== 'check') continue;
    const ids = checkSkipIds(directive.value);
    if (ids.length)
      found.push({
        tool: 'buildkit',
        scope: 'global',
        ids,
        range: directive.range,
        covers: whole,
        used: false,
      });
  }
  return found;
}

/** Does a suppression silence this rule (given its id and its `sources`) at this range? */
export function suppresses(s: Suppression, ruleId: string, sources: readonly string[], at: Range): boolean {
  if (at.start < s.covers.start || at.start > s.covers.end) return false;
  return s.ids.some((id) => {
    if (id.toLowerCase() === 'all') return s.tool !== 'hadolint';
    if (s.tool === 'dockwright') return id === ruleId;
    return sources.some((source) => source.toLowerCase() === `${s.tool}:${id}`.toLowerCase());
  });
}
