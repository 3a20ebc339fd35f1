/**
 * Validation against the vendored compose-spec JSON schema (draft-07) with ajv, reporting
 * every error (not just the first, as `docker compose config` does), each translated into
 * a plain sentence and placed on the offending YAML node.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../../core/diagnostic.js';
import { closestMatch } from '../../core/suggest.js';
import { isDict } from './merge.js';
import { childOrigin, type Origin, originOf } from './provenance.js';
import composeSpec from './schema/compose-spec.json' with { type: 'json' };
import { diagnostic } from './yaml.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateFormats: false });
    // The schema names draft-07 by an https URL ajv does not know; draft-07 is ajv's default.
    const { $schema: _draft, ...schema } = composeSpec as Record<string, unknown>;
    compiled = ajv.compile(schema);
  }
  return compiled;
}

type Segment = string | number;

function decodePointer(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      current = current[Number(seg)];
    } else {
      out.push(seg);
      current = isDict(current) ? current[seg] : undefined;
    }
  }
  return out;
}

/** `services.web.ports[0]`: the path as a user would write it. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || '(top level)';
}

function originAt(data: unknown, path: readonly Segment[], key?: boolean): Origin | undefined {
  let current: unknown = data;
  let best = originOf(data);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const o = childOrigin(current, seg);
    if (o) best = key && i === path.length - 1 && o.keyRange ? { ...o, range: o.keyRange } : o;
    current =
      Array.isArray(current) || isDict(current) ? (current as Record<Segment, unknown>)[seg] : undefined;
    if (current === undefined) break;
  }
  return best;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

function typeList(types: string[]): string {
  const names = [...new Set(types.flatMap((t) => t.split(',')))].map((t) => TYPE_NAMES[t] ?? t);
  if (names.length <= 1) return names[0] ?? 'a different type';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

const COLLECTIONS: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

interface Friendly {
  path: Segment[];
  message: string;
  hint?: string;
  /** Point at the key rather than the value. */
  atKey?: boolean;
}

function friendly(error: ErrorObject, data: unknown): Friendly {
  const path = decodePointer(error.instancePath, data);
  const where = formatPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const parent = path.length === 1 ? COLLECTIONS[String(path[0])] : undefined;
      if (parent) {
        return {
          path: [...path, prop],
          atKey: true,
          message: `invalid ${parent} name "${prop}": use only letters, digits, '.', '_' and '-'`,
        };
      }
      const known = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const guess = closestMatch(prop, known);
      const scope = path.length === 0 ? 'top-level property' : `property in ${where}`;
      return {
        path: [...path, prop],
        atKey: true,
        message: `unknown ${scope} "${prop}"`,
        hint: guess
          ? `Did you mean "${guess}"?`
          : prop.startsWith('x') || path.length === 0
            ? 'Custom keys must start with "x-".'
            : undefined,
      } as Friendly;
    }
    case 'required':
      return {
        path,
        message: `${where} is missing the required property "${String(params.missingProperty)}"`,
      };
    case 'type':
      return {
        path,
        message: `${where} must be ${typeList([String(params.type)])}, not ${describe(error.data)}`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
      return {
        path,
        message: `${where} must be one of ${allowed.join(', ')}, not ${describe(error.data)}`,
        ...(guess ? { hint: `Did you mean "${guess}"?` } : {}),
      };
    }
    case 'pattern':
      return {
        path,
        message: `${where}: ${describe(error.data)} is not valid (must match ${String(params.pattern)})`,
      };
    case 'uniqueItems': {
      const i = Number(params.i);
      const j = Number(params.j);
      return {
        path: [...path, Math.max(i, j)],
        message: `${where} has a duplicate entry: items ${Math.min(i, j) + 1} and ${Math.max(i, j) + 1} are the same`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `${where} ${error.message ?? 'is out of range'}, not ${describe(error.data)}` };
    case 'oneOf':
      return { path, message: `${where} matches more than one allowed form; make it unambiguous` };
    case 'not':
      return { path, message: `${where} uses a combination of properties that is not allowed` };
    default:
      return { path, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * ajv reports the errors of every branch of a `oneOf`/`anyOf`. Keep only the branch the
 * user most plausibly meant: drop branches whose type does not match at all; if none is
 * left, say which types were allowed.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  const alts = list
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort(
      (a, b) => a.schemaPath.length - b.schemaPath.length || a.instancePath.length - b.instancePath.length,
    );
  for (const alt of alts) {
    if (!list.includes(alt)) continue;
    const position = list.indexOf(alt);
    const branches = (Array.isArray(alt.schema) ? alt.schema : []) as { $ref?: string }[];
    const prefix = `${alt.schemaPath}/`;
    const branchOf = (e: ErrorObject): number => {
      if (e.schemaPath.startsWith(prefix)) return Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      return branches.findIndex(
        (b) => b.$ref && (e.schemaPath === b.$ref || e.schemaPath.startsWith(`${b.$ref}/`)),
      );
    };
    const members = list
      .slice(0, position)
      .filter((e) => e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`))
      .map((e) => ({ e, branch: branchOf(e) }))
      .filter((m) => m.branch >= 0);
    if (members.length === 0) continue;
    const byBranch = new Map<number, ErrorObject[]>();
    for (const m of members) byBranch.set(m.branch, [...(byBranch.get(m.branch) ?? []), m.e]);
    const mismatched = (errs: ErrorObject[]): boolean =>
      errs.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath);
    const plausible = [...byBranch.values()].filter((errs) => !mismatched(errs));
    const memberSet = new Set(members.map((m) => m.e));
    list = list.filter((e) => e !== alt && !memberSet.has(e));
    if (plausible.length === 0) {
      const types = members
        .filter((m) => m.e.keyword === 'type' && m.e.instancePath === alt.instancePath)
        .map((m) => String((m.e.params as { type: unknown }).type));
      list.push({
        ...alt,
        keyword: 'type',
        params: { type: [...new Set(types)].join(',') },
      });
    } else {
      plausible.sort((a, b) => a.length - b.length);
      list.push(...plausible[0]!);
    }
  }
  return list;
}

/** Validate one file's data (after interpolation); every error becomes a located diagnostic. */
export function validateSchema(data: unknown, fallback: Origin): Diagnostic[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = collapseAlternatives(validate.errors ?? []);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const f = friendly(error, data);
    const origin = originAt(data, f.path, f.atKey) ?? fallback;
    const key = `${origin.range.start}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic(origin.source, origin.range, 'error', 'compose/schema', f.message, f.hint));
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
