import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * GitLab's official CI JSON schema (ci.json), as bundled by the gitlab-ci-local devDependency: its dist/index.js
 * inlines the schema as a minified object literal (`{$schema:…,$id:"https://gitlab.com/.gitlab-ci.yml",…}`).
 * We locate it by its `$id`, cut out the balanced literal (skipping braces inside strings), evaluate it in an
 * empty VM context and compile it with ajv (draft-07; `strict: false` because the schema uses keywords ajv's
 * strict mode rejects, e.g. `markdownDescription`).
 */
const SCHEMA_ID = '$id:"https://gitlab.com/.gitlab-ci.yml"';

export function gitlabCiLocalVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('gitlab-ci-local/package.json') as { version: string };
  return pkg.version;
}

/** The `{…}` object literal that starts at `start` (a `{`), honouring quoted strings and template literals. */
export function balancedLiteral(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('unbalanced object literal');
}

export function loadGitlabSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('gitlab-ci-local/package.json')), 'dist/index.js');
  const js = readFileSync(dist, 'utf8');
  const at = js.indexOf(SCHEMA_ID);
  if (at < 0) throw new Error(`GitLab CI schema ($id) not found in ${dist}`);
  const start = js.lastIndexOf('{', at);
  const literal = balancedLiteral(js, start);
  const schema = runInNewContext(`(${literal})`, Object.create(null)) as Record<string, unknown>;
  if (schema.$id !== 'https://gitlab.com/.gitlab-ci.yml')
    throw new Error('extracted object is not the GitLab CI schema');
  return schema;
}

let cached: ValidateFunction | undefined;

export function gitlabValidator(): ValidateFunction {
  cached ??= new Ajv({ strict: false, allErrors: true }).compile(loadGitlabSchema());
  return cached;
}
