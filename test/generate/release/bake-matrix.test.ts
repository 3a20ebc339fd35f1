// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolations are written as ${NAME}
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { getExpressionAst, parse } from '@cdktf/hcl2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { stageNames } from '../../../src/generate/model/dockerfile.js';
import { printBake } from '../../../src/generate/print/bake.js';
import { dockerfileFromText } from '../../../src/generate/print/dockerfile-from-ast.js';
import { bakeFile } from '../../../src/generate/release/bake.js';
import { caseName, FIXTURES, fileAt, type ReleaseSetup, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * docker-bake.hcl over the tier 4 matrix (3 fixtures × 4 CI × 6 registries), parsed by HashiCorp's HCL
 * (@cdktf/hcl2json 0.21.0, HCL compiled to wasm) and checked the way `docker buildx bake` would resolve it: every
 * `${…}` variable is declared (or a bake built-in / a function parameter), every function called is declared or in
 * bake's stdlib, every `target =` is a stage of the generated Dockerfile (read back with our Dockerfile parser),
 * every `inherits`/group member exists, platforms are valid, context and Dockerfile are where the layout says.
 * No buildx on this machine, so `docker buildx bake --print` itself was not run.
 */

/** docker/buildx bake/hclparser/stdlib.go (`stdlibFunctions`, read 2026 via the code index). */
const BAKE_STDLIB = new Set(
  'absolute add and base64decode base64encode basename bcrypt byteslen bytesslice can ceil chomp chunklist cidrhost cidrnetmask cidrsubnet cidrsubnets coalesce coalescelist compact concat contains convert csvdecode dirname distinct divide element equal flatten floor format formatdate formatlist greaterthan greaterthanorequalto hasindex indent index indexof int join jsondecode jsonencode keys length lessthan lessthanorequalto log lookup lower max md5 merge min modulo multiply negate not notequal or parseint pow range regex_replace regex regexall replace reverse reverselist rsadecrypt sanitize sethaselement setintersection setproduct setsubtract setsymmetricdifference setunion sha1 sha256 sha512 signum slice sort split strlen substr subtract timeadd timestamp title trim trimprefix trimspace trimsuffix try upper urlencode uuidv4 uuidv5 values zipmap'.split(
    ' ',
  ),
);
/** Variables bake defines itself (docs.docker.com/build/bake/reference "Built-in variables"). */
const BAKE_BUILTINS = new Set(['BAKE_CMD_CONTEXT', 'BAKE_LOCAL_PLATFORM']);
/** Target attributes of the bake file reference (docs.docker.com/build/bake/reference/#target). */
const TARGET_ATTRIBUTES = new Set(
  'args annotations attest cache-from cache-to call context contexts description dockerfile dockerfile-inline entitlements extra-hosts inherits labels matrix name network no-cache no-cache-filter output platforms pull secret shm-size ssh tags target ulimits'.split(
    ' ',
  ),
);
/** Keys `--set target.key=…` accepts (bake reference "Overriding configuration"), for the pipelines' overrides. */
const SET_KEYS = new Set(
  'args attest cache-from cache-to context contexts dockerfile entitlements labels network no-cache output platform pull secrets ssh tags target'.split(
    ' ',
  ),
);
const PLATFORM = /^linux\/(amd64|arm64|arm\/v[67]|386|ppc64le|s390x|riscv64)$/;

type Blocks = Record<string, Record<string, [Record<string, unknown>]>>;

interface AstNode {
  readonly type: string;
  readonly children?: readonly AstNode[];
  readonly meta?: {
    readonly name?: string;
    readonly traversal?: readonly { segment: string }[];
    readonly argsRanges?: readonly unknown[];
  };
}

interface References {
  readonly variables: string[];
  readonly calls: { readonly name: string; readonly args: number }[];
}

/** Variables and function calls of one value as hcl2json prints it (`${expr}` for an expression, else a template). */
async function references(value: string): Promise<References> {
  const out: References = { variables: [], calls: [] };
  if (!value.replace(/\$\$\{/g, '').includes('${')) return out;
  let ast: AstNode | null = null;
  if (value.startsWith('${') && value.endsWith('}')) {
    ast = (await getExpressionAst('docker-bake.hcl', value.slice(2, -1)).catch(() => null)) as AstNode | null;
  }
  ast ??= (await getExpressionAst('docker-bake.hcl', `"${value}"`)) as AstNode | null;
  const walk = (n: AstNode | null | undefined) => {
    if (!n) return;
    if (n.type === 'function') out.calls.push({ name: n.meta!.name!, args: n.meta!.argsRanges!.length });
    if (n.type === 'scopeTraversal') out.variables.push(n.meta!.traversal![0]!.segment);
    for (const c of n.children ?? []) walk(c);
  };
  walk(ast);
  return out;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const one = (blocks: Blocks, kind: string) =>
  Object.entries(blocks[kind] ?? {}).map(([name, [body]]) => [name, body] as const);

const CASES = releaseMatrix().filter((c) => c.tier === 4);
const setups = new Map<string, ReleaseSetup>();
const parsed = new Map<string, Promise<Blocks>>();
const parseOnce = (text: string) => {
  let p = parsed.get(text);
  if (!p) {
    p = parse('docker-bake.hcl', text) as Promise<Blocks>;
    parsed.set(text, p);
  }
  return p;
};

beforeAll(async () => {
  for (const c of CASES) setups.set(caseName(c), await releaseSetup(c));
});

describe('docker-bake.hcl over the tier 4 matrix', () => {
  it('covers 72 setups', () => {
    expect(CASES).toHaveLength(72);
  });

  for (const c of CASES) {
    it(`${caseName(c)}: parses and resolves`, async () => {
      const s = setups.get(caseName(c))!;
      const ctx = s.context;
      const file = fileAt(s, ctx.paths.bake!);
      expect(file?.kind).toBe('bake');
      const text = file!.content;
      expect(text.startsWith('# Generated by `dockwright init` (tier 4)')).toBe(true);
      const hcl = await parseOnce(text);
      expect(Object.keys(hcl).sort()).toEqual(['function', 'group', 'target', 'variable']);

      const variables = new Set(Object.keys(hcl.variable!));
      const functions = new Map(one(hcl, 'function').map(([name, body]) => [name, body.params as string[]]));
      const targets = new Map(one(hcl, 'target'));
      const groups = new Map(one(hcl, 'group'));

      // Variables: only `default` (a `description` attribute is rejected by older buildx; descriptions are comments).
      for (const [, body] of one(hcl, 'variable')) expect(Object.keys(body)).toEqual(['default']);

      // Every reference resolves; every call is declared or stdlib, with the declared number of arguments.
      const check = async (value: string, scope: Set<string>) => {
        const refs = await references(value);
        for (const v of refs.variables)
          expect(scope.has(v) || BAKE_BUILTINS.has(v), `${v} in ${value}`).toBe(true);
        for (const call of refs.calls) {
          const params = functions.get(call.name);
          if (params) expect(call.args, `${call.name}() arity`).toBe(params.length);
          else expect(BAKE_STDLIB.has(call.name), `unknown function ${call.name}`).toBe(true);
        }
        return refs;
      };
      for (const [name, body] of functions) {
        expect(Object.keys(hcl.function![name]![0]).sort()).toEqual(['params', 'result']);
        const params = body.map((p) => p.replace(/^\$\{(.*)\}$/, '$1'));
        functions.set(name, params);
        await check(hcl.function![name]![0].result as string, new Set([...variables, ...params]));
      }
      for (const [, body] of targets) for (const value of strings(body)) await check(value, variables);
      for (const [, body] of one(hcl, 'variable'))
        for (const value of strings(body)) await check(value, variables);

      // Target names used by `target =` are stages of the generated Dockerfile (read back with our parser).
      const dockerfile = fileAt(s, ctx.layout.dockerfile);
      expect(dockerfile?.kind).toBe('dockerfile');
      const stages = new Set(stageNames(dockerfileFromText(dockerfile!.content)));
      for (const [name, body] of targets) {
        for (const key of Object.keys(body)) expect(TARGET_ATTRIBUTES.has(key), `${name}.${key}`).toBe(true);
        if ('target' in body)
          expect(stages.has(body.target as string), `${name}.target=${body.target}`).toBe(true);
        for (const parent of (body.inherits as string[] | undefined) ?? [])
          expect(targets.has(parent)).toBe(true);
        for (const p of (body.platforms as string[] | undefined) ?? []) expect(p).toMatch(PLATFORM);
        if ('context' in body) {
          const context = body.context as string;
          expect(existsSync(join(FIXTURES, c.fixture, context))).toBe(true);
          expect(posix.join(context, body.dockerfile as string)).toBe(ctx.layout.dockerfile);
        }
      }
      for (const [, body] of groups)
        for (const t of body.targets as string[]) expect(targets.has(t) || groups.has(t)).toBe(true);
      expect(groups.get('default')?.targets).toEqual(
        ctx.stages.test ? ['test', 'production'] : ['production'],
      );

      // The targets the pipelines and README use, with the stages the context names.
      const production = targets.get('production')!;
      expect(production.target).toBe(ctx.stages.production);
      expect(production.platforms).toEqual(ctx.platforms);
      expect(production.attest).toEqual(['type=provenance,mode=max,version=v1', 'type=sbom']);
      expect(production.inherits).toContain('docker-metadata-action');
      // Own tags on production would override the ones docker/metadata-action puts in its inherited target.
      expect(production).not.toHaveProperty('tags');
      expect(targets.get('docker-metadata-action')?.tags).toEqual(['${image_ref(TAG)}']);
      expect(targets.get('test')?.target).toBe(ctx.stages.test?.stage);
      expect(targets.get('dev')?.target).toBe(ctx.stages.dev ?? undefined);
      expect(targets.get('dev')).not.toHaveProperty('platforms');
      const cacheTo = hcl.function!.cache_to![0].result as string;
      for (const opt of ['type=registry', 'mode=max', 'image-manifest=true', 'oci-mediatypes=true'])
        expect(cacheTo).toContain(opt);
    });
  }

  it('the GitHub workflow only names bake targets and --set keys that exist', async () => {
    let checked = 0;
    for (const s of setups.values()) {
      if (s.ci !== 'github') continue;
      const workflow = parseYaml(fileAt(s, s.context.paths.pipeline)!.content) as {
        jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
      };
      const hcl = await parseOnce(fileAt(s, s.context.paths.bake!)!.content);
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (!step.uses?.startsWith('docker/bake-action@')) continue;
          checked++;
          for (const t of String(step.with!.targets)
            .split(/[\s,]+/)
            .filter(Boolean))
            expect(hcl.target).toHaveProperty(t);
          for (const line of String(step.with!.set ?? '')
            .split('\n')
            .filter(Boolean)) {
            const [target, key] = line.slice(0, line.indexOf('=')).split('.');
            expect(hcl.target).toHaveProperty(target!);
            expect(SET_KEYS.has(key!), line).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a test stage becomes a test target with cache-only output', async () => {
    const s = setups.get(caseName(CASES[0]!))!;
    const ctx = {
      ...s.context,
      stages: { ...s.context.stages, test: { stage: 'test', command: 'npm test', reason: 'a test script' } },
    };
    const hcl = (await parse(
      'docker-bake.hcl',
      printBake((bakeFile(ctx).files[0] as unknown as { model: never }).model),
    )) as Blocks;
    expect(hcl.target!.test![0]).toMatchObject({
      target: 'test',
      output: ['type=cacheonly'],
      inherits: ['_common'],
    });
    expect(hcl.group!.default![0].targets).toEqual(['test', 'production']);
    const without = { ...ctx, stages: { ...ctx.stages, test: null, dev: null } };
    const hcl2 = (await parse(
      'docker-bake.hcl',
      printBake((bakeFile(without).files[0] as unknown as { model: never }).model),
    )) as Blocks;
    expect(Object.keys(hcl2.target!).sort()).toEqual(['_common', 'docker-metadata-action', 'production']);
    expect(hcl2.group!.default![0].targets).toEqual(['production']);
  });

  it('tier 3 writes no bake file', async () => {
    const s = await releaseSetup({ fixture: 'go-gin-postgres', ci: 'github', registry: 'ghcr', tier: 3 });
    expect(bakeFile(s.context).files).toEqual([]);
    expect(s.files.some((f) => f.kind === 'bake')).toBe(false);
  });

  it('is deterministic and matches the snapshots', async () => {
    for (const [fixture, ci, registry] of [
      ['node-prisma-postgres', 'github', 'ghcr'],
      ['go-gin-postgres', 'gitlab', 'ecr'],
    ] as const) {
      const again = await releaseSetup({ fixture, ci, registry, tier: 4 });
      const first = setups.get(caseName({ fixture, ci, registry, tier: 4 }))!;
      const text = fileAt(first, 'docker-bake.hcl')!.content;
      expect(fileAt(again, 'docker-bake.hcl')!.content).toBe(text);
      await expect(text).toMatchFileSnapshot(`__snapshots__/bake-${fixture}-${ci}-${registry}.hcl`);
    }
  });
});
