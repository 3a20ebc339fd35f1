/**
 * Loads a Compose project the way Docker Compose v2 does:
 *
 *   discover files → read .env / --env-file → for each file: parse YAML (ranges, guards) →
 *   interpolate → validate against the compose-spec schema → resolve extends → merge
 *   (`-f a -f b`, !reset/!override) → enforce unicity → normalise (short → long syntax,
 *   env_file, absolute paths) → include sub-projects → profiles → consistency checks.
 *
 * Bad user input never throws: every problem is a located diagnostic. Only a compose file
 * (or --env-file) named by the caller that cannot be read throws an InputError.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Document } from 'yaml';
import type { Diagnostic } from '../../core/diagnostic.js';
import { InputError } from '../../core/errors.js';
import { type Position, type Range, SourceFile } from '../../core/source.js';
import { parseDotenv } from './dotenv.js';
import type { Lookup } from './interpolate.js';
import { enforceUnicity, isDict, mergeComposeDicts, mergeService, splitVolumeSpec } from './merge.js';
import type { ComposeModel, ComposeService } from './model.js';
import {
  addDefaultNetwork,
  envFilePaths,
  isRemoteContext,
  normalizeModel,
  normalizeProjectName,
} from './normalize.js';
import {
  childOrigin,
  copyProvenance,
  locatePath,
  type Origin,
  originOf,
  setChildOrigin,
} from './provenance.js';
import { validateSchema } from './schema.js';
import { substituteVariables } from './substitute.js';
import { validateModel } from './validate.js';
import { diagnostic, parseComposeYaml } from './yaml.js';

type Dict = Record<string, unknown>;

export const DEFAULT_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

export interface LoadComposeOptions {
  /** Where discovery starts and relative `files`/`envFiles` resolve (the user's cwd). */
  readonly workingDir: string;
  /** `-f` files, in order; later files override earlier ones. Default: discovered like Compose. */
  readonly files?: readonly string[];
  /** `--env-file`s; replace the project's `.env`. Later files override earlier ones. */
  readonly envFiles?: readonly string[];
  /** `--profile`s; default: COMPOSE_PROFILES. `*` enables every profile. */
  readonly profiles?: readonly string[];
  /** The shell environment (injected; never read from `process` here). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `-p`; default: COMPOSE_PROJECT_NAME, then the top-level `name:`, then the project directory's name. */
  readonly projectName?: string;
  /** `--project-directory`; default: the directory of the first compose file. */
  readonly projectDirectory?: string;
}

/** A file that took part in the load, with its text and YAML document (for positions and structural fixes). */
export interface ComposeFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly document: Document;
  /** How the file came in: named or discovered (`main`), through `extends`, or through `include`. */
  readonly role: 'main' | 'extends' | 'include';
}

export interface ComposeLocation {
  readonly file: string;
  readonly source: SourceFile;
  /** The value's range; for a mapping entry, `keyRange` is its key. */
  readonly range: Range;
  readonly keyRange?: Range;
  readonly start: Position;
  readonly end: Position;
}

export interface ComposeProject {
  readonly name: string;
  readonly projectDir: string;
  readonly files: readonly ComposeFile[];
  /** The merged, interpolated, normalised project (active services only). */
  readonly model: ComposeModel;
  /** Services switched off by profiles. */
  readonly disabledServices: Readonly<Record<string, ComposeService>>;
  readonly profiles: readonly string[];
  /** Variables used for interpolation: .env / --env-file values overridden by the shell environment. */
  readonly environment: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
  /** Where a model path (`['services', 'web', 'ports', 0]`) was written, after merge, extends and include. */
  locate(path: readonly (string | number)[]): ComposeLocation | undefined;
}

interface LoadedFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly data: Dict;
  /** Services with `extends` resolved, by name. */
  readonly resolved: Map<string, unknown>;
}

