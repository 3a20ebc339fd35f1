import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppFacts, ProjectFacts } from '../../src/detect/index.js';
import { detectProject } from '../../src/detect/index.js';
import { corpusPath, haveCorpora, readCorpus, reportPassRate } from '../helpers/corpora.js';

/**
 * Accuracy of `detect` against Nixpacks' own plans for its 143 example apps
 * (../shared/corpora/nixpacks-examples). Labels are derived from each plan:
 *   language        ← providers[0] (c#/f# → dotnet, staticfile → static; Node apps that Nixpacks installs
 *                     and starts with bun are labelled bun, since Bun is the runtime it runs)
 *   package manager ← the install/build commands (npm ci → npm, poetry install → poetry, mvn → maven, …)
 *   start command   ← start.cmd, compared after the normalisation in `sameStart` (below)
 * Apps whose plan has no provider / install command / start command are not counted for that field.
 * Every disagreement must be listed with a reason in nixpacks-disagreements.json; stale entries fail too.
 */

interface Label {
  providers: string[];
  install: string[];
  build: string[];
  start: string | null;
}

interface Disagreement {
  app: string;
  field: 'language' | 'packageManager' | 'startCommand';
  nixpacks: string | null;
  ours: string | null;
  reason: string;
}

const DISAGREEMENTS = join(import.meta.dirname, 'nixpacks-disagreements.json');

function labelLanguage(l: Label): string | null {
  const p = l.providers[0];
  if (!p) return null;
  if (p === 'node' && /\bbun i\b/.test(l.install.join(' '))) return 'bun';
  return ({ 'c#': 'dotnet', 'f#': 'dotnet', staticfile: 'static' } as Record<string, string>)[p] ?? p;
}

function labelPm(l: Label, language: string | null): string | null {
  const cmds = [...l.install, ...l.build].join(' ; ');
  // Ecosystems that install Node packages for their assets come first: their own manager is the answer.
  const rules: [RegExp, string][] = [
    [/\bbundle install\b/, 'bundler'],
    [/\bcomposer install\b/, 'composer'],
    [/\bmix deps\.get\b/, 'mix'],
    [/\bbun i\b/, 'bun'],
    [/\bpnpm i\b/, 'pnpm'],
    [/\byarn install\b/, 'yarn'],
    [/\bnpm (?:ci|i|install)\b(?! -g corepack)/, 'npm'],
    [/\bpoetry install\b/, 'poetry'],
    [/\bpdm install\b/, 'pdm'],
    [/\buv sync\b/, 'uv'],
    [/\bpipenv install\b/, 'pipenv'],
    [/\bpip install\b/, 'pip'],
    [/\bmvnw?\b/, 'maven'],
    [/\bgradlew?\b/, 'gradle'],
    [/\bdotnet restore\b/, 'dotnet'],
    [/\bshards install\b/, 'shards'],
    [/\bdart pub get\b/, 'dart'],
    [/\bswift package resolve\b/, 'swift'],
    [/\bgleam deps\b/, 'gleam'],
    [/\blein\b/, 'lein'],
  ];
  for (const [re, pm] of rules) if (re.test(cmds)) return pm;
  const byLanguage: Record<string, string> = {
    go: 'go',
    rust: 'cargo',
    haskell: 'stack',
    scala: 'sbt',
    clojure: 'clojure',
  };
  return language ? (byLanguage[language] ?? null) : null;
}

