import type { Range } from '../../core/index.js';
import type { DockerfileAST, Flag, FromInstruction, Instruction, MountOption } from './ast.js';
import { type Env, type ExpandResult, ExpansionError, expandWordWithInfo } from './expand.js';
import { type ImageRef, parseImageRef } from './image-ref.js';

/** ARGs BuildKit defines automatically in the global scope (usable in FROM; re-declare with `ARG X` in a stage). */
export const PLATFORM_ARGS: readonly string[] = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
];

/** Build args BuildKit accepts without an ARG declaration (passed to RUN only, never expanded in words). */
export const PREDEFINED_ARGS: readonly string[] = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
];

/** Instructions whose words BuildKit expands (Dockerfile reference, "Environment replacement"). */
export const EXPANDING_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD',
  'COPY',
  'ENV',
  'EXPOSE',
  'FROM',
  'LABEL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
  'ARG',
]);

export interface BuildModelOptions {
  /** `--build-arg` values. */
  buildArgs?: Readonly<Record<string, string>>;
  /** Target platform for TARGET* args (default `linux/amd64`). */
  targetPlatform?: string;
  /** Build platform for BUILD* args (default: the target platform). */
  buildPlatform?: string;
}

/** Variables visible at one point: ENV wins over ARG, as in BuildKit. */
export interface Scope {
  readonly env: ReadonlyMap<string, string>;
  /** Declared ARGs; `undefined` when declared without a value. */
  readonly args: ReadonlyMap<string, string | undefined>;
  lookup(name: string): string | undefined;
}

export interface StageBase {
  /** Raw image word of FROM. */
  readonly raw: string;
  /** After expansion with the global ARGs (undefined when expansion failed). */
  readonly expanded?: string;
  /** Parsed from the expanded word (ranges are those of the raw word when it has no variables). */
  readonly ref?: ImageRef;
  readonly unmatched: readonly string[];
  readonly error?: string;
}

export interface Stage {
  readonly index: number;
  /** Lower-cased, as BuildKit compares stage names. */
  readonly name?: string;
  readonly from: FromInstruction;
  readonly base: StageBase;
  /** An earlier stage this stage builds on (`FROM build AS test`). */
  readonly baseStage?: Stage;
  /** Expanded `--platform`. */
  readonly platform?: string;
  /** Instructions after FROM up to the next FROM. */
  readonly instructions: readonly Instruction[];
  /** ENV at the end of the stage (inherited from `baseStage`). */
  readonly env: ReadonlyMap<string, string>;
  /** ARGs declared in the stage at its end. */
  readonly args: ReadonlyMap<string, string | undefined>;
}

export type ReferenceTarget =
  | { readonly kind: 'stage'; readonly stage: Stage }
  | { readonly kind: 'image'; readonly ref: ImageRef }
  | { readonly kind: 'unresolved'; readonly reason: string };

export interface StageReference {
  readonly kind: 'copy-from' | 'mount-from';
  readonly stage: Stage;
  readonly instruction: Instruction;
  readonly flag: Flag;
  readonly option?: MountOption;
  readonly raw: string;
  readonly value: string;
  readonly range: Range;
  readonly target: ReferenceTarget;
}

export interface DockerfileModel {
  readonly ast: DockerfileAST;
  readonly stages: readonly Stage[];
  /** ARGs before the first FROM, with values after build args and defaults. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly references: readonly StageReference[];
  stageOf(instruction: Instruction): Stage | undefined;
  /** Variables visible to `instruction` (before it takes effect). */
  scopeAt(instruction: Instruction): Scope;
  /** Expand `word` as BuildKit would for `instruction`. */
  expand(instruction: Instruction, word: string): ExpandResult | { readonly error: ExpansionError };
}

function platformParts(p: string): { os: string; arch: string; variant: string } {
  const [os = 'linux', arch = 'amd64', variant = ''] = p.split('/');
  return { os, arch, variant };
}

