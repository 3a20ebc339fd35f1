import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppFacts, detectProject, type ProjectFacts } from '../../src/detect/index.js';

/**
 * Every folder in fixtures/ is a small project with a hand-written expected.json. Expectations are partial
 * on purpose: each app lists the facts that matter for that case, and only those are compared, as data.
 *
 *   language / packageManager   objects: only the keys written are compared
 *   framework                   a name, or an object with name/version/features
 *   services, nativeDeps, env   lists of names, compared as sorted sets
 *   warnings                    one substring per warning note; the number of warnings must match
 *   anything else               compared with toEqual
 * At the top level: `apps` (same length and order), optional `monorepo` (tools, members), `docker`, `notes`.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures');

type Expected = Record<string, unknown>;

function projectApp(app: AppFacts, expected: Expected): Expected {
  const out: Expected = {};
  for (const [key, want] of Object.entries(expected)) {
    switch (key) {
      case 'language':
      case 'packageManager': {
        const actual = app[key] as unknown as Record<string, unknown> | null;
        out[key] =
          want === null || actual === null
            ? actual
            : Object.fromEntries(Object.keys(want as object).map((k) => [k, actual[k]]));
        break;
      }
      case 'framework':
        out[key] =
          typeof want === 'string' || want === null
            ? (app.framework?.name ?? null)
            : app.framework &&
              Object.fromEntries(
                Object.keys(want as object).map((k) => [
                  k,
                  (app.framework as unknown as Record<string, unknown>)[k],
                ]),
              );
        break;
      case 'services':
        out[key] = app.services.map((s) => s.name).sort();
        break;
      case 'nativeDeps':
        out[key] = app.nativeDeps.map((n) => n.package).sort();
        break;
      case 'env':
        out[key] = app.env.map((e) => e.name).sort();
        break;
      case 'secretEnv':
        out[key] = app.env
          .filter((e) => e.secret)
          .map((e) => e.name)
          .sort();
        break;
      case 'ml':
        out[key] = app.ml && { packages: app.ml.packages, gpu: app.ml.gpu };
        break;
      case 'warnings': {
        const warnings = app.notes.filter((n) => n.level === 'warning').map((n) => n.message);
        const wanted = want as string[];
        out[key] =
          wanted.length === warnings.length && wanted.every((w) => warnings.some((m) => m.includes(w)))
            ? wanted
            : warnings;
        break;
      }
      default:
        out[key] = (app as unknown as Record<string, unknown>)[key];
    }
  }
  return out;
}

function sortedExpected(expected: Expected): Expected {
  const out = { ...expected };
  for (const k of ['services', 'nativeDeps', 'env', 'secretEnv'])
    if (Array.isArray(out[k])) out[k] = [...(out[k] as string[])].sort();
  return out;
}

const names = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('detect fixtures', () => {
  it('has at least 60 fixture projects', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of names) {
    it(name, async () => {
      const dir = join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
        app?: string;
        apps: Expected[];
        monorepo?: { tools: string[]; members: string[] } | null;
        docker?: Record<string, unknown>;
        notes?: string[];
      };
      const facts: ProjectFacts = await detectProject(
        dir,
        expected.app !== undefined ? { app: expected.app } : {},
      );
      expect(facts.schemaVersion).toBe(1);
      expect(
        facts.apps.map((a) => `${a.name} (${a.path})`),
        'apps',
      ).toHaveLength(expected.apps.length);
      facts.apps.forEach((app, i) => {
        const want = sortedExpected(expected.apps[i]!);
        expect(projectApp(app, want), `app ${i}: ${app.name}`).toEqual(want);
      });
      if (expected.monorepo !== undefined) {
        expect(facts.monorepo && { tools: facts.monorepo.tools, members: facts.monorepo.members }).toEqual(
          expected.monorepo,
        );
      }
      if (expected.docker !== undefined) {
        const d = facts.docker as unknown as Record<string, unknown>;
        expect(Object.fromEntries(Object.keys(expected.docker).map((k) => [k, d[k]]))).toEqual(
          expected.docker,
        );
      }
      if (expected.notes !== undefined) {
        for (const n of expected.notes) expect(facts.notes.map((x) => x.message).join('\n')).toContain(n);
      }
      // Every fact that has evidence points at a file that exists in the fixture (or is a default).
      for (const app of facts.apps)
        for (const e of app.evidence)
          if (e.source !== null) expect(e.source, `${e.fact} source`).not.toMatch(/^\/|\.\./);
    });
  }
});
