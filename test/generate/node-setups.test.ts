import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { Tier } from '../../src/generate/types.js';
import { loadCompose } from '../../src/parse/compose/index.js';

/**
 * Node/Bun stack × tiers 1 and 2 over the detect fixtures. Each setup must: print the same text after
 * parse → print; pass our own review at the tier's profile with zero findings (the self-check, which also loads
 * compose files through the Compose loader with schema validation); meet every item of the tier's checklist by
 * name; and match the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: { fixture: string; app?: string; what: string }[] = [
  { fixture: 'node-express-npm', what: 'Express, npm, postgres + redis, health endpoint' },
  { fixture: 'node-typescript-tsc', what: 'TypeScript build (tsc), kafka' },
  { fixture: 'nestjs-api', what: 'NestJS, mysql, secret env' },
  { fixture: 'node-pnpm-packagemanager', what: 'Hono, pnpm via corepack, TypeScript build' },
  { fixture: 'node-engines-vs-nvmrc', what: 'Fastify, plain server' },
  { fixture: 'node-engines-agrees-with-node-version', what: 'Koa, exact Node version' },
  { fixture: 'node-yarn-classic', what: 'yarn 1, mongodb' },
  { fixture: 'node-yarn-berry-node-modules', what: 'yarn berry node-modules, minio' },
  { fixture: 'node-yarn-berry-pnp', what: 'yarn berry PnP, rabbitmq' },
  { fixture: 'node-prisma-postgres', what: 'Prisma: generate at build, openssl at runtime' },
  { fixture: 'node-native-deps', what: 'native modules (canvas, bcrypt, better-sqlite3), sqlite volume' },
  { fixture: 'node-puppeteer-worker', what: 'worker with chromium runtime deps, redis' },
  { fixture: 'node-cli-bin', what: 'CLI (ENTRYPOINT, no port)' },
  { fixture: 'node-no-lockfile', what: 'npm without lockfile' },
  { fixture: 'node-procfile', what: 'start command from a Procfile' },
  { fixture: 'next-standalone-pnpm', what: 'Next.js standalone output, pnpm' },
  { fixture: 'bun-next', what: 'Next.js (next start) on Bun' },
  { fixture: 'nuxt-ssr', what: 'Nuxt .output' },
  { fixture: 'remix-app', what: 'Remix (remix-serve)' },
  { fixture: 'sveltekit-adapter-node', what: 'SvelteKit adapter-node' },
  { fixture: 'astro-ssr-node', what: 'Astro server output' },
  { fixture: 'astro-static', what: 'Astro static site on nginx' },
  { fixture: 'vite-react-spa', what: 'Vite React SPA on nginx' },
  { fixture: 'create-react-app', what: 'CRA SPA, yarn 1' },
  { fixture: 'angular-spa', what: 'Angular SPA' },
  { fixture: 'next-static-export', what: 'Next.js static export' },
  { fixture: 'sveltekit-adapter-static', what: 'SvelteKit static adapter' },
  { fixture: 'bun-hono', what: 'Hono on Bun' },
  { fixture: 'pnpm-turbo-monorepo', app: 'apps/api', what: 'pnpm + turbo workspace API, postgres' },
  { fixture: 'pnpm-turbo-monorepo', app: 'apps/web', what: 'pnpm + turbo workspace Next standalone' },
  { fixture: 'npm-workspaces', what: 'npm workspaces' },
  { fixture: 'nx-monorepo', what: 'Nx workspace' },
  { fixture: 'app-selection', app: 'services/mail', what: 'pnpm workspace worker' },
  { fixture: 'polyglot-nested', app: 'frontend', what: 'nested Vite app with its own lockfile' },
];

const slug = (s: { fixture: string; app?: string }) =>
  `${s.fixture}${s.app ? `--${s.app.replace(/\//g, '-')}` : ''}`;

describe.each(SETUPS)('$fixture $app ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const plan = planSetup(facts, { tier, ...(setup.app ? { app: setup.app } : {}) });
    const files = renderPlan(plan);

    // Deterministic: the same facts and options give the same bytes.
    expect(renderPlan(planSetup(facts, { tier, ...(setup.app ? { app: setup.app } : {}) }))).toEqual(files);

    // parse → print gives identical text.
    for (const f of files.filter((x) => x.kind === 'dockerfile')) {
      expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
    }

    // Our own review at the tier's profile (Dockerfile rules with the build context, compose loader + rules).
    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

    // The spec's tier checklist, item by item.
    const failed = runChecklist(plan, files).filter((c) => !c.ok);
    expect(failed).toEqual([]);
    const ids = runChecklist(plan, files).map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
    );
    if (tier === 2) {
      expect(ids).toEqual(
        expect.arrayContaining([
          'non-root-user',
          'compose-healthchecks',
          'depends-on-healthy',
          'resource-limits',
          'restart-policies',
          'secrets-not-env',
          'dev-override',
          'env-example',
        ]),
      );
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
      );
    } else {
      expect(files.some((f) => f.kind === 'compose')).toBe(false);
    }

    // The reviewed snapshots.
    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(
        `__snapshots__/${slug(setup)}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

it('compose files validate against the compose-spec schema with zero errors (loader run on the written files)', async () => {
  const { mkdtemp, writeFile, mkdir, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { dirname } = await import('node:path');
  const facts = await detectProject(join(FIXTURES, 'node-express-npm'));
  const files = renderPlan(planSetup(facts, { tier: 2 }));
  const dir = await mkdtemp(join(tmpdir(), 'dw-compose-'));
  try {
    for (const f of files) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.content);
    }
    const project = await loadCompose({ workingDir: dir, env: {} });
    expect(project.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'compose.yaml',
      'compose.override.yaml',
    ]);
    expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Object.keys(project.model.services)).toEqual(['orders-api', 'postgres', 'redis']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
