import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuildContext } from '../../src/lint/build-context.js';
import { fixDockerfile, lintDockerfile } from '../../src/lint/engine/linter.js';
import { dockerfileRules } from '../../src/lint/rules/dockerfile/index.js';
import { corporaDir, haveCorpora } from '../helpers/corpora.js';

function dockerfiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) dockerfiles(path, out);
    else if (/^(Dockerfile|Containerfile)(\..+)?$|\.Dockerfile$/.test(name)) out.push(path);
  }
  return out;
}

// Every rule on, opt-in ones included, at its own severity: the widest net for crashes.
const everyRule = dockerfileRules.map((rule) => ({
  rule,
  severity: rule.meta.severity,
  options: rule.meta.defaultOptions ?? {},
}));

describe.skipIf(!haveCorpora)('lint over every corpus Dockerfile', () => {
  it('never crashes, and every fix keeps the file parseable', async () => {
    const files = dockerfiles(corporaDir);
    expect(files.length).toBeGreaterThan(200);
    const crashes: string[] = [];
    const brokenFixes: string[] = [];
    let findings = 0;
    let fixed = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const file = relative(corporaDir, path);
      const options = {
        path: file,
        rules: everyRule,
        buildContext: await loadBuildContext(dirname(path), path),
      };
      const result = lintDockerfile(text, options);
      findings += result.diagnostics.length;
      for (const d of result.diagnostics)
        if (d.code === 'internal/rule-error') crashes.push(`${file}: ${d.message}`);
      const before = result.ast.diagnostics.filter((d) => d.severity === 'error').length;
      const fix = fixDockerfile(text, { ...options, unsafe: true });
      if (fix.changed) fixed++;
      const after = fix.result.ast.diagnostics.filter((d) => d.severity === 'error').length;
      if (after > before) brokenFixes.push(file);
    }
    console.log(
      `[corpus] lint: ${files.length} Dockerfiles, ${dockerfileRules.length} rules, ${findings} findings, ${fixed} files changed by --fix-unsafe`,
    );
    expect(crashes).toEqual([]);
    expect(brokenFixes).toEqual([]);
  });
});
