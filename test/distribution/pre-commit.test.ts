import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyFile } from '../../src/lint/discover.js';
import { repoRoot } from '../helpers/corpora.js';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  types?: string[];
  require_serial?: boolean;
}

const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string) => {
  const h = hooks.find((x) => x.id === id);
  if (!h) throw new Error(`no hook ${id}`);
  return h;
};

const DOCKERFILES = [
  'Dockerfile',
  'dockerfile',
  'Containerfile',
  'services/api/Dockerfile',
  'Dockerfile.prod',
  'docker/Dockerfile.dev',
  'api.Dockerfile',
  'build/web.containerfile',
];
const IGNORES = ['.dockerignore', 'api/.dockerignore', 'Dockerfile.dockerignore', '.containerignore'];
const COMPOSE = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.override.yml',
  'deploy/compose.prod.yaml',
  'compose.override.yaml',
];
const OTHERS = [
  'README.md',
  'Dockerfile/notes.txt',
  'src/dockerfile.ts',
  'docs/dockerfile-guide.md',
  'mydockerfile',
  'compose.json',
  'composer.json',
  'compose.yaml.bak',
  'docker-compose.md',
  'my-compose.yaml',
  'package.json',
  '.github/workflows/docker.yml',
];

/** pre-commit matches with Python's re.search on the repo-relative path; the same in JS (inline (?i) → flag). */
function matchesJs(pattern: string, path: string): boolean {
  const ci = pattern.startsWith('(?i)');
  return new RegExp(ci ? pattern.slice(4) : pattern, ci ? 'i' : '').test(path);
}
function selected(h: Hook, path: string, match = matchesJs): boolean {
  return match(h.files, path) && !(h.exclude && match(h.exclude, path));
}

const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).status === 0;
/** The real thing: Python's `re`, as pre-commit uses it. */
function pythonSelected(h: Hook, paths: string[]): boolean[] {
  const script = `import re,json,sys
h=json.loads(sys.argv[1]); paths=json.loads(sys.argv[2])
f=re.compile(h['files']); e=re.compile(h['exclude']) if h.get('exclude') else None
print(json.dumps([bool(f.search(p)) and not (e and e.search(p)) for p in paths]))`;
  const r = spawnSync('python3', ['-c', script, JSON.stringify(h), JSON.stringify(paths)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as boolean[];
}

const ALL = [...DOCKERFILES, ...IGNORES, ...COMPOSE, ...OTHERS];
const expected: Record<string, string[]> = {
  dockwright: [...DOCKERFILES, ...IGNORES],
  'dockwright-compose': COMPOSE,
  'dockwright-fix': [...DOCKERFILES, ...COMPOSE],
};

describe('.pre-commit-hooks.yaml', () => {
  it('declares the three hooks, all running the CLI from the node package', () => {
    expect(hooks.map((h) => h.id)).toEqual(['dockwright', 'dockwright-compose', 'dockwright-fix']);
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(h.entry.startsWith('dockwright lint')).toBe(true);
      expect(h.types).toEqual(['file']);
    }
    expect(hook('dockwright-fix').entry).toBe('dockwright lint --fix');
  });

  it('runs compose and --fix serially (one compose project per run; fixes rewrite files)', () => {
    expect(hook('dockwright-compose').require_serial).toBe(true);
    expect(hook('dockwright-fix').require_serial).toBe(true);
    expect(hook('dockwright').require_serial).toBeUndefined();
  });

  it.each(Object.entries(expected))('%s selects exactly its files', (id, wanted) => {
    const h = hook(id);
    const got = ALL.filter((p) => selected(h, p));
    expect(got.sort()).toEqual([...wanted].sort());
  });

  it.skipIf(!python)('the patterns mean the same under Python re (what pre-commit uses)', () => {
    for (const [id, wanted] of Object.entries(expected)) {
      const got = pythonSelected(hook(id), ALL);
      expect(ALL.filter((_, i) => got[i]).sort(), id).toEqual([...wanted].sort());
    }
  });

  it('agrees with what `dockwright lint` discovers in a directory', () => {
    for (const path of ALL) {
      const kind = classifyFile(path.split('/').at(-1) ?? '');
      const inLint = selected(hook('dockwright'), path) || selected(hook('dockwright-compose'), path);
      // Deliberate difference: lint's discovery takes any `dockerfile.*` (case-insensitive), the hook only
      // `Dockerfile.*`/`Containerfile.*`, so a source file such as src/dockerfile.ts is not linted on commit.
      const lintOnly = path === 'src/dockerfile.ts';
      expect(inLint, path).toBe(kind !== undefined && !path.startsWith('Dockerfile/') && !lintOnly);
    }
  });

  it('the hook CLI is what the package installs (bin dockwright)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(Object.keys(pkg.bin)).toEqual(['dockwright']);
    // pre-commit's node language packs the repository (npm pack): dist/ must be built then.
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});