interface SubProject {
  readonly projectDir: string;
  readonly mainFiles: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly projectName?: string;
  /** Files on the include chain, for cycle detection. */
  readonly includeChain: readonly string[];
  /** The include entry that brought this sub-project in (for located errors). */
  readonly includedFrom?: Origin;
}

interface LoadedProject {
  readonly model: ComposeModel;
  readonly name: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Find the compose file(s) like Compose: the working dir, then each parent, plus one override. */
export async function discoverComposeFiles(
  workingDir: string,
): Promise<{ files: string[]; warnings: string[] }> {
  let dir = resolve(workingDir);
  for (;;) {
    const found: string[] = [];
    for (const name of DEFAULT_FILE_NAMES) if (await exists(join(dir, name))) found.push(join(dir, name));
    if (found.length > 0) {
      const warnings: string[] = [];
      if (found.length > 1) {
        warnings.push(
          `Found multiple config files with supported names: ${found.join(', ')}; using ${found[0]}`,
        );
      }
      const overrides: string[] = [];
      for (const name of DEFAULT_OVERRIDE_FILE_NAMES) {
        if (await exists(join(dir, name))) overrides.push(join(dir, name));
      }
      if (overrides.length > 1) {
        warnings.push(
          `Found multiple override files with supported names: ${overrides.join(', ')}; using ${overrides[0]}`,
        );
      }
      return { files: [found[0]!, ...overrides.slice(0, 1)], warnings };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new InputError(
    `no compose file found in ${resolve(workingDir)} or its parent directories`,
    resolve(workingDir),
    `Create compose.yaml, or pass the file with -f (looked for ${DEFAULT_FILE_NAMES.join(', ')}).`,
  );
}

function toLocation(origin: Origin | undefined): ComposeLocation | undefined {
  if (!origin) return undefined;
  return {
    file: origin.source.path,
    source: origin.source,
    range: origin.range,
    ...(origin.keyRange ? { keyRange: origin.keyRange } : {}),
    start: origin.source.positionAt(origin.range.start),
    end: origin.source.positionAt(origin.range.end),
  };
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => isDeepEqual(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => isDeepEqual(a[k], b[k]));
  }
  return false;
}

class Loader {
  readonly files: ComposeFile[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly unsetSeen = new Set<string>();
  readonly #cache = new Map<string, LoadedFile | undefined>();

  constructor(readonly shellEnv: Readonly<Record<string, string | undefined>>) {}

  report(
    origin: Origin | undefined,
    severity: 'error' | 'warning',
    code: string,
    message: string,
    hint?: string,
  ): void {
    if (!origin) return;
    this.diagnostics.push(diagnostic(origin.source, origin.range, severity, code, message, hint));
  }

  /** Read a file named by the user: a missing one is an InputError. */
  async readRequired(path: string, what: string): Promise<string> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        code === 'ENOENT'
          ? `${what} not found`
          : code === 'EISDIR'
            ? `${what} is a directory`
            : `cannot read ${what}: ${(error as Error).message}`,
        path,
      );
    }
  }

