import { expect } from 'vitest';
import { dockerfileFromText } from '../../src/generate/index.js';
import type { DockerfileModel, StageModel } from '../../src/generate/model/dockerfile.js';
import type { RenderedFile, SetupPlan } from '../../src/generate/types.js';

/**
 * Tier 3–4 checks for the Node, Python and static suites, on the Dockerfile read back from its text. A stage
 * depends on the stage it is built `FROM`, every stage it `COPY --from`s and every `RUN --mount=from=`; BuildKit
 * builds only a target's dependencies, so a stage outside the runtime's closure is skipped for `--target runtime`.
 */
export function stageDependencies(model: DockerfileModel): Map<string, Set<string>> {
  const names = new Set(model.stages.map((s) => s.from.as ?? ''));
  const deps = new Map<string, Set<string>>();
  for (const stage of model.stages) {
    const own = new Set<string>();
    if (names.has(stage.from.image)) own.add(stage.from.image);
    for (const i of stage.instructions) {
      if (i.kind === 'COPY' && i.from && names.has(i.from)) own.add(i.from);
      if (i.kind === 'RUN') for (const m of i.mounts ?? []) if (m.from && names.has(m.from)) own.add(m.from);
    }
    deps.set(stage.from.as ?? '', own);
  }
  return deps;
}

/** Every stage `target` needs, itself included. */
export function closure(model: DockerfileModel, target: string): Set<string> {
  const deps = stageDependencies(model);
  const seen = new Set<string>();
  const visit = (s: string) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const d of deps.get(s) ?? []) visit(d);
  };
  visit(target);
  return seen;
}

/** The shell text of every RUN of a stage, one string per RUN (commands joined by `&&` as printed). */
export function runTexts(stage: StageModel): string[] {
  return stage.instructions.flatMap((i) =>
    i.kind === 'RUN' ? [i.commands.map((c) => c.join(' ')).join(' && ')] : [],
  );
}

/**
 * The test-stage contract: a `test` stage before the final `runtime`, whose last RUN is the command the plan
 * reports (and `expected`, when given); `runtime` does not depend on it and it is not built on the runtime.
 */
export function expectTestStage(plan: SetupPlan, files: readonly RenderedFile[], expected?: string) {
  const file = files.find((f) => f.kind === 'dockerfile')!;
  const model = dockerfileFromText(file.content, file.path);
  const names = model.stages.map((s) => s.from.as);
  expect(names).toContain('test');
  expect(names.at(-1)).toBe('runtime');
  const test = model.stages.find((s) => s.from.as === 'test')!;
  const reported = plan.release?.stages.test;
  expect(reported?.stage).toBe('test');
  // The last RUN runs the reported command (after preparation steps such as removing a served config).
  const last = runTexts(test).at(-1) ?? '';
  expect(reported?.command && last.endsWith(reported.command), `last RUN: ${last}`).toBe(true);
  if (expected !== undefined) expect(reported?.command).toBe(expected);
  expect(closure(model, 'runtime').has('test'), 'runtime must not depend on test').toBe(false);
  expect(closure(model, 'test').has('runtime'), 'test is built from the project, not the runtime').toBe(
    false,
  );
  return { model, test };
}

/**
 * The same contract from the Dockerfile text alone (Go, Rust, Java and .NET suites): a `test` stage that is not the
 * final stage, one of whose RUNs runs `command`, outside the final stage's closure.
 */
export function expectTestStageText(dockerfile: string, command: string): DockerfileModel {
  const model = dockerfileFromText(dockerfile, 'Dockerfile');
  const names = model.stages.map((s) => s.from.as ?? '');
  expect(names).toContain('test');
  expect(names.at(-1)).not.toBe('test');
  const test = model.stages.find((s) => s.from.as === 'test')!;
  expect(runTexts(test).some((r) => r.includes(command))).toBe(true);
  expect(closure(model, names.at(-1)!).has('test'), 'the final stage must not depend on test').toBe(false);
  return model;
}
