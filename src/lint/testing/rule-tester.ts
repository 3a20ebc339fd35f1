import { AssertionError, deepStrictEqual, strictEqual } from 'node:assert';
import type { Diagnostic } from '../../core/diagnostic.js';
import { fixDockerfile, type LintOptions, lintDockerfile } from '../engine/linter.js';
import type { AnyDockerfileRule, BuildContextInfo, LintSettings } from '../engine/rule.js';

export interface ValidCase<Options = unknown> {
  readonly code: string;
  readonly name?: string;
  readonly options?: Partial<Options>;
  readonly settings?: Partial<LintSettings>;
  readonly buildContext?: BuildContextInfo;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface ExpectedError {
  readonly messageId: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The exact rendered message, when the test cares about wording. */
  readonly message?: string;
}

export interface InvalidCase<Options = unknown> extends ValidCase<Options> {
  readonly errors: readonly ExpectedError[];
  /** Required for fixable rules: the text after all fixes (unsafe included), or `null` when this case has no fix. */
  readonly output?: string | null;
}

export interface RuleCases<Options = unknown> {
  readonly valid: readonly (ValidCase<Options> | string)[];
  readonly invalid: readonly InvalidCase<Options>[];
}

export interface TestHooks {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void): void;
}

function optionsFor(rule: AnyDockerfileRule, c: ValidCase): LintOptions {
  return {
    path: 'Dockerfile',
    rules: [
      {
        rule,
        severity: rule.meta.severity,
        options: { ...(rule.meta.defaultOptions ?? {}), ...(c.options ?? {}) },
      },
    ],
    ...(c.settings ? { settings: c.settings } : {}),
    ...(c.buildContext ? { buildContext: c.buildContext } : {}),
    ...(c.buildArgs ? { model: { buildArgs: c.buildArgs } } : {}),
  };
}

function title(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').slice(-2).join(' ⏎ ').slice(0, 80);
}

export function checkValid(rule: AnyDockerfileRule, c: ValidCase): void {
  const result = lintDockerfile(c.code, optionsFor(rule, c));
  const parseErrors = result.ast.diagnostics.filter((d) => d.severity === 'error');
  if (parseErrors.length)
    throw new AssertionError({ message: `test code does not parse:\n${describeFindings(parseErrors)}` });
  const own = result.diagnostics.filter((d) => d.code === rule.name || d.code === 'internal/rule-error');
  if (own.length)
    throw new AssertionError({ message: `expected no findings, got:\n${describeFindings(own)}` });
}

/** Compare a rule's findings with a case's expected errors: count, then each messageId and the positions given. */
export function expectFindings(own: readonly Diagnostic[], errors: readonly ExpectedError[]): void {
  strictEqual(
    own.length,
    errors.length,
    `expected ${errors.length} finding(s), got:\n${describeFindings(own)}`,
  );
  errors.forEach((expected, i) => {
    const actual = own[i]!;
    const picked: Record<string, unknown> = { messageId: actual.messageId };
    if (expected.line !== undefined) picked.line = actual.start.line;
    if (expected.column !== undefined) picked.column = actual.start.column;
    if (expected.endLine !== undefined) picked.endLine = actual.end.line;
    if (expected.endColumn !== undefined) picked.endColumn = actual.end.column;
    if (expected.message !== undefined) picked.message = actual.message;
    deepStrictEqual(picked, { ...expected }, `finding ${i + 1} differs`);
    if (actual.message.includes('{{'))
      throw new AssertionError({ message: `unfilled placeholder in: ${actual.message}` });
  });
}

export function describeFindings(list: readonly Diagnostic[]): string {
  return (
    list
      .map((d) => `${d.start.line}:${d.start.column} ${d.code}/${d.messageId ?? '?'} ${d.message}`)
      .join('\n') || '(none)'
  );
}

export function checkInvalid(rule: AnyDockerfileRule, c: InvalidCase): void {
  const options = optionsFor(rule, c);
  const result = lintDockerfile(c.code, options);
  const crash = result.diagnostics.find((d) => d.code === 'internal/rule-error');
  if (crash) throw new AssertionError({ message: crash.message });
  const own = result.diagnostics.filter((d) => d.code === rule.name);
  expectFindings(own, c.errors);
  if (rule.meta.fixable) {
    if (c.output === undefined) {
      throw new AssertionError({
        message: `rule is fixable: invalid case needs 'output' (string, or null for no fix)`,
      });
    }
    const fixed = fixDockerfile(c.code, { ...options, unsafe: true });
    if (c.output === null) {
      strictEqual(fixed.output, c.code, 'expected no fix to apply');
      return;
    }
    strictEqual(fixed.output, c.output, 'fixed output differs');
    const after = fixed.result;
    const parseErrors = after.ast.diagnostics.filter((d) => d.severity === 'error');
    if (parseErrors.length)
      throw new AssertionError({ message: `fixed output does not parse:\n${describeFindings(parseErrors)}` });
    const remaining = after.diagnostics.filter((d) => d.code === rule.name && d.fix);
    if (remaining.length)
      throw new AssertionError({
        message: `fixed output still has fixable findings:\n${describeFindings(remaining)}`,
      });
  } else if (c.output !== undefined) {
    throw new AssertionError({ message: `rule is not fixable but the case gives 'output'` });
  }
}

/** Table-driven rule tests, independent of the test framework (hooks are injected). */
export function runRuleTests<Options>(
  rule: AnyDockerfileRule,
  cases: RuleCases<Options>,
  hooks: TestHooks,
): void {
  hooks.describe(rule.name, () => {
    if (cases.valid.length === 0 || cases.invalid.length === 0) {
      hooks.it('has valid and invalid cases', () => {
        throw new AssertionError({ message: 'every rule needs at least one valid and one invalid case' });
      });
    }
    hooks.describe('valid', () => {
      for (const c of cases.valid) {
        const vc = typeof c === 'string' ? { code: c } : c;
        hooks.it(title(vc), () => checkValid(rule, vc));
      }
    });
    hooks.describe('invalid', () => {
      for (const c of cases.invalid) hooks.it(title(c), () => checkInvalid(rule, c));
    });
  });
}
