/** Dependency order for starting a Compose project without Compose v2 (`up --wait` equivalent). */

export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ServiceDeps {
  readonly name: string;
  readonly dependsOn: Readonly<Record<string, { readonly condition?: string; readonly required?: boolean }>>;
}

export interface StartStep {
  readonly service: string;
  /** What to wait for on each dependency before starting this service. */
  readonly waitFor: readonly { readonly service: string; readonly condition: DependsCondition }[];
}

export class DependencyCycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`depends_on cycle: ${cycle.join(' -> ')}`);
  }
}

function condition(c: string | undefined): DependsCondition {
  return c === 'service_healthy' || c === 'service_completed_successfully' ? c : 'service_started';
}

/**
 * Services in start order: dependencies first; among services whose dependencies are met, the order of the
 * file (stable). Dependencies on services that are not in the project (profiles, `required: false`) are dropped.
 * Throws `DependencyCycleError` on a cycle.
 */
export function startOrder(services: readonly ServiceDeps[]): StartStep[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: StartStep[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: ServiceDeps, path: string[]): void => {
    const st = state.get(s.name);
    if (st === 'done') return;
    if (st === 'visiting') {
      throw new DependencyCycleError([...path.slice(path.indexOf(s.name)), s.name]);
    }
    state.set(s.name, 'visiting');
    const waitFor: StartStep['waitFor'][number][] = [];
    for (const [dep, cfg] of Object.entries(s.dependsOn)) {
      const d = byName.get(dep);
      if (!d) continue;
      visit(d, [...path, s.name]);
      waitFor.push({ service: dep, condition: condition(cfg.condition) });
    }
    state.set(s.name, 'done');
    out.push({ service: s.name, waitFor });
  };
  for (const s of services) visit(s, []);
  return out;
}
