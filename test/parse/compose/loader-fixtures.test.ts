import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/parse/compose/index.js';
import { corpusPath, haveCorpora, reportPassRate } from '../../helpers/corpora.js';

const exceptions = JSON.parse(readFileSync(new URL('./known-exceptions.json', import.meta.url), 'utf8')) as {
  loader: Record<string, string>;
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    })
    .sort();
}

/**
 * What each fixture must do. Default: load with no error. A name that says `cycle` must fail
 * with a cycle error (unless it says `no-cycle`); the others listed here fail as compose-go would.
 */
const expectedErrors: Record<string, { code: string; why: string }> = {
  'extends/base.yaml': {
    code: 'compose/no-image',
    why: 'an extends target, not a project: service with-port has neither image nor build (compose-go rejects it the same way)',
  },
  'compose-depends-on-self.yaml': {
    code: 'compose/dependency-cycle',
    why: 'a service that depends on itself',
  },
  'include/dir/compose.yaml': {
    code: 'compose/env-file-missing',
    why: 'meant to be included with project_directory ../subdir (include/project-directory.yaml); alone, its env_file extra.env does not exist',
  },
};

function expectation(name: string): { code?: string } {
  if (name in expectedErrors) return { code: expectedErrors[name]!.code };
  if (/(^|[-/])cycle/.test(name) && !/no-cycle/.test(name)) return { code: 'cycle' };
  return {};
}

describe.skipIf(!haveCorpora)('compose-go loader fixtures', () => {
  const root = haveCorpora ? corpusPath('compose-go/loader-testdata') : '';
  const files = haveCorpora ? yamlFiles(root) : [];

  it('loads every fixture, or fails where its name says so', async () => {
    let passed = 0;
    const failures: string[] = [];
    const unexpectedPasses: string[] = [];
    for (const path of files) {
      const name = relative(root, path);
      let ok = false;
      let detail = '';
      try {
        const project = await loadCompose({ workingDir: root, files: [path], env: {} });
        const errors = project.diagnostics.filter((d) => d.severity === 'error');
        const want = expectation(name);
        if (want.code === 'cycle') ok = errors.some((d) => /cycle/.test(d.code));
        else if (want.code) ok = errors.some((d) => d.code === want.code);
        else ok = errors.length === 0;
        detail = errors.map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`).join('; ');
      } catch (error) {
        detail = `threw ${String(error)}`;
      }
      if (name in exceptions.loader) {
        if (ok) unexpectedPasses.push(name);
        continue;
      }
      if (ok) passed++;
      else failures.push(`${name}: ${detail || 'expected an error'}`);
    }
    const excepted = Object.keys(exceptions.loader).length;
    reportPassRate('compose-go loader-testdata', passed, files.length - excepted, excepted);
    expect(failures).toEqual([]);
    expect(
      unexpectedPasses,
      'excepted fixtures that now pass: remove them from known-exceptions.json',
    ).toEqual([]);
  });
});
