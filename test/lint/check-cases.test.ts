import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveRules } from '../../src/lint/engine/config.js';
import { lintDockerfile } from '../../src/lint/engine/linter.js';
import { dockerfileRules } from '../../src/lint/rules/dockerfile/index.js';
import { haveCorpora, readCorpus, repoRoot, reportPassRate } from '../helpers/corpora.js';

/**
 * BuildKit's own check test cases (`dockerfile_check_test.go`): for every BuildKit check one of our rules implements
 * (its `meta.sources` names `buildkit:<Check>`), the findings of all recommended rules, reduced to (check, line),
 * must equal BuildKit's expected (check, line) set. Data-driven: a new rule with a `buildkit:` source is compared
 * as soon as it is in the registry. Known disagreements live in check-cases-exceptions.json with a reason;
 * an excepted case that starts agreeing fails the test so the exception gets removed.
 *
 * `UPDATE_EXCEPTIONS=1` rewrites the exceptions file with the current disagreements (keeping written reasons).
 */

interface CheckCase {
  readonly test: string;
  readonly dockerfile: string;
  readonly expected: readonly { readonly rule: string; readonly line: number }[];
  readonly needs: readonly string[];
}

interface CaseException {
  readonly case: number;
  readonly test: string;
  readonly reason: string;
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
}

const exceptionsPath = join(repoRoot, 'test/lint/check-cases-exceptions.json');

/** Check name → our rules that implement it. */
function implementedChecks(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const rule of dockerfileRules) {
    for (const source of rule.meta.sources ?? []) {
      if (!source.startsWith('buildkit:')) continue;
      const check = source.slice('buildkit:'.length);
      map.set(check, [...(map.get(check) ?? []), rule.name]);
    }
  }
  return map;
}

/** BuildKit reports a check at the instruction's first line; a rule may point inside a continuation. */
function instructionLine(
  result: ReturnType<typeof lintDockerfile>,
  offset: number,
  fallback: number,
): number {
  const ins = result.ast.instructions.find((i) => i.range.start <= offset && offset <= i.range.end);
  return ins?.startLine ?? fallback;
}

function key(check: string, line: number): string {
  return `${check}@${line}`;
}

describe.skipIf(!haveCorpora)('BuildKit check cases', () => {
  const cases = haveCorpora
    ? (JSON.parse(readCorpus('buildkit', 'check-cases.json')) as { cases: CheckCase[] }).cases
    : [];
  const implemented = implementedChecks();
  // Every rule that some profile recommends (opt-in rules stay off, as they would for a user).
  const rules = resolveRules(dockerfileRules, DEFAULT_CONFIG, 'hardened');
  const activeChecks = new Set(
    rules.flatMap((a) =>
      (a.rule.meta.sources ?? []).filter((s) => s.startsWith('buildkit:')).map((s) => s.slice(9)),
    ),
  );
  const exceptions: CaseException[] = existsSync(exceptionsPath)
    ? JSON.parse(readFileSync(exceptionsPath, 'utf8'))
    : [];
  const exceptionFor = new Map(exceptions.map((e) => [e.case, e]));

  const outcomes = cases.map((c, index) => {
    const expected = [
      ...new Set(c.expected.filter((e) => activeChecks.has(e.rule)).map((e) => key(e.rule, e.line))),
    ].sort();
    const result = lintDockerfile(c.dockerfile, { path: 'Dockerfile', rules });
    const actual = [
      ...new Set(
        result.diagnostics.flatMap((d) =>
          (d.sources ?? [])
            .filter((s) => s.startsWith('buildkit:') && activeChecks.has(s.slice(9)))
            .map((s) => {
              // Most checks are reported at the instruction's first line; a few (NoEmptyContinuation) at their own.
              const own = key(s.slice(9), d.start.line);
              return expected.includes(own)
                ? own
                : key(s.slice(9), instructionLine(result, d.range.start, d.start.line));
            }),
        ),
      ),
    ].sort();
    const testedCheck = c.test.replace(/^test/, '').replace(/s$/, '');
    const relevant =
      expected.length > 0 ||
      actual.length > 0 ||
      [...activeChecks].some((check) => check.replace(/s$/, '') === testedCheck);
    return { index, c, expected, actual, relevant, agrees: expected.join() === actual.join() };
  });

  it('agrees with BuildKit on every implemented check, or the case is a documented exception', () => {
    const relevant = outcomes.filter((o) => o.relevant);
    const agreeing = relevant.filter((o) => o.agrees);
    const excepted = relevant.filter((o) => !o.agrees && exceptionFor.has(o.index));
    console.log(
      `[conformance] BuildKit checks implemented: ${[...activeChecks].sort().join(', ') || '(none)'}; not yet: ${
        [
          'StageNameCasing',
          'FromAsCasing',
          'NoEmptyContinuation',
          'ConsistentInstructionCasing',
          'DuplicateStageName',
          'ReservedStageName',
          'JSONArgsRecommended',
          'MaintainerDeprecated',
          'UndefinedArgInFrom',
          'WorkdirRelativePath',
          'UndefinedVar',
          'MultipleInstructionsDisallowed',
          'LegacyKeyValueFormat',
          'InvalidBaseImagePlatform',
          'RedundantTargetPlatform',
          'SecretsUsedInArgOrEnv',
          'InvalidDefaultArgInFrom',
          'FromPlatformFlagConstDisallowed',
          'CopyIgnoredFile',
          'InvalidDefinitionDescription',
          'ExposeProtoCasing',
          'ExposeInvalidFormat',
        ]
          .filter((c) => !activeChecks.has(c))
          .join(', ') || '(none)'
      }`,
    );
    for (const [check, ruleIds] of implemented) {
      if (!activeChecks.has(check))
        console.log(
          `[conformance] buildkit:${check} is implemented by opt-in ${ruleIds.join(', ')}; not compared`,
        );
    }
    reportPassRate(
      'buildkit check cases (implemented checks)',
      agreeing.length,
      relevant.length,
      excepted.length,
    );

    if (process.env.UPDATE_EXCEPTIONS) {
      const next: CaseException[] = relevant
        .filter((o) => !o.agrees)
        .map((o) => ({
          case: o.index,
          test: o.c.test,
          reason: exceptionFor.get(o.index)?.reason ?? 'TODO: explain',
          expected: o.expected,
          actual: o.actual,
        }));
      writeFileSync(exceptionsPath, `${JSON.stringify(next, null, 2)}\n`);
    }

    const problems: string[] = [];
    for (const o of relevant) {
      const exception = exceptionFor.get(o.index);
      if (!o.agrees && !exception) {
        problems.push(
          `case ${o.index} (${o.c.test}) disagrees: expected [${o.expected.join(', ')}], got [${o.actual.join(', ')}]\n${o.c.dockerfile}`,
        );
      }
      if (o.agrees && exception)
        problems.push(`case ${o.index} (${o.c.test}) now agrees: remove it from check-cases-exceptions.json`);
    }
    for (const e of exceptions) {
      const o = outcomes[e.case];
      if (!o?.relevant)
        problems.push(`exception for case ${e.case} (${e.test}) no longer applies: remove it`);
      else if (o.c.test !== e.test)
        problems.push(`exception for case ${e.case} names ${e.test}, the case is ${o.c.test}`);
      if (!e.reason || e.reason.startsWith('TODO'))
        problems.push(`exception for case ${e.case} (${e.test}) has no reason`);
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
  });
});
