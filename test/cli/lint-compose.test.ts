import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-lint-compose-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const base = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n';

describe('dockwright lint on compose files', () => {
  it('reviews a folder’s compose.yaml with its override as one project, located in the right file', async () => {
    const dir = project({
      'compose.yaml': base,
      'compose.override.yaml': 'version: "3.8"\nservices:\n  web:\n    environment:\n      DEBUG: "1"\n',
    });
    const r = await runCli(['lint', '--format', 'json', '--rule', 'no-version-field=error'], { cwd: dir });
    const findings = JSON.parse(r.stdout) as { ruleId: string; file: string; line: number }[];
    const version = findings.filter((f) => f.ruleId === 'no-version-field');
    expect(version.map((f) => `${f.file}:${f.line}`).sort()).toEqual([
      'compose.override.yaml:1',
      'compose.yaml:1',
    ]);
    expect(findings.some((f) => f.ruleId === 'compose/version-obsolete')).toBe(false);
    expect(r.code).toBe(1);
  });

  it('--fix rewrites the compose file, --fix-dry-run only prints the diff', async () => {
    const dir = project({ 'compose.yaml': base });
    const dry = await runCli(['lint', '--fix-dry-run'], { cwd: dir });
    expect(dry.stdout).toContain('-version: "3.8"');
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(base);
    await runCli(['lint', '--fix'], { cwd: dir });
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(
      'services:\n  web:\n    image: nginx:1.27\n',
    );
  });

  it('a YAML syntax error exits 2 with file:line:col', async () => {
    const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n' });
    const r = await runCli(['lint', 'compose.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compose\.yaml:\d+:\d+: error: /);
  });

  it('honours # dockwright ignore and # dclint disable-line', async () => {
    const dir = project({
      'compose.yaml': `# dockwright ignore=no-version-field -- kept for an old tool\n${base}`,
    });
    const r = await runCli(['lint', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(r.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'no-version-field')).toBe(
      false,
    );
    const dir2 = project({
      'compose.yaml': `version: "3.8" # dclint disable-line no-version-field\nservices:\n  web:\n    image: nginx:1.27\n`,
    });
    const r2 = await runCli(['lint', '--format', 'json'], { cwd: dir2 });
    expect((JSON.parse(r2.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'no-version-field')).toBe(
      false,
    );
  });
});