  /** Read a file referenced from YAML (extends, include): missing → diagnostic at the reference. */
  async readReferenced(path: string, from: Origin | undefined, what: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.report(
        from,
        'error',
        'compose/file-not-found',
        code === 'ENOENT'
          ? `${what} ${path} not found`
          : `cannot read ${what} ${path}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }

  async readEnvFiles(
    paths: readonly string[],
    lookup: Lookup,
    required: boolean,
    from?: Origin,
  ): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    for (const path of paths) {
      let text: string | undefined;
      if (required && !from) text = await this.readRequired(path, 'env file');
      else if (required) text = await this.readReferenced(path, from, 'env file');
      else if (await exists(path)) text = await readFile(path, 'utf8');
      if (text === undefined) continue;
      const result = parseDotenv(text, path, (name) => values.get(name) ?? lookup(name));
      this.diagnostics.push(...result.diagnostics);
      for (const [k, v] of result.values) values.set(k, v);
    }
    return values;
  }

  /** Parse, interpolate and schema-check one file (cached per environment). */
  async loadFile(
    path: string,
    text: string,
    lookup: Lookup,
    role: ComposeFile['role'],
    envKey: string,
  ): Promise<LoadedFile | undefined> {
    const cacheKey = `${envKey}\0${path}`;
    if (this.#cache.has(cacheKey)) return this.#cache.get(cacheKey);
    const source = new SourceFile(path, text);
    const parsed = parseComposeYaml(source);
    if (!this.files.some((f) => f.path === path))
      this.files.push({ path, source, document: parsed.document, role });
    this.diagnostics.push(...parsed.diagnostics);
    if (!parsed.ok) {
      this.#cache.set(cacheKey, undefined);
      return undefined;
    }
    const whole: Origin = { source, range: { start: 0, end: 0 } };
    let data: Dict;
    if (parsed.value === null || parsed.value === undefined) {
      data = {};
      copyProvenance({}, data);
      this.report(whole, 'warning', 'compose/empty-file', 'the compose file is empty');
    } else if (!isDict(parsed.value)) {
      this.report(
        originOf(parsed.value) ?? whole,
        'error',
        'compose/schema',
        'a compose file must be a mapping at the top level',
      );
      this.#cache.set(cacheKey, undefined);
      return undefined;
    } else data = parsed.value;
    const sub = substituteVariables(data, lookup, this.unsetSeen);
    this.diagnostics.push(...sub.diagnostics);
    this.diagnostics.push(...validateSchema(data, originOf(data) ?? whole));
    if ('version' in data) {
      const o = childOrigin(data, 'version');
      this.report(
        o ? { ...o, range: o.keyRange ?? o.range } : whole,
        'warning',
        'compose/version-obsolete',
        'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
      );
    }
    const loaded: LoadedFile = { path, source, data, resolved: new Map() };
    this.#cache.set(cacheKey, loaded);
    return loaded;
  }

  // -------------------------------------------------------------------------------------------
  // extends

  async resolveAllExtends(file: LoadedFile, lookup: Lookup, envKey: string): Promise<void> {
    const services = file.data.services;
    if (!isDict(services)) return;
    for (const name of Object.keys(services)) await this.resolveService(file, name, lookup, envKey, []);
    for (const name of Object.keys(services)) {
      if (file.resolved.has(name)) services[name] = file.resolved.get(name);
    }
  }

  async resolveService(
    file: LoadedFile,
    name: string,
    lookup: Lookup,
    envKey: string,
    chain: string[],
  ): Promise<unknown> {
    const services = file.data.services as Dict;
    const svc = services[name];
    if (file.resolved.has(name)) return file.resolved.get(name);
    if (!isDict(svc) || svc.extends === undefined) return svc;
    const extendsOrigin = childOrigin(svc, 'extends');
    const ref =
      typeof svc.extends === 'string'
        ? { service: svc.extends }
        : isDict(svc.extends)
          ? svc.extends
          : undefined;
    const own: Dict = { ...svc };
    copyProvenance(svc, own);
    delete own.extends;
    if (!ref || typeof ref.service !== 'string') return own;
    const key = `${file.path}#${name}`;
    if (chain.includes(key)) {
      const cycle = [...chain.slice(chain.indexOf(key)), key].map((k) => k.split('#')[1]).join(' -> ');
      this.report(extendsOrigin, 'error', 'compose/extends-cycle', `extends cycle detected: ${cycle}`);
      return own;
    }
    let baseFile: LoadedFile | undefined = file;
    if (typeof ref.file === 'string') {
      const basePath = resolve(dirname(file.path), ref.file);
      const fileOrigin = childOrigin(svc.extends, 'file') ?? extendsOrigin;
      if (basePath !== file.path) {
        const text = await this.readReferenced(basePath, fileOrigin, 'extended file');
        baseFile =
          text === undefined ? undefined : await this.loadFile(basePath, text, lookup, 'extends', envKey);
      }
    }
    if (!baseFile) {
      file.resolved.set(name, own);
      return own;
    }
    const baseServices = isDict(baseFile.data.services) ? baseFile.data.services : {};
    if (!(ref.service in baseServices)) {
      this.report(
        childOrigin(svc.extends, 'service') ?? extendsOrigin,
        'error',
        'compose/extends-unknown-service',
        `cannot extend service "${ref.service}": no such service in ${baseFile.path}`,
      );
      file.resolved.set(name, own);
      return own;
    }
    let base = await this.resolveService(baseFile, ref.service, lookup, envKey, [...chain, key]);
    if (!isDict(base)) base = {};
    if (baseFile !== file) base = rebaseService(base as Dict, dirname(baseFile.path));
    const merged = mergeService(base, own, name);
    file.resolved.set(name, merged);
    return merged;
  }

  /**
   * Within one file, a second volume at the same target silently replaces the first
   * (Compose's unicity rule, meant for overrides); say so, since it is almost always a slip.
   */
  checkRepeatedTargets(file: LoadedFile): void {
    const services = isDict(file.data.services) ? file.data.services : {};
    for (const [name, svc] of Object.entries(services)) {
      if (!isDict(svc) || !Array.isArray(svc.volumes)) continue;
      const volumes = svc.volumes;
      const seen = new Map<string, number>();
      volumes.forEach((v, i) => {
        const target = isDict(v) ? String(v.target ?? '') : volumeTarget(String(v));
        if (!target) return;
        const clean = target.replace(/\/+$/, '') || '/';
        const first = seen.get(clean);
        if (first === undefined) {
          seen.set(clean, i);
          return;
        }
        this.report(
          childOrigin(volumes, i),
          'warning',
          'compose/duplicate-mount-target',
          `service "${name}" mounts ${clean} twice; Compose keeps only this later entry`,
          `Remove one of the two entries (items ${first + 1} and ${i + 1}).`,
        );
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // project

  async loadProject(project: SubProject): Promise<LoadedProject> {
    const lookup: Lookup = (name) => project.env[name];
    const envKey = `${project.projectDir}\0${JSON.stringify(project.env)}`;
    let merged: unknown;
    for (const [i, path] of project.mainFiles.entries()) {
      const text =
        project.includedFrom === undefined
          ? await this.readRequired(path, 'compose file')
          : await this.readReferenced(path, project.includedFrom, 'included file');
      if (text === undefined) continue;
      const file = await this.loadFile(path, text, lookup, project.includedFrom ? 'include' : 'main', envKey);
      if (!file) continue;
      await this.resolveAllExtends(file, lookup, envKey);
      this.checkRepeatedTargets(file);
      merged = i === 0 || merged === undefined ? file.data : mergeComposeDicts(merged, file.data);
    }
    const raw = (isDict(merged) ? enforceUnicity(merged) : {}) as Dict;

    const explicitName =
      project.projectName ??
      project.env.COMPOSE_PROJECT_NAME ??
      (typeof raw.name === 'string' ? raw.name : undefined);
    let name = normalizeProjectName(explicitName ?? basename(project.projectDir));
    if (explicitName !== undefined && name !== explicitName) {
      this.report(
        childOrigin(raw, 'name'),
        'warning',
        'compose/project-name',
        `project name "${explicitName}" is not valid; using "${name}" (lowercase letters, digits, '-' and '_', starting with a letter or digit)`,
      );
    }
    if (name === '') name = 'default';

    // env_file contents, read before normalising (which is synchronous).
    const envFiles = new Map<string, ReadonlyMap<string, string> | undefined>();
    const services = isDict(raw.services) ? raw.services : {};
    for (const svc of Object.values(services)) {
      if (!isDict(svc) || svc.env_file === undefined || svc.env_file === null) continue;
      for (const p of envFilePaths({ projectDir: project.projectDir, lookup }, svc.env_file)) {
        if (envFiles.has(p)) continue;
        if (!(await exists(p))) {
          envFiles.set(p, undefined);
          continue;
        }
        envFiles.set(p, await this.readEnvFiles([p], lookup, false));
      }
    }
    const model = normalizeModel(
      { projectName: name, projectDir: project.projectDir, lookup, envFiles, diagnostics: this.diagnostics },
      raw,
    );
    if (Array.isArray(raw.include)) await this.applyIncludes(model, raw.include, project, name);
    return { model, name };
  }

  async applyIncludes(
    model: ComposeModel,
    includes: unknown[],
    project: SubProject,
    name: string,
  ): Promise<void> {
    const baseDir = project.projectDir;
    for (const [i, entry] of includes.entries()) {
      const origin = childOrigin(includes, i);
      const spec = typeof entry === 'string' ? { path: entry } : isDict(entry) ? entry : undefined;
      if (!spec) continue;
      const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).filter(
        (p): p is string => typeof p === 'string',
      );
      if (paths.length === 0) continue;
      const files = paths.map((p) => resolve(baseDir, p));
      const cycleAt = files.find((f) => project.includeChain.includes(f));
      if (cycleAt) {
        const chain = [...project.includeChain.slice(project.includeChain.indexOf(cycleAt)), cycleAt];
        this.report(
          origin,
          'error',
          'compose/include-cycle',
          `include cycle detected: ${chain.map((f) => basename(f)).join(' -> ')}`,
        );
        continue;
      }
      const projectDir =
        typeof spec.project_directory === 'string'
          ? resolve(baseDir, spec.project_directory)
          : dirname(files[0]!);
      const envFileList = (
        Array.isArray(spec.env_file) ? spec.env_file : spec.env_file === undefined ? [] : [spec.env_file]
      )
        .filter((p): p is string => typeof p === 'string')
        .map((p) => resolve(baseDir, p));
      const parentLookup: Lookup = (n) => project.env[n];
      const dot =
        envFileList.length > 0
          ? await this.readEnvFiles(envFileList, parentLookup, true, origin)
          : await this.readEnvFiles([join(projectDir, '.env')], parentLookup, false);
      const env = { ...Object.fromEntries(dot), ...project.env };
      const sub = await this.loadProject({
        projectDir,
        mainFiles: files,
        env,
        projectName: name,
        includeChain: [...project.includeChain, ...files],
        includedFrom: origin,
      });
      for (const kind of ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
        const incoming = sub.model[kind];
        if (!isDict(incoming)) continue;
        if (!isDict(model[kind])) model[kind] = {};
        const target = model[kind] as Dict;
        for (const [key, value] of Object.entries(incoming)) {
          if (key in target) {
            if (!isDeepEqual(target[key], value)) {
              this.report(
                origin,
                'error',
                'compose/include-conflict',
                `included ${basename(files[0]!)} defines ${kind.slice(0, -1)} "${key}", which conflicts with an existing definition`,
                'Rename one of them; Compose does not merge included resources.',
              );
            }
            continue;
          }
          target[key] = value;
          setChildOrigin(target, key, childOrigin(incoming, key));
        }
      }
    }
  }
}

function volumeTarget(spec: string): string {
  const parts = splitVolumeSpec(spec);
  return parts.length === 1 ? parts[0]! : (parts[1] ?? '');
}

/** Make the relative paths of a service from another file absolute against that file's directory. */
function rebaseService(service: Dict, dir: string): Dict {
  const out: Dict = { ...service };
  copyProvenance(service, out);
  const abs = (p: unknown): unknown =>
    typeof p === 'string' && p !== '' && !isAbsolute(p) && !p.startsWith('~') && !p.startsWith('$')
      ? resolve(dir, p)
      : p;
  if (typeof out.build === 'string' && !isRemoteContext(out.build)) out.build = abs(out.build);
  else if (isDict(out.build)) {
    const b = { ...out.build };
    copyProvenance(out.build, b);
    const ctx = typeof b.context === 'string' ? b.context : '.';
    if (!isRemoteContext(ctx)) b.context = abs(ctx);
    out.build = b;
  }
  if (out.env_file !== undefined && out.env_file !== null) {
    const list = Array.isArray(out.env_file) ? out.env_file : [out.env_file];
    const rebased = list.map((e) => {
      if (!isDict(e)) return abs(e);
      const copy = { ...e, path: abs(e.path) };
      copyProvenance(e, copy);
      return copy;
    });
    copyProvenance(out.env_file, rebased);
    out.env_file = rebased;
  }
  if (Array.isArray(out.volumes)) {
    const rebased = out.volumes.map((v) => {
      if (typeof v === 'string' && v.startsWith('.')) {
        const colon = v.indexOf(':');
        return colon < 0 ? v : `${resolve(dir, v.slice(0, colon))}${v.slice(colon)}`;
      }
      if (isDict(v) && v.type === 'bind') {
        const copy = { ...v, source: abs(v.source) };
        copyProvenance(v, copy);
        return copy;
      }
      return v;
    });
    copyProvenance(out.volumes, rebased);
    out.volumes = rebased;
  }
  return out;
}

/** Load, merge, interpolate, validate and normalise a Compose project. */
export async function loadCompose(options: LoadComposeOptions): Promise<ComposeProject> {
  const workingDir = resolve(options.workingDir);
  const shellEnv = options.env ?? {};
  const loader = new Loader(shellEnv);

  let files: string[];
  let discoveryWarnings: string[] = [];
  if (options.files && options.files.length > 0) {
    files = options.files.map((f) => resolve(workingDir, f));
  } else if (shellEnv.COMPOSE_FILE) {
    const sep = shellEnv.COMPOSE_PATH_SEPARATOR ?? ':';
    files = shellEnv.COMPOSE_FILE.split(sep)
      .filter(Boolean)
      .map((f) => resolve(workingDir, f));
  } else {
    const found = await discoverComposeFiles(workingDir);
    files = found.files;
    discoveryWarnings = found.warnings;
  }
  const projectDir = options.projectDirectory
    ? resolve(workingDir, options.projectDirectory)
    : dirname(files[0]!);

  const shellLookup: Lookup = (name) => shellEnv[name];
  const dot =
    options.envFiles && options.envFiles.length > 0
      ? await loader.readEnvFiles(
          options.envFiles.map((f) => resolve(workingDir, f)),
          shellLookup,
          true,
        )
      : await loader.readEnvFiles([join(projectDir, '.env')], shellLookup, false);
  const env: Record<string, string> = Object.fromEntries(dot);
  for (const [k, v] of Object.entries(shellEnv)) if (v !== undefined) env[k] = v;

  const loaded = await loader.loadProject({
    projectDir,
    mainFiles: files,
    env,
    ...(options.projectName !== undefined ? { projectName: options.projectName } : {}),
    includeChain: files,
  });
  const model = loaded.model;

  for (const warning of discoveryWarnings) {
    const file = loader.files[0];
    if (file)
      loader.diagnostics.push(
        diagnostic(file.source, { start: 0, end: 0 }, 'warning', 'compose/discovery', warning),
      );
  }

  // Profiles.
  const profiles = [
    ...(options.profiles ?? (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim())),
  ].filter(Boolean);
  const active = new Set(profiles);
  const disabled: Record<string, ComposeService> = {};
  for (const [name, svc] of Object.entries(model.services)) {
    const own = Array.isArray(svc.profiles) ? svc.profiles.map(String) : [];
    if (own.length === 0 || active.has('*') || own.some((p) => active.has(p))) continue;
    disabled[name] = svc;
    delete model.services[name];
  }
  addDefaultNetwork(model);
  loader.diagnostics.push(...validateModel(model, { disabled }));

  const diagnostics = dedupe(loader.diagnostics);
  return {
    name: loaded.name,
    projectDir,
    files: loader.files,
    model,
    disabledServices: disabled,
    profiles,
    environment: env,
    diagnostics,
    locate: (path) => toLocation(locatePath(model, path)),
  };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.range.start}:${d.range.end}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
