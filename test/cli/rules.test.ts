import { describe, expect, it } from 'vitest';
import { composeRules } from '../../src/lint/rules/compose/index.js';
import { dockerfileRules } from '../../src/lint/rules/dockerfile/index.js';
import { runCli } from '../helpers/cli.js';

describe('dockwright rules', () => {
  it('lists every Dockerfile and Compose rule as JSON', async () => {
    const r = await runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; language: string; docs: string }[];
    expect(list.length).toBe(dockerfileRules.length + composeRules.length);
    expect(list.find((x) => x.id === 'no-version-field')).toMatchObject({
      language: 'compose',
      docs: 'docs/rules/compose/no-version-field.md',
    });
  });

  it('finds a rule by another tool’s id and prints its documentation', async () => {
    const r = await runCli(['rules', 'DL3008']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# apt-get-pin-versions');
    expect(r.stdout).toContain('## Why');
  });

  it('suggests the closest id for a typo and exits 2', async () => {
    const r = await runCli(['rules', 'no-versoin-field']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean 'no-version-field'?");
  });
});
