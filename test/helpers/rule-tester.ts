import { describe, it } from 'vitest';
import type { AnyDockerfileRule } from '../../src/lint/engine/rule.js';
import { type RuleCases, runRuleTests } from '../../src/lint/testing/rule-tester.js';

/** `ruleTester(rule, { valid, invalid })` inside a vitest file. */
export function ruleTester<Options>(rule: AnyDockerfileRule, cases: RuleCases<Options>): void {
  runRuleTests(rule, cases, { describe, it });
}
