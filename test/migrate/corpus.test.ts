import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToQuadlet } from '../../src/migrate/podman.js';
import { loadCompose } from '../../src/parse/compose/loader.js';
import { corpusPath, haveCorpora, reportPassRate } from '../helpers/corpora.js';
import { checkUnit } from './quadlet-check.js';

const NAMES = /^(compose|docker-compose)\.ya?ml$/;

function composeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...composeFiles(path));
    else if (NAMES.test(name)) out.push(path);
  }
  return out;
}

describe.skipIf(!haveCorpora)('migrate podman: every awesome-compose file', () => {
  it('converts without crashing; units are valid Quadlet; unsupported keys are reported', async () => {
    const files = composeFiles(corpusPath('awesome-compose'));
    expect(files.length).toBeGreaterThan(30);
    let passed = 0;
    const failures: string[] = [];
    const unsupported = new Map<string, number>();
    for (const file of files) {
      const project = await loadCompose({ workingDir: join(file, '..'), files: [file], env: {} });
      if (project.diagnostics.some((d) => d.severity === 'error')) {
        failures.push(`${file}: not valid Compose`);
        continue;
      }
      const plan = convertToQuadlet(project.model, { selinux: true });
      const problems = plan.files
        .filter((f) => f.name !== 'README.md')
        .flatMap((f) => checkUnit(f.name, f.content));
      const containers = plan.files.filter((f) => f.name.endsWith('.container'));
      if (containers.length !== Object.keys(project.model.services).length)
        problems.push('a service has no unit');
      for (const u of plan.unsupported) {
        unsupported.set(u.key, (unsupported.get(u.key) ?? 0) + 1);
        expect(plan.files.find((f) => f.name === 'README.md')!.content).toContain(u.path);
      }
      if (problems.length === 0) passed++;
      else failures.push(`${file}: ${problems.join('; ')}`);
    }
    reportPassRate('awesome-compose → Quadlet', passed, files.length);
    console.log(
      `[migrate] unsupported keys reported across the corpus: ${[...unsupported].map(([k, n]) => `${k}×${n}`).join(', ') || 'none'}`,
    );
    expect(failures).toEqual([]);
  });
});
