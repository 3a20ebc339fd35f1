/**
 * `migrate buildah`: `buildah build` invocations (and a script) for a project's Dockerfiles and
 * `docker-bake.hcl` targets.
 *
 * What carries over: build secrets (`RUN --mount=type=secret` → `--secret id=…,src=…`), cache mounts
 * (Buildah honours `RUN --mount=type=cache`; `--layers` keeps the layer cache between builds),
 * multi-arch (`--platform a,b --manifest name`), and `--format docker` whenever the Dockerfile uses an
 * instruction the OCI image format cannot store (HEALTHCHECK, ONBUILD, SHELL, STOPSIGNAL): Buildah's
 * default OCI format drops them with a warning.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { parseDockerfile } from '../parse/dockerfile/parser.js';
import { shq } from './podman.js';

/** Instructions kept only in the Docker image format (buildah-build(1), `--format`). */
const DOCKER_ONLY = ['HEALTHCHECK', 'ONBUILD', 'SHELL', 'STOPSIGNAL'] as const;

export interface BuildahTarget {
  /** Bake target name, or the Dockerfile's path. */
  readonly name: string;
  readonly dockerfile: string;
  readonly context: string;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  readonly target?: string;
  readonly args: Readonly<Record<string, string>>;
  readonly secrets: readonly { id: string; src?: string; env?: string }[];
  readonly dockerOnly: readonly string[];
  readonly cacheMounts: readonly string[];
  readonly sshMounts: boolean;
  readonly argv: readonly string[];
  readonly command: string;
}

export interface BuildahPlan {
  readonly targets: readonly BuildahTarget[];
  readonly script: string;
  readonly unsupported: readonly { path: string; reason: string }[];
  readonly notes: readonly string[];
}

interface BakeTarget {
  name: string;
  dockerfile?: string;
  context?: string;
  tags?: string[];
  platforms?: string[];
  target?: string;
  args?: Record<string, string>;
  secret?: string[];
}

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|Containerfile)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor', 'dist', 'target', 'build', '.venv']);

async function findDockerfiles(dir: string, depth = 0): Promise<string[]> {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && depth < 3 && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.'))
      out.push(...(await findDockerfiles(join(dir, e.name), depth + 1)));
    else if (e.isFile() && DOCKERFILE_NAME.test(e.name) && !e.name.endsWith('.dockerignore'))
      out.push(join(dir, e.name));
  }
  return out;
}

/**
 * The part of HCL that docker-bake files use for plain targets: `target "x" { key = value }` with
 * strings, lists of strings and maps of strings. Variables, functions, `${}` interpolation,
 * `inherits` and matrices are reported, never guessed.
 */
export function parseBake(text: string): {
  targets: BakeTarget[];
  groups: Record<string, string[]>;
  unsupported: string[];
} {
  const targets: BakeTarget[] = [];
  const groups: Record<string, string[]> = {};
  const unsupported: string[] = [];
  const src = text.replace(/(^|\s)(#|\/\/)[^\n]*/g, '$1');
  const block = /(target|group|variable|function)\s+"([^"]+)"\s*\{/g;
  for (let m = block.exec(src); m; m = block.exec(src)) {
    let depth = 1;
    let i = block.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
      else if (src[i] === '"') while (++i < src.length && src[i] !== '"') if (src[i] === '\\') i++;
    }
    const body = src.slice(block.lastIndex, i - 1);
    block.lastIndex = i;
    const kind = m[1]!;
    const name = m[2]!;
    if (kind === 'variable' || kind === 'function') {
      unsupported.push(`${kind} "${name}": bake variables and functions are not evaluated`);
      continue;
    }
    const attrs = parseAttrs(body, `${kind}.${name}`, unsupported);
    if (kind === 'group') groups[name] = asList(attrs.targets) ?? [];
    else {
      const t: BakeTarget = { name };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'dockerfile' && typeof v === 'string') t.dockerfile = v;
        else if (k === 'context' && typeof v === 'string') t.context = v;
        else if (k === 'target' && typeof v === 'string') t.target = v;
        else if (k === 'tags') t.tags = asList(v) ?? [];
        else if (k === 'platforms') t.platforms = asList(v) ?? [];
        else if (k === 'secret') t.secret = asList(v) ?? [];
        else if (k === 'args' && typeof v === 'object' && !Array.isArray(v)) t.args = v;
        else unsupported.push(`target.${name}.${k}: not carried over to buildah`);
      }
      targets.push(t);
    }
  }
  return { targets, groups, unsupported };
}

type HclValue = string | string[] | Record<string, string>;

function asList(v: HclValue | undefined): string[] | undefined {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
}

