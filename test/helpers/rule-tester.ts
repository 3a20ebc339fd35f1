import { describe, it } from 'vitest';
import type { AnyComposeRule } from '../../src/lint/engine/compose.js';
import type { AnyDockerfileRule } from '../../src/lint/engine/rule.js';
import { type ComposeRuleCases, runComposeRuleTests } from '../../src/lint/testing/compose-rule-tester.js';
import { type RuleCases, runRuleTests } from '../../src/lint/testing/rule-tester.js';

/** `ruleTester(rule, { valid, invalid })` inside a vitest file. */
export function ruleTester<Options>(rule: AnyDockerfileRule, cases: RuleCases<Options>): void {
  runRuleTests(rule, cases, { describe, it });
}

/** `composeRuleTester(rule, { valid, invalid })` inside a vitest file. */
export function composeRuleTester<Options>(rule: AnyComposeRule, cases: ComposeRuleCases<Options>): void {
  runComposeRuleTests(rule, cases, { describe, it });
}
