import { goWorkMembers } from './detectors/go.js';
import { gradleIncludes, mavenModules } from './detectors/java.js';
import type { PackageJson } from './detectors/node.js';
import { type FsView, norm, rel } from './fs-view.js';
import type { MonorepoFacts } from './types.js';

/** Expand workspace globs (`apps/*`, `packages/**`, `services/api`) against walked directories. */
export function expandGlobs(view: FsView, patterns: readonly string[], base = '.'): string[] {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(norm(p.slice(1))));
  const out = new Set<string>();
  for (const raw of include) {
    const pattern = norm(raw);
    if (pattern === '.') {
      out.add(base);
      continue;
    }
    const segments = pattern.split('/');
    const walk = (dir: string, i: number, depth: number) => {
      if (i === segments.length) {
        out.add(dir);
        return;
      }
      const seg = segments[i]!;
      if (seg === '**') {
        walk(dir, i + 1, depth);
        if (depth < 6)
          for (const d of view.dirs(dir)) if (!d.startsWith('.')) walk(rel(dir, d), i, depth + 1);
        return;
      }
      if (!/[*?[{]/.test(seg)) {
        const next = rel(dir, seg);
        if (view.isDir(next)) walk(next, i + 1, depth);
        return;
      }
      const re = globToRegExp(seg);
      for (const d of view.dirs(dir)) if (!d.startsWith('.') && re.test(d)) walk(rel(dir, d), i + 1, depth);
    };
    walk(base, 0, 0);
  }
  return [...out].filter((d) => !exclude.some((re) => re.test(d))).sort();
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&'))
        .join('|')})`;
      i = end;
    } else re += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Workspace definitions at the project root, every tool at once (a Turborepo is also a pnpm workspace).
 * Returns null for a single-project repository.
 */
export function discoverWorkspace(view: FsView): MonorepoFacts | null {
  const tools: string[] = [];
  const members = new Set<string>();
  let source: string | null = null;
  const add = (tool: string, list: readonly string[], file: string) => {
    const existing = list.filter((d) => d !== '.' && view.isDir(d));
    if (!tools.includes(tool)) tools.push(tool);
    for (const m of existing) members.add(m);
    source ??= file;
  };

  const pkg = view.json<PackageJson>('package.json');
  const pnpm = view.yaml<{ packages?: string[] }>('pnpm-workspace.yaml');
  if (pnpm?.packages) add('pnpm-workspaces', expandGlobs(view, pnpm.packages), 'pnpm-workspace.yaml');
  const wsGlobs = Array.isArray(pkg?.workspaces) ? pkg.workspaces : pkg?.workspaces?.packages;
  if (wsGlobs && wsGlobs.length > 0) {
    const pm =
      view.has('bun.lock') || view.has('bun.lockb')
        ? 'bun'
        : view.has('yarn.lock')
          ? 'yarn'
          : view.has('pnpm-lock.yaml')
            ? 'pnpm'
            : 'npm';
    add(`${pm}-workspaces`, expandGlobs(view, wsGlobs), 'package.json');
  }
  const lerna = view.json<{ packages?: string[] }>('lerna.json');
  if (lerna) add('lerna', expandGlobs(view, lerna.packages ?? ['packages/*']), 'lerna.json');
  if (view.has('turbo.json')) {
    if (!tools.includes('turborepo')) tools.push('turborepo');
    source ??= 'turbo.json';
  }
  if (view.has('nx.json')) {
    const projects: string[] = [];
    for (const top of ['apps', 'libs', 'packages', 'services', 'projects']) {
      for (const d of expandGlobs(view, [`${top}/*`, `${top}/*/*`]))
        if (view.has(rel(d, 'project.json')) || view.has(rel(d, 'package.json'))) projects.push(d);
    }
    add('nx', projects, 'nx.json');
  }
  const goWork = goWorkMembers(view);
  if (goWork.length > 0) add('go-workspace', goWork, 'go.work');
  const cargo = view.toml<{ workspace?: { members?: string[]; exclude?: string[] } }>('Cargo.toml');
  if (cargo?.workspace?.members) {
    add(
      'cargo-workspace',
      expandGlobs(view, [...cargo.workspace.members, ...(cargo.workspace.exclude ?? []).map((e) => `!${e}`)]),
      'Cargo.toml',
    );
  }
  const py = view.toml<{ tool?: { uv?: { workspace?: { members?: string[]; exclude?: string[] } } } }>(
    'pyproject.toml',
  );
  const uvMembers = py?.tool?.uv?.workspace?.members;
  if (uvMembers)
    add(
      'uv-workspace',
      expandGlobs(view, [...uvMembers, ...(py?.tool?.uv?.workspace?.exclude ?? []).map((e) => `!${e}`)]),
      'pyproject.toml',
    );
  const modules = mavenModules(view, '.');
  if (modules.length > 0) {
    const all: string[] = [];
    const visit = (dir: string, depth: number) => {
      for (const m of mavenModules(view, dir)) {
        const d = norm(rel(dir, m));
        all.push(d);
        if (depth < 3) visit(d, depth + 1);
      }
    };
    visit('.', 0);
    add('maven-multi-module', all, 'pom.xml');
  }
  const gradle = gradleIncludes(view, '.');
  if (gradle.length > 0)
    add(
      'gradle-multi-project',
      gradle,
      view.has('settings.gradle.kts') ? 'settings.gradle.kts' : 'settings.gradle',
    );
  const deno =
    view.json<{ workspace?: string[] }>('deno.json') ?? view.json<{ workspace?: string[] }>('deno.jsonc');
  if (deno?.workspace)
    add(
      'deno-workspace',
      expandGlobs(view, deno.workspace),
      view.has('deno.json') ? 'deno.json' : 'deno.jsonc',
    );

  if (members.size === 0) return null;
  return { tools, members: [...members].sort(), source: source ?? '.' };
}
