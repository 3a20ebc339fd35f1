import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { loadCompose } from '../parse/compose/index.js';
import { type Instruction, parseDockerfile } from '../parse/dockerfile/index.js';
import { createMatcher, parseDockerignore } from '../parse/dockerignore/index.js';
import type { DockerfileInfo, NormalizedLog, ProjectInfo, ProjectLocation, StepInfo } from './types.js';
import { collapse } from './util.js';

const toSlash = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));
const MAX_ENTRIES = 20_000;
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|Containerfile)$/;
const COMPOSE_NAME = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function walk(root: string): Promise<Set<string>> {
  const files = new Set<string>();
  const queue: string[] = [''];
  while (queue.length && files.size < MAX_ENTRIES) {
    const rel = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name === '.git') continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      files.add(path);
      if (e.isDirectory() && e.name !== 'node_modules' && rel.split('/').length < 8) queue.push(path);
      if (files.size >= MAX_ENTRIES) break;
    }
  }
  return files;
}

export interface LoadProjectOptions {
  /** A Dockerfile to prefer (relative to the dir). */
  readonly dockerfile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Read what `--dir` names: Dockerfiles, .dockerignore, compose files and a bounded file list. Never throws for content. */
export async function loadProject(dir: string, opts: LoadProjectOptions = {}): Promise<ProjectInfo> {
  const root = resolve(dir);
  const files = await walk(root);
  const names = [...files].filter((f) => !f.includes('/') || f.split('/').length <= 3);
  const dockerfilePaths = names.filter(
    (f) => DOCKERFILE_NAME.test(f.split('/').at(-1)!) && !f.includes('node_modules/'),
  );
  if (opts.dockerfile) {
    const rel = toSlash(relative(root, resolve(root, opts.dockerfile)));
    dockerfilePaths.splice(0, dockerfilePaths.length, rel, ...dockerfilePaths.filter((p) => p !== rel));
  } else {
    // The top-level Dockerfile first: that is what `docker build .` reads.
    dockerfilePaths.sort(
      (a, b) => a.split('/').length - b.split('/').length || (a === 'Dockerfile' ? -1 : 0),
    );
  }
  const dockerfiles: DockerfileInfo[] = [];
  for (const path of dockerfilePaths) {
    const text = await readIfExists(join(root, path));
    if (text !== undefined) dockerfiles.push({ path, ast: parseDockerfile(text, { path }) });
  }

  let ignore: ProjectInfo['ignore'];
  const ignoreText = await readIfExists(join(root, '.dockerignore'));
  if (ignoreText !== undefined) {
    const parsed = parseDockerignore(ignoreText, '.dockerignore');
    ignore = {
      path: '.dockerignore',
      patterns: parsed.patterns.map((p) => ({ line: p.line, text: p.text, normalized: p.normalized })),
    };
  }

  let compose: ProjectInfo['compose'];
  if ([...files].some((f) => !f.includes('/') && COMPOSE_NAME.test(f))) {
    try {
      const project = await loadCompose({ workingDir: root, env: opts.env ?? {} });
      compose = { files: project.files.map((f) => toSlash(relative(root, f.path))), project };
    } catch {
      // An unreadable compose file leaves compose linking out; explain still works.
    }
  }
  return { dir: root, dockerfiles, ...(ignore ? { ignore } : {}), ...(compose ? { compose } : {}), files };
}

// ---- pure lookups used by detectors ----

export function instructionLocation(df: DockerfileInfo, ins: Instruction): ProjectLocation {
  return { file: df.path, line: ins.startLine, what: collapse(ins.line.text), via: 'project' };
}

/** The Dockerfile a log is about: the one named by the log, else the first found. */
export function primaryDockerfile(
  project: ProjectInfo | undefined,
  name?: string,
): DockerfileInfo | undefined {
  if (!project) return undefined;
  if (name) {
    const exact = project.dockerfiles.find((d) => d.path === name || d.path.endsWith(`/${name}`));
    if (exact) return exact;
  }
  return project.dockerfiles[0];
}

/** Find the Dockerfile instruction a build step ran (`RUN npm ci` in stage `build`). */
export function instructionForStep(
  project: ProjectInfo | undefined,
  step: StepInfo | undefined,
): { df: DockerfileInfo; ins: Instruction } | undefined {
  if (!project || !step || step.keyword === 'INTERNAL') return undefined;
  const wanted = collapse(step.instruction).replace(/\.\.\.$/, '');
  let fallback: { df: DockerfileInfo; ins: Instruction } | undefined;
  for (const df of project.dockerfiles) {
    for (const ins of df.ast.instructions) {
      const text = collapse(ins.line.text);
      if (text.toUpperCase().startsWith(step.keyword) === false) continue;
      const body = text.slice(ins.keywordText.length).trim();
      const wantedBody = wanted.slice(step.keyword.length).trim();
      if (body === wantedBody) return { df, ins };
      if (!fallback && wantedBody.length > 8 && (body.startsWith(wantedBody) || wantedBody.startsWith(body)))
        fallback = { df, ins };
    }
  }
  return fallback;
}

export function allInstructions(
  project: ProjectInfo | undefined,
): { df: DockerfileInfo; ins: Instruction }[] {
  return project ? project.dockerfiles.flatMap((df) => df.ast.instructions.map((ins) => ({ df, ins }))) : [];
}

/** Instructions of the last stage of a Dockerfile (the image that runs). */
export function finalStage(df: DockerfileInfo): Instruction[] {
  const ins = df.ast.instructions;
  let start = 0;
  ins.forEach((i, n) => {
    if (i.keyword === 'FROM') start = n;
  });
  return ins.slice(start);
}

/** Where a compose model path was written, as a location. */
export function composeLocation(
  project: ProjectInfo | undefined,
  path: readonly (string | number)[],
  what?: string,
): ProjectLocation | undefined {
  const c = project?.compose;
  if (!c) return undefined;
  const loc = c.project.locate(path);
  if (!loc) return undefined;
  return {
    file: toSlash(relative(project.dir, loc.file)) || loc.file,
    line: loc.start.line,
    what: what ?? loc.source.lineText(loc.start.line).trim(),
    via: 'project',
  };
}

/** The .dockerignore line that excludes a context path (the last matching non-`!` pattern), if any. */
export function ignoreCulprit(
  project: ProjectInfo | undefined,
  path: string,
): { line: number; text: string } | undefined {
  const ig = project?.ignore;
  if (!ig) return undefined;
  const clean = path.replace(/^\/+/, '').replace(/\/+$/, '');
  const all = createMatcher(ig.patterns.map((p) => p.normalized));
  if (!all.matches(clean)) return undefined;
  let culprit: { line: number; text: string } | undefined;
  for (const p of ig.patterns) {
    if (p.normalized.startsWith('!')) continue;
    const one = createMatcher([p.normalized]);
    if (one.matches(clean) || one.matchesOrParentMatches(clean)) culprit = { line: p.line, text: p.text };
  }
  return culprit;
}

/** Files in the project with this base name (for "the build context is wrong"). */
export function findByBasename(project: ProjectInfo | undefined, path: string): string[] {
  if (!project) return [];
  const base = path.replace(/\/+$/, '').split('/').at(-1);
  if (!base) return [];
  return [...project.files].filter((f) => f === base || f.endsWith(`/${base}`)).slice(0, 5);
}

/** Where a failing build step is: the project's instruction (with --dir), else the log's own `Dockerfile:N` frame. */
export function locateStep(
  log: NormalizedLog,
  project: ProjectInfo | undefined,
  step: StepInfo | undefined,
  after = 0,
): ProjectLocation[] {
  const hit = instructionForStep(project, step);
  if (hit) return [instructionLocation(hit.df, hit.ins)];
  if (!step || step.keyword === 'INTERNAL') return [];
  const frame = log.frames.find((f) => f.line >= after) ?? log.frames.at(-1);
  if (!frame) return [];
  const code = log.lines.find(
    (l) => l.line > frame.line && new RegExp(`^\\s*${frame.target} \\| >>>`).test(l.text),
  );
  return [
    {
      file: frame.file,
      line: frame.target,
      ...(code ? { what: code.text.replace(/^\s*\d+ \| >>> ?/, '') } : {}),
      via: 'log',
    },
  ];
}

/** The compose service a container or log prefix names (`api`, `shop-api-1`, `shop_api_1`). */
export function resolveService(
  project: ProjectInfo | undefined,
  name: string | undefined,
): string | undefined {
  const c = project?.compose;
  if (!c || !name) return name;
  const services = Object.keys(c.project.model.services);
  const bare = name.replace(/^\//, '').replace(/[-_]\d+$/, '');
  if (services.includes(bare)) return bare;
  for (const prefix of [`${c.project.name}-`, `${c.project.name}_`]) {
    if (bare.startsWith(prefix) && services.includes(bare.slice(prefix.length)))
      return bare.slice(prefix.length);
  }
  return services.find((s) => bare.endsWith(`-${s}`) || bare.endsWith(`_${s}`)) ?? bare;
}