function makeScope(env: ReadonlyMap<string, string>, args: ReadonlyMap<string, string | undefined>): Scope {
  return {
    env,
    args,
    lookup: (name) => env.get(name) ?? args.get(name),
  };
}

function envOf(scope: Scope): Env {
  return (name) => scope.lookup(name);
}

/** Derive stages, scopes and stage references from a parsed Dockerfile. */
export function buildModel(ast: DockerfileAST, opts: BuildModelOptions = {}): DockerfileModel {
  const buildArgs = new Map(Object.entries(opts.buildArgs ?? {}));
  const target = opts.targetPlatform ?? 'linux/amd64';
  const build = opts.buildPlatform ?? target;
  const tp = platformParts(target);
  const bp = platformParts(build);
  const automatic = new Map<string, string>([
    ['BUILDPLATFORM', build],
    ['BUILDOS', bp.os],
    ['BUILDARCH', bp.arch],
    ['BUILDVARIANT', bp.variant],
    ['TARGETPLATFORM', target],
    ['TARGETOS', tp.os],
    ['TARGETARCH', tp.arch],
    ['TARGETVARIANT', tp.variant],
  ]);
  const expandOpts = { escapeToken: ast.escapeToken };
  const tryExpand = (word: string, scope: Scope): ExpandResult | { error: ExpansionError } => {
    try {
      return expandWordWithInfo(word, envOf(scope), expandOpts);
    } catch (e) {
      if (e instanceof ExpansionError) return { error: e };
      return { error: new ExpansionError(e instanceof Error ? e.message : String(e), 0) };
    }
  };
  const value = (word: string, scope: Scope): string | undefined => {
    const r = tryExpand(word, scope);
    return 'error' in r ? undefined : r.value;
  };

  const scopes = new Map<Instruction, Scope>();
  const stageOfMap = new Map<Instruction, Stage>();
  const stages: Stage[] = [];
  const references: StageReference[] = [];

  // Global scope: ARGs before the first FROM.
  const globalArgs = new Map<string, string | undefined>();
  const globalScope = (): Scope => {
    const all = new Map<string, string | undefined>(automatic);
    for (const [k, v] of globalArgs) all.set(k, v);
    return makeScope(new Map(), all);
  };
  let i = 0;
  const list = ast.instructions;
  for (; i < list.length && list[i]!.keyword !== 'FROM'; i++) {
    const instr = list[i]!;
    scopes.set(instr, globalScope());
    if (instr.keyword !== 'ARG') continue;
    for (const d of instr.declarations) {
      const given = buildArgs.get(d.name);
      if (given !== undefined) globalArgs.set(d.name, given);
      else if (d.defaultValue !== undefined) globalArgs.set(d.name, value(d.defaultValue, globalScope()));
      else globalArgs.set(d.name, undefined);
    }
  }

  const stageByName = new Map<string, Stage>();
  const allStageNames = new Set<string>();
  for (const instr of list) {
    if (instr.keyword === 'FROM' && instr.stageName) allStageNames.add(instr.stageName.value.toLowerCase());
  }
  while (i < list.length) {
    const from = list[i] as FromInstruction;
    const fromScope = globalScope();
    scopes.set(from, fromScope);
    const index = stages.length;
    const raw = from.image?.raw ?? '';
    const exp = tryExpand(raw, fromScope);
    const base: { -readonly [K in keyof StageBase]: StageBase[K] } = { raw, unmatched: [] };
    if ('error' in exp) base.error = exp.error.message;
    else {
      base.expanded = exp.value;
      base.unmatched = exp.unmatched;
      base.ref =
        exp.value === raw && from.image ? from.image : parseImageRef(exp.value, from.image?.range.start ?? 0);
    }
    const baseStage = base.expanded !== undefined ? stageByName.get(base.expanded.toLowerCase()) : undefined;
    const instructions: Instruction[] = [];
    let env = new Map<string, string>(baseStage?.env ?? []);
    const args = new Map<string, string | undefined>();
    const stage: { -readonly [K in keyof Stage]: Stage[K] } = {
      index,
      from,
      base,
      instructions,
      env,
      args,
    };
    if (from.stageName) stage.name = from.stageName.value.toLowerCase();
    if (baseStage) stage.baseStage = baseStage;
    if (from.platform?.value !== undefined) {
      const p = value(from.platform.value, fromScope);
      if (p !== undefined) stage.platform = p;
    }
    stages.push(stage);
    stageOfMap.set(from, stage);
    i++;
    for (; i < list.length && list[i]!.keyword !== 'FROM'; i++) {
      const instr = list[i]!;
      instructions.push(instr);
      stageOfMap.set(instr, stage);
      const scope = makeScope(new Map(env), new Map(args));
      scopes.set(instr, scope);
      if (instr.keyword === 'ARG') {
        for (const d of instr.declarations) {
          const given = buildArgs.get(d.name);
          let v: string | undefined;
          if (given !== undefined) v = given;
          else if (d.defaultValue !== undefined) v = value(d.defaultValue, makeScope(env, args));
          else if (automatic.has(d.name)) v = automatic.get(d.name);
          else v = globalArgs.get(d.name);
          args.set(d.name, v);
        }
      } else if (instr.keyword === 'ENV') {
        const next = new Map(env);
        for (const p of instr.pairs) {
          const v = value(p.value, scope);
          if (v !== undefined) next.set(p.key, v);
        }
        env = next;
        stage.env = env;
      } else if (instr.keyword === 'COPY' && instr.from?.value !== undefined) {
        addReference(
          'copy-from',
          stage,
          instr,
          instr.from,
          undefined,
          instr.from.value,
          instr.from.valueRange,
          scope,
        );
      } else if (instr.keyword === 'RUN') {
        for (const m of instr.mounts) {
          const o = m.options.find((x) => x.key === 'from');
          if (o?.value !== undefined)
            addReference('mount-from', stage, instr, m.flag, o, o.value, o.valueRange, scope);
        }
      }
    }
    stage.args = args;
    if (stage.name !== undefined && !stageByName.has(stage.name)) stageByName.set(stage.name, stage);
  }

  function addReference(
    kind: StageReference['kind'],
    stage: Stage,
    instruction: Instruction,
    flag: Flag,
    option: MountOption | undefined,
    raw: string,
    range: Range | undefined,
    scope: Scope,
  ): void {
    const r = tryExpand(raw, scope);
    const v = 'error' in r ? raw : r.value;
    let target: ReferenceTarget;
    const byName = stageByName.get(v.toLowerCase());
    if ('error' in r) target = { kind: 'unresolved', reason: r.error.message };
    else if (byName && byName.index < stage.index) target = { kind: 'stage', stage: byName };
    else if (allStageNames.has(v.toLowerCase()))
      target = { kind: 'unresolved', reason: `stage "${v}" is not defined before stage ${stage.index}` };
    else if (/^\d+$/.test(v)) {
      const n = Number(v);
      target =
        n < stage.index
          ? { kind: 'stage', stage: stages[n]! }
          : { kind: 'unresolved', reason: `stage index ${n} is not before stage ${stage.index}` };
    } else target = { kind: 'image', ref: parseImageRef(v, range?.start ?? flag.range.start) };
    const ref: { -readonly [K in keyof StageReference]: StageReference[K] } = {
      kind,
      stage,
      instruction,
      flag,
      raw,
      value: v,
      range: range ?? flag.range,
      target,
    };
    if (option) ref.option = option;
    references.push(ref);
  }

  const empty = makeScope(new Map(), new Map());
  return {
    ast,
    stages,
    globalArgs,
    references,
    stageOf: (instr) => stageOfMap.get(instr),
    scopeAt: (instr) => scopes.get(instr) ?? empty,
    expand: (instr, word) => tryExpand(word, scopes.get(instr) ?? empty),
  };
}
