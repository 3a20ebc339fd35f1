import { describe, expect, it } from 'vitest';
import * as dockwright from '../src/index.js';

// The README's library example, kept honest.
describe('library entry point', () => {
  it('parses, models, shell-parses and matches as the README shows', () => {
    const text =
      'FROM debian:12 AS build\nRUN apt-get update && \\\n    apt-get install -y curl\nFROM build\n';
    const ast = dockwright.parseDockerfile(text, { path: 'Dockerfile' });
    expect(ast.diagnostics).toEqual([]);
    const model = dockwright.buildModel(ast);
    expect(model.stages.map((s) => s.name)).toEqual(['build', undefined]);
    expect(model.stages[1]!.baseStage).toBe(model.stages[0]);
    const run = ast.instructions[1]!;
    if (run.keyword !== 'RUN' || !run.command) throw new Error('expected a shell-form RUN');
    const [install] = dockwright.parseShell(run.command).find('apt-get', 'install');
    expect(install?.hasFlag('--no-install-recommends')).toBe(false);
    const range = install!.sourceRange;
    expect(text.slice(range.start, range.end)).toBe('apt-get install -y curl');
    expect(dockwright.createMatcher(['node_modules', '!node_modules/keep']).matches('node_modules/x')).toBe(
      true,
    );
    expect(
      dockwright.createMatcher(['node_modules', '!node_modules/keep']).matches('node_modules/keep'),
    ).toBe(false);
  });

  it('exposes the rule registry and formatters', () => {
    expect(dockwright.dockerfileRules.length).toBeGreaterThan(0);
    expect(Object.keys(dockwright.formatters)).toContain('sarif');
  });
});
