import { AssertionError, strictEqual } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic, Fix } from '../../core/diagnostic.js';
import { loadCompose } from '../../parse/compose/loader.js';
import { type AnyComposeRule, lintComposeProject } from '../engine/compose.js';
import { applyFixes } from '../engine/fixer.js';
import { DEFAULT_SETTINGS } from '../engine/linter.js';
import type { LintSettings } from '../engine/rule.js';
import { describeFindings, type ExpectedError, expectFindings } from './rule-tester.js';

export interface ComposeValidCase<Options = unknown> {
  /** The compose.yaml text. */
  readonly code: string;
  readonly name?: string;
  /** Other files in the project folder (`.env`, `Dockerfile`, `compose.override.yaml`…). */
  readonly files?: Readonly<Record<string, string>>;
  /** The shell environment for interpolation. */
  readonly env?: Readonly<Record<string, string>>;
  readonly profiles?: readonly string[];
  readonly options?: Partial<Options>;
  readonly settings?: Partial<LintSettings>;
}

export interface ComposeInvalidCase<Options = unknown> extends ComposeValidCase<Options> {
  readonly errors: readonly ExpectedError[];
  /** Required for fixable rules: compose.yaml after all fixes, or `null` when this case has no fix. */
  readonly output?: string | null;
}

export interface ComposeRuleCases<Options = unknown> {
  readonly valid: readonly (ComposeValidCase<Options> | string)[];
  readonly invalid: readonly ComposeInvalidCase<Options>[];
}

export interface AsyncTestHooks {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
}

async function run(rule: AnyComposeRule, c: ComposeValidCase, code = c.code) {
  const dir = await mkdtemp(join(tmpdir(), 'dw-compose-rule-'));
  try {
    await writeFile(join(dir, 'compose.yaml'), code);
    for (const [name, text] of Object.entries(c.files ?? {})) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const project = await loadCompose({
      workingDir: dir,
      env: c.env ?? {},
      ...(c.profiles ? { profiles: c.profiles } : {}),
    });
    const options = { ...(rule.meta.defaultOptions ?? {}), ...(c.options ?? {}) };
    const result = lintComposeProject(project, {
      rules: [{ rule, severity: rule.meta.severity, options }],
      settings: { ...DEFAULT_SETTINGS, ...c.settings },
    });
    return { project, result };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function loaderErrors(list: readonly Diagnostic[], rule: string): Diagnostic[] {
  return list.filter((d) => d.severity === 'error' && d.code !== rule && d.code !== 'internal/rule-error');
}

export async function checkComposeValid(rule: AnyComposeRule, c: ComposeValidCase): Promise<void> {
  const { result } = await run(rule, c);
  const own = result.diagnostics.filter((d) => d.code === rule.name || d.code === 'internal/rule-error');
  if (own.length)
    throw new AssertionError({ message: `expected no findings, got:\n${describeFindings(own)}` });
}

export async function checkComposeInvalid(rule: AnyComposeRule, c: ComposeInvalidCase): Promise<void> {
  const { result } = await run(rule, c);
  const crash = result.diagnostics.find((d) => d.code === 'internal/rule-error');
  if (crash) throw new AssertionError({ message: crash.message });
  const own = result.diagnostics.filter((d) => d.code === rule.name);
  expectFindings(own, c.errors);
  if (!rule.meta.fixable) {
    if (c.output !== undefined)
      throw new AssertionError({ message: "rule is not fixable but the case gives 'output'" });
    return;
  }
  if (c.output === undefined)
    throw new AssertionError({ message: "rule is fixable: invalid case needs 'output'" });
  // Fix compose.yaml until nothing changes (max 10 passes), as `--fix` would.
  let text = c.code;
  for (let pass = 0; pass < 10; pass++) {
    const { result: now } = await run(rule, c, text);
    const fixes = now.diagnostics
      .filter((d) => d.code === rule.name && d.fix && d.file.endsWith('compose.yaml'))
      .map((d) => d.fix as Fix);
    if (!fixes.length) break;
    const next = applyFixes(text, fixes).output;
    if (next === text) break;
    text = next;
  }
  if (c.output === null) {
    strictEqual(text, c.code, 'expected no fix to apply');
    return;
  }
  strictEqual(text, c.output, 'fixed output differs');
  const { result: after } = await run(rule, c, text);
  const broken = loaderErrors(after.diagnostics, rule.name).filter((d) => d.code.startsWith('compose/yaml'));
  if (broken.length)
    throw new AssertionError({ message: `fixed output does not parse:\n${describeFindings(broken)}` });
  const remaining = after.diagnostics.filter((d) => d.code === rule.name && d.fix);
  if (remaining.length)
    throw new AssertionError({
      message: `fixed output still has fixable findings:\n${describeFindings(remaining)}`,
    });
}

/** Table-driven compose rule tests, like `runRuleTests` for Dockerfiles. */
export function runComposeRuleTests<Options>(
  rule: AnyComposeRule,
  cases: ComposeRuleCases<Options>,
  hooks: AsyncTestHooks,
): void {
  hooks.describe(rule.name, () => {
    if (cases.valid.length === 0 || cases.invalid.length === 0) {
      hooks.it('has valid and invalid cases', async () => {
        throw new AssertionError({ message: 'every rule needs at least one valid and one invalid case' });
      });
    }
    hooks.describe('valid', () => {
      for (const c of cases.valid) {
        const vc = typeof c === 'string' ? { code: c } : c;
        hooks.it(vc.name ?? vc.code.trim().split('\n').slice(0, 3).join(' ⏎ ').slice(0, 80), () =>
          checkComposeValid(rule, vc),
        );
      }
    });
    hooks.describe('invalid', () => {
      for (const c of cases.invalid) {
        hooks.it(c.name ?? c.code.trim().split('\n').slice(0, 3).join(' ⏎ ').slice(0, 80), () =>
          checkComposeInvalid(rule, c),
        );
      }
    });
  });
}
