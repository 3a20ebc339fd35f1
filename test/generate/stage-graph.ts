import { expect } from 'vitest';
import { dockerfileFromText } from '../../src/generate/index.js';
import type { DockerfileModel } from '../../src/generate/model/dockerfile.js';

/**
 * RECONSTRUCTED: this file belonged to the Go/Rust/Java/.NET helper and was overwritten by mistake by the
 * Node/Python/static helper; this version keeps the API their suites call (`expectTestStage(text, command)`).
 *
 * The tier 3–4 test-stage contract, read back from the Dockerfile text: a `test` stage exists, is not the final
 * stage, one of its RUNs runs `command`, and `runtime` does not depend on it (FROM / COPY --from /
 * RUN --mount=from edges), so BuildKit skips it for `--target runtime`.
 */
export function expectTestStage(dockerfile: string, command: string): DockerfileModel {
  const model = dockerfileFromText(dockerfile, 'Dockerfile');
  const names = model.stages.map((s) => s.from.as ?? '');
  expect(names).toContain('test');
  expect(names.at(-1)).not.toBe('test');
  const test = model.stages.find((s) => s.from.as === 'test')!;
  const runs = test.instructions.flatMap((i) =>
    i.kind === 'RUN' ? [i.commands.map((c) => c.join(' ')).join(' && ')] : [],
  );
  expect(runs.some((r) => r.includes(command))).toBe(true);

  const known = new Set(names);
  const deps = new Map<string, string[]>();
  for (const stage of model.stages) {
    const own: string[] = [];
    if (known.has(stage.from.image)) own.push(stage.from.image);
    for (const i of stage.instructions) {
      if (i.kind === 'COPY' && i.from && known.has(i.from)) own.push(i.from);
      if (i.kind === 'RUN') for (const m of i.mounts ?? []) if (m.from && known.has(m.from)) own.push(m.from);
    }
    deps.set(stage.from.as ?? '', own);
  }
  const seen = new Set<string>();
  const visit = (s: string) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const d of deps.get(s) ?? []) visit(d);
  };
  visit(names.at(-1)!);
  expect(seen.has('test'), 'the final stage must not depend on test').toBe(false);
  return model;
}
