/**
 * Applies interpolation to every scalar of a parsed compose file (values, not keys),
 * then compose-go's type casts for the paths whose values may come from a variable
 * (`scale: ${N}` → 3, `privileged: "true"` → true). Problems become located diagnostics.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Range } from '../../core/source.js';
import { InterpolationError, interpolate, type Lookup, referencedVariables } from './interpolate.js';
import { isDict } from './merge.js';
import { childOrigin, type Origin } from './provenance.js';
import { diagnostic } from './yaml.js';

type Cast = (value: string) => unknown;

function toBoolean(value: string): unknown {
  switch (value.toLowerCase()) {
    case 'y':
    case 'yes':
    case 'true':
    case 'on':
      return true;
    case 'n':
    case 'no':
    case 'false':
    case 'off':
      return false;
    default:
      throw new Error(`invalid boolean: ${value}`);
  }
}

function toInt(value: string): unknown {
  if (!/^[-+]?\d+$/.test(value.trim())) throw new Error(`invalid integer: ${value}`);
  return Number.parseInt(value, 10);
}

function toFloat(value: string): unknown {
  const n = Number(value.trim());
  if (value.trim() === '' || Number.isNaN(n)) throw new Error(`invalid number: ${value}`);
  return n;
}

const casts: [string[], Cast][] = [
  ['services.*.cpu_count', toInt],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt],
  ['services.*.cpu_quota', toInt],
  ['services.*.cpu_rt_period', toInt],
  ['services.*.cpu_rt_runtime', toInt],
  ['services.*.cpus', toFloat],
  ['services.*.cpu_shares', toInt],
  ['services.*.init', toBoolean],
  ['services.*.depends_on.*.required', toBoolean],
  ['services.*.depends_on.*.restart', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.mem_swappiness', toInt],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt],
  ['services.*.pids_limit', toInt],
  ['services.*.ports.[].target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.[].mode', toInt],
  ['services.*.configs.[].mode', toInt],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.[].read_only', toBoolean],
  ['services.*.volumes.[].volume.nocopy', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
].map(([p, c]) => [(p as string).split('.'), c as Cast]);

function castFor(path: readonly (string | number)[]): Cast | undefined {
  outer: for (const [pattern, cast] of casts) {
    if (pattern.length !== path.length) continue;
    for (let i = 0; i < pattern.length; i++) {
      const seg = pattern[i]!;
      const step = path[i]!;
      if (seg === '[]') {
        if (typeof step !== 'number') continue outer;
      } else if (seg === '*') {
        if (typeof step !== 'string') continue outer;
      } else if (seg !== step) continue outer;
    }
    return cast;
  }
  return undefined;
}

export interface SubstituteResult {
  readonly diagnostics: Diagnostic[];
  /** Unset variables (no default) seen, with where each was first used. */
  readonly unset: Map<string, Diagnostic>;
}

/** Offset of template character `offset` in the source, when the scalar is written verbatim. */
function sourceOffset(origin: Origin, template: string, offset: number): number {
  const text = origin.source.text.slice(origin.range.start, origin.range.end);
  if (text === template) return origin.range.start + offset;
  if ((text.startsWith('"') || text.startsWith("'")) && text.slice(1, 1 + template.length) === template) {
    return origin.range.start + 1 + offset;
  }
  return origin.range.start;
}

/**
 * Interpolate every string value in `root` (mutating it in place; the caller owns the fresh
 * plain data) and apply the type casts. `unsetSeen` dedupes warnings across files like Compose.
 */
export function substituteVariables(root: unknown, lookup: Lookup, unsetSeen: Set<string>): SubstituteResult {
  const diagnostics: Diagnostic[] = [];
  const unset = new Map<string, Diagnostic>();

  const visitString = (
    template: string,
    origin: Origin | undefined,
    path: readonly (string | number)[],
  ): unknown => {
    let value: string = template;
    if (template.includes('$')) {
      try {
        const result = interpolate(template, lookup);
        value = result.value;
        if (result.blank.length > 0 && origin) {
          const refs = referencedVariables(template);
          for (const name of new Set(result.blank)) {
            if (unsetSeen.has(name)) continue;
            unsetSeen.add(name);
            const ref =
              refs.find((r) => r.name === name && r.defaultValue === undefined) ??
              refs.find((r) => r.name === name);
            const start = ref ? sourceOffset(origin, template, ref.start) : origin.range.start;
            const end = ref ? sourceOffset(origin, template, ref.end) : origin.range.end;
            const d = diagnostic(
              origin.source,
              { start, end: Math.max(end, start) },
              'warning',
              'compose/variable-not-set',
              `The "${name}" variable is not set. Defaulting to a blank string.`,
              `Set ${name} in the environment or in the project's .env file, or give it a default: \${${name}:-value}.`,
            );
            unset.set(name, d);
            diagnostics.push(d);
          }
        }
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
        if (origin) {
          const start = sourceOffset(origin, template, error.offset);
          const range: Range = { start, end: start === origin.range.start ? origin.range.end : start + 1 };
          diagnostics.push(
            diagnostic(
              origin.source,
              range,
              'error',
              error.kind === 'required' ? 'compose/variable-required' : 'compose/interpolation-syntax',
              error.message,
              error.kind === 'required' && error.variable
                ? `Set ${error.variable} in the environment, the project's .env file or an --env-file.`
                : 'Write a literal $ as $$.',
            ),
          );
        }
        return template;
      }
    }
    const cast = castFor(path);
    if (!cast) return value;
    try {
      return cast(value);
    } catch (error) {
      if (origin) {
        diagnostics.push(
          diagnostic(
            origin.source,
            origin.range,
            'error',
            'compose/invalid-value',
            `${path.join('.')}: ${(error as Error).message}`,
          ),
        );
      }
      return value;
    }
  };

  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        if (typeof item === 'string') node[i] = visitString(item, childOrigin(node, i), [...path, i]);
        else walk(item, [...path, i]);
      });
    } else if (isDict(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string') node[k] = visitString(v, childOrigin(node, k), [...path, k]);
        else walk(v, [...path, k]);
      }
    }
  };
  walk(root, []);
  return { diagnostics, unset };
}