function norm(cmd: string): string {
  return cmd
    .replace(/^python manage\.py migrate && /, '')
    .replace(/^(?:[A-Z_]+=\S+\s+)+/, '')
    .replace(/^exec\s+/, '')
    .replace(/^bundle exec\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Two start commands mean the same thing when, after `norm`:
 * - they are equal (`npm start` ≡ `npm run start`);
 * - both serve static files with a web server (Nixpacks' Caddy/nginx vs our kind `static`);
 * - both run a packaged jar with `java -jar` (jar names are the builders' choice);
 * - both run the compiled binary of a compiled language (`./out` vs `./bin/app`, `dotnet out/app.dll`);
 * - both run the same WSGI/ASGI/module target with gunicorn/uvicorn (flags differ);
 * - both run PHP-FPM (Nixpacks adds nginx in the same container);
 * - both run the same script with the same interpreter (deno permission flags differ);
 * - ours runs a package.json / deno.json script whose body is Nixpacks' command (`deno task start`).
 */
export function sameStart(theirs: string, ours: AppFacts | undefined): boolean {
  if (!ours) return false;
  if (/caddy run|nginx -c/.test(theirs) && !/php-fpm/.test(theirs)) return ours.kind === 'static';
  const o = ours.startCommand;
  if (!o) return false;
  const t = norm(theirs).replace(/^(npm|pnpm|yarn|bun) start$/, '$1 run start');
  const n = norm(o).replace(/^(npm|pnpm|yarn|bun) start$/, '$1 run start');
  if (t === n) return true;
  if (ours.startScript !== undefined && norm(ours.startScript) === t) return true;
  if (/\bjava\b.*-jar\b/.test(t) && /\bjava\b.*-jar\b/.test(n)) return true;
  const compiled = ['go', 'rust', 'dotnet', 'swift', 'crystal', 'dart', 'haskell', 'zig', 'cobol', 'scala'];
  const isBinary = (c: string) =>
    /^(?:\.\/|\/)(?!.*\.sh\b)\S+$/.test(c) || /^dotnet \S+\.dll$/.test(c) || /^\.build\//.test(c);
  if (compiled.includes(ours.language.name) && isBinary(t) && isBinary(n)) return true;
  const target = (c: string) =>
    /\b(gunicorn|uvicorn)\b.*?\s([\w.]+(?::\w+)?)(?:\s|$)/.exec(c.replace(/--?\w[\w-]*(?:[= ]\S+)?/g, ' '));
  const tt = target(t);
  const nt = target(n);
  if (tt && nt && tt[2]!.replace(/:application$/, '') === nt[2]!.replace(/:application$/, '')) return true;
  if (/php-fpm/.test(t) && /php-fpm/.test(n)) return true;
  const script = (c: string) =>
    /^(deno|python|node|ruby|bun|guile) (?:(?:run|-A|--allow-\S+)\s+)*(\S+)/.exec(c);
  const ts = script(t);
  const ns = script(n);
  return Boolean(ts && ns && ts[1] === ns[1] && ts[2] === ns[2]);
}

describe.skipIf(!haveCorpora)('nixpacks examples accuracy', () => {
  it('meets the language, package manager and start command targets, with every disagreement explained', async () => {
    const labels = (
      JSON.parse(readCorpus('nixpacks-examples', 'labels.json')) as { labels: Record<string, Label> }
    ).labels;
    const documented = JSON.parse(readFileSync(DISAGREEMENTS, 'utf8')) as Disagreement[];
    const found: Disagreement[] = [];
    const score = { language: [0, 0], packageManager: [0, 0], startCommand: [0, 0] };
    for (const [name, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
      let facts: ProjectFacts;
      try {
        facts = await detectProject(corpusPath('nixpacks-examples', 'apps', name));
      } catch (error) {
        throw new Error(`${name}: ${String(error)}`);
      }
      const app = facts.apps[0];
      const lang = labelLanguage(label);
      if (lang) {
        score.language[1]!++;
        if (app?.language.name === lang) score.language[0]!++;
        else
          found.push({
            app: name,
            field: 'language',
            nixpacks: lang,
            ours: app?.language.name ?? null,
            reason: '',
          });
      }
      const pm = labelPm(label, lang);
      if (pm) {
        score.packageManager[1]!++;
        if (app?.packageManager?.name === pm) score.packageManager[0]!++;
        else
          found.push({
            app: name,
            field: 'packageManager',
            nixpacks: pm,
            ours: app?.packageManager?.name ?? null,
            reason: '',
          });
      }
      if (label.start) {
        score.startCommand[1]!++;
        if (sameStart(label.start, app)) score.startCommand[0]!++;
        else
          found.push({
            app: name,
            field: 'startCommand',
            nixpacks: label.start,
            ours: app?.startCommand ?? (app ? `(${app.kind})` : null),
            reason: '',
          });
      }
    }
    reportPassRate('nixpacks-examples language', score.language[0]!, score.language[1]!);
    reportPassRate('nixpacks-examples package manager', score.packageManager[0]!, score.packageManager[1]!);
    reportPassRate('nixpacks-examples start command', score.startCommand[0]!, score.startCommand[1]!);
    if (process.env.DOCKWRIGHT_DUMP_DISAGREEMENTS) {
      const byKey = new Map(documented.map((d) => [`${d.app}/${d.field}`, d.reason]));
      writeFileSync(
        DISAGREEMENTS,
        `${JSON.stringify(
          found.map((d) => ({ ...d, reason: byKey.get(`${d.app}/${d.field}`) ?? '' })),
          null,
          2,
        )}\n`,
      );
    }
    const key = (d: Disagreement) => `${d.app}/${d.field}: nixpacks ${d.nixpacks} / ours ${d.ours}`;
    expect(
      found.map(key).sort(),
      'every disagreement is documented in nixpacks-disagreements.json, and none is stale',
    ).toEqual(documented.map(key).sort());
    for (const d of documented) expect(d.reason.length, `reason for ${d.app}/${d.field}`).toBeGreaterThan(20);
    expect(score.language[0]! / score.language[1]!).toBeGreaterThanOrEqual(0.95);
    expect(score.packageManager[0]! / score.packageManager[1]!).toBeGreaterThanOrEqual(0.95);
    expect(score.startCommand[0]! / score.startCommand[1]!).toBeGreaterThanOrEqual(0.85);
  });
});
