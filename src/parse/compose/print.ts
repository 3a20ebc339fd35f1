import { stringify } from 'yaml';
import type { ComposeModel } from './model.js';

const TOP_LEVEL_ORDER = ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The model as `docker compose config` prints it: keys sorted, empty top-level sections left out. */
export function composeConfigData(model: ComposeModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [
    ...TOP_LEVEL_ORDER.filter((k) => k in model),
    ...Object.keys(model)
      .filter((k) => !TOP_LEVEL_ORDER.includes(k))
      .sort(),
  ];
  for (const key of keys) {
    const value = model[key];
    if (value === undefined) continue;
    if (key !== 'services' && value && typeof value === 'object' && Object.keys(value).length === 0) continue;
    out[key] = key === 'name' ? value : sorted(value);
  }
  return out;
}

export function printComposeConfig(model: ComposeModel, format: 'yaml' | 'json' = 'yaml'): string {
  const data = composeConfigData(model);
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  return stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
}