function parseAttrs(body: string, where: string, unsupported: string[]): Record<string, HclValue> {
  const out: Record<string, HclValue> = {};
  const attr = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*/g;
  for (let m = attr.exec(body); m; m = attr.exec(body)) {
    const key = m[1]!;
    let i = attr.lastIndex;
    const start = i;
    const open = body[i];
    if (open === '[' || open === '{') {
      const close = open === '[' ? ']' : '}';
      let depth = 0;
      for (; i < body.length; i++) {
        if (body[i] === open) depth++;
        else if (body[i] === close && --depth === 0) break;
        else if (body[i] === '"') while (++i < body.length && body[i] !== '"') if (body[i] === '\\') i++;
      }
      const raw = body.slice(start + 1, i);
      attr.lastIndex = i + 1;
      const strings = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!);
      if (/\$\{/.test(raw)) {
        unsupported.push(`${where}.${key}: \${} interpolation is not evaluated`);
        continue;
      }
      if (open === '[') out[key] = strings;
      else {
        const map: Record<string, string> = {};
        for (const kv of raw.matchAll(/([A-Za-z_][A-Za-z0-9_]*|"[^"]*")\s*=\s*"((?:[^"\\]|\\.)*)"/g))
          map[kv[1]!.replace(/"/g, '')] = kv[2]!;
        out[key] = map;
      }
    } else {
      const s = /^"((?:[^"\\]|\\.)*)"/.exec(body.slice(i));
      if (s && !s[1]!.includes('${')) {
        out[key] = s[1]!;
        attr.lastIndex = i + s[0].length;
      } else {
        unsupported.push(`${where}.${key}: only literal strings, lists and maps are read`);
        const nl = body.indexOf('\n', i);
        attr.lastIndex = nl < 0 ? body.length : nl;
      }
    }
  }
  return out;
}

interface DockerfileFacts {
  dockerOnly: string[];
  secrets: string[];
  cacheMounts: string[];
  ssh: boolean;
}

function inspectDockerfile(text: string, path: string): DockerfileFacts {
  const ast = parseDockerfile(text, { path });
  const dockerOnly = new Set<string>();
  const secrets = new Set<string>();
  const cacheMounts = new Set<string>();
  let ssh = false;
  for (const ins of ast.instructions) {
    if ((DOCKER_ONLY as readonly string[]).includes(ins.keyword)) dockerOnly.add(ins.keyword);
    if (ins.keyword !== 'RUN') continue;
    for (const mount of ins.mounts) {
      const opt = (k: string) => mount.options.find((o) => o.key === k)?.value;
      if (mount.type === 'secret')
        secrets.add(opt('id') ?? basename(opt('target') ?? opt('dst') ?? 'secret'));
      else if (mount.type === 'cache')
        cacheMounts.add(opt('target') ?? opt('dst') ?? opt('destination') ?? '?');
      else if (mount.type === 'ssh') ssh = true;
    }
  }
  return { dockerOnly: [...dockerOnly], secrets: [...secrets], cacheMounts: [...cacheMounts], ssh };
}

function buildTarget(
  name: string,
  dockerfile: string,
  context: string,
  facts: DockerfileFacts,
  bake: Partial<BakeTarget>,
  root: string,
): BuildahTarget {
  const rel = (p: string) => relative(root, p) || '.';
  const platforms = bake.platforms ?? [];
  const tags =
    bake.tags && bake.tags.length > 0
      ? bake.tags
      : [`localhost/${name.replace(/[^a-z0-9._-]+/gi, '-').toLowerCase()}`];
  const secretSpecs = new Map<string, { id: string; src?: string; env?: string }>();
  for (const id of facts.secrets) secretSpecs.set(id, { id, src: `$SECRETS_DIR/${id}` });
  for (const s of bake.secret ?? []) {
    const kv = Object.fromEntries(s.split(',').map((p) => p.split('=') as [string, string]));
    if (kv.id)
      secretSpecs.set(kv.id, {
        id: kv.id,
        ...(kv.src ? { src: kv.src } : {}),
        ...(kv.env ? { env: kv.env } : {}),
      });
  }
  const argv = ['buildah', 'build', '--layers'];
  if (facts.dockerOnly.length > 0) argv.push('--format', 'docker');
  argv.push('-f', rel(dockerfile));
  if (bake.target) argv.push('--target', bake.target);
  for (const [k, v] of Object.entries(bake.args ?? {})) argv.push('--build-arg', `${k}=${v}`);
  for (const s of secretSpecs.values())
    argv.push('--secret', `id=${s.id},${s.env ? `env=${s.env}` : `src=${s.src}`}`);
  if (facts.ssh) argv.push('--ssh', 'default');
  if (platforms.length > 1) {
    argv.push('--platform', platforms.join(','), '--manifest', tags[0]!);
  } else {
    if (platforms.length === 1) argv.push('--platform', platforms[0]!);
    for (const t of tags) argv.push('-t', t);
  }
  argv.push(rel(context));
  const command = argv
    .map((a) => (a.startsWith('id=') && a.includes('$SECRETS_DIR') ? `"${a}"` : shq(a)))
    .join(' ');
  return {
    name,
    dockerfile: rel(dockerfile),
    context: rel(context),
    tags,
    platforms,
    ...(bake.target ? { target: bake.target } : {}),
    args: bake.args ?? {},
    secrets: [...secretSpecs.values()],
    dockerOnly: facts.dockerOnly,
    cacheMounts: facts.cacheMounts,
    sshMounts: facts.ssh,
    argv,
    command,
  };
}

export async function planBuildah(root: string, opts: { scriptDir?: string } = {}): Promise<BuildahPlan> {
  const unsupported: { path: string; reason: string }[] = [];
  const notes: string[] = [];
  const targets: BuildahTarget[] = [];
  const facts = new Map<string, DockerfileFacts>();
  const factsOf = async (path: string): Promise<DockerfileFacts | undefined> => {
    if (!facts.has(path)) {
      try {
        facts.set(path, inspectDockerfile(await readFile(path, 'utf8'), path));
      } catch {
        return undefined;
      }
    }
    return facts.get(path);
  };

  let bakeText: string | undefined;
  for (const name of ['docker-bake.hcl', 'docker-bake.override.hcl']) {
    try {
      bakeText = `${bakeText ?? ''}\n${await readFile(join(root, name), 'utf8')}`;
    } catch {
      // absent
    }
  }
  for (const name of ['docker-bake.json', 'docker-bake.override.json']) {
    try {
      await readFile(join(root, name), 'utf8');
      unsupported.push({ path: name, reason: 'JSON bake files are not read; convert the targets by hand' });
    } catch {
      // absent
    }
  }
  const covered = new Set<string>();
  if (bakeText !== undefined) {
    const bake = parseBake(bakeText);
    for (const u of bake.unsupported) unsupported.push({ path: 'docker-bake.hcl', reason: u });
    for (const t of bake.targets) {
      const context = join(root, t.context ?? '.');
      const dockerfile = join(context, t.dockerfile ?? 'Dockerfile');
      const f = await factsOf(dockerfile);
      if (!f) {
        unsupported.push({
          path: `docker-bake.hcl target "${t.name}"`,
          reason: `cannot read ${relative(root, dockerfile)}`,
        });
        continue;
      }
      covered.add(dockerfile);
      targets.push(buildTarget(t.name, dockerfile, context, f, t, root));
    }
  }
  for (const dockerfile of await findDockerfiles(root)) {
    if (covered.has(dockerfile)) continue;
    const f = await factsOf(dockerfile);
    if (!f) continue;
    const name = relative(root, dockerfile).replace(/\/?(Dockerfile|Containerfile)$/, '') || basename(root);
    targets.push(buildTarget(name, dockerfile, join(dockerfile, '..'), f, {}, root));
  }

  for (const t of targets) {
    if (t.dockerOnly.length > 0)
      notes.push(
        `${t.name}: ${t.dockerOnly.join(', ')} kept with --format docker (the OCI format drops ${t.dockerOnly.length > 1 ? 'them' : 'it'})`,
      );
    if (t.cacheMounts.length > 0)
      notes.push(
        `${t.name}: RUN --mount=type=cache (${t.cacheMounts.join(', ')}) works as is in Buildah; the cache lives in Buildah's storage, not in a BuildKit cache, so it is per user (rootless) and not exported with --cache-to`,
      );
    if (t.secrets.some((s) => s.src?.startsWith('$SECRETS_DIR')))
      notes.push(
        `${t.name}: build secrets are read from $SECRETS_DIR/<id>; set SECRETS_DIR or edit the --secret flags`,
      );
    if (t.platforms.length > 1)
      notes.push(
        `${t.name}: multi-arch builds a manifest list; push it with \`buildah manifest push --all ${t.tags[0]} docker://${t.tags[0]}\` (cross-builds need qemu-user-static)`,
      );
  }

  const script = [
    '#!/usr/bin/env bash',
    '# Generated by `dockwright migrate buildah`: the buildah equivalents of this project’s docker builds.',
    'set -euo pipefail',
    `cd "$(dirname "$0")/${relative(opts.scriptDir ?? root, root) || '.'}"`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'SECRETS_DIR="${SECRETS_DIR:-./secrets}"',
    '',
    ...targets.flatMap((t) => [`# ${t.name}`, t.command, '']),
  ].join('\n');
  return { targets, script, unsupported, notes };
}
