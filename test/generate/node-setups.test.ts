import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { nodeTestCommand } from '../../src/generate/stacks/node-test.js';
import type { Tier } from '../../src/generate/types.js';
import {
  checkSetup,
  expectComposeLoads,
  expectSnapshots,
  expectTierOutputs,
  type Setup,
  slug,
} from './harness.js';
import { expectTestStage } from './test-stage-checks.js';

/**
 * Node/Bun stack × tiers 1–4 over the detect fixtures. Each setup must: print the same text after
 * parse → print; pass our own review at the tier's profile with zero findings (the self-check, which also loads
 * compose files through the Compose loader with schema validation); meet every item of the tier's checklist by
 * name; and match the reviewed files under __snapshots__/.
 */
const SETUPS: Setup[] = [
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

describe.each(SETUPS)('$fixture $app $finalImage ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const { files, ids } = await checkSetup(setup, tier);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'pinned-base-tags',
        'exec-form-cmd',
        'dockerignore',
        'oci-labels',
      ]),
    );
    expectTierOutputs(tier, files, ids, [
      'non-root-user',
      'compose-healthchecks',
      'depends-on-healthy',
      'resource-limits',
      'restart-policies',
      'secrets-not-env',
      'dev-override',
      'env-example',
    ]);
    await expectSnapshots(setup, tier, files);
  });
});

it('compose files validate against the compose-spec schema with zero errors (loader run on the written files)', async () => {
  await expectComposeLoads('node-express-npm', ['orders-api', 'postgres', 'redis']);
});

// ---- tiers 3–4 ------------------------------------------------------------------------------------------

/** The test stage's command where it is worth pinning down; every other setup is checked against its plan. */
const TEST_COMMAND: Record<string, string> = {
  'node-express-npm': 'node --check server.js',
  'nestjs-api': 'node --check dist/main',
  'node-yarn-berry-pnp': 'node --check src/server.mjs',
  'node-procfile': 'node --check server.js',
  'create-react-app': 'yarn test',
  'next-standalone-pnpm': 'node --check .next/standalone/server.js',
  'pnpm-turbo-monorepo--apps-web': 'node --check .next/standalone/apps/web/server.js',
  'bun-next': 'test -s .next/BUILD_ID',
  'bun-hono': 'bun build src/index.ts --target=bun --outdir=/tmp/bun-check',
  'sveltekit-adapter-node': 'node --check build',
  'remix-app': 'node --check ./build/server/index.js',
  'nuxt-ssr': 'node --check .output/server/index.mjs',
  'vite-react-spa': 'test -s dist/index.html',
  'angular-spa': 'test -s dist/ng-app/browser/index.html',
};

const ALL3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
const BIT64 = ['linux/amd64', 'linux/arm64'];
/** Tier 4 platforms: Node ≤ 22 images have arm/v7, Node 24 and Bun do not; Prisma has no 32-bit ARM engine. */
const PLATFORMS: Record<string, string[]> = {
  'node-express-npm': ALL3,
  'node-typescript-tsc': BIT64,
  'node-prisma-postgres': BIT64,
  'bun-hono': BIT64,
  'vite-react-spa': ALL3,
  'pnpm-turbo-monorepo--apps-api': ALL3,
};
/** Tier 4: whether the toolchain stages run on $BUILDPLATFORM (portable output) or everything is emulated. */
const CROSS: Record<string, boolean> = {
  'node-express-npm': true,
  'node-typescript-tsc': true,
  'vite-react-spa': true,
  'astro-static': true,
  'node-native-deps': false,
  'next-standalone-pnpm': false,
  'node-prisma-postgres': false,
  'node-yarn-berry-pnp': false,
};
/** Tier 3+ tmpfs mounts of the app service (besides /tmp): what Next.js writes at run time. */
const WRITABLE: Record<string, string[]> = {
  'node-express-npm': ['/tmp'],
  'next-standalone-pnpm': ['/tmp', '/app/.next/cache'],
  'pnpm-turbo-monorepo--apps-web': ['/tmp', '/app/apps/web/.next/cache'],
  'bun-next': ['/tmp', '/app/.next/cache'],
  'vite-react-spa': ['/tmp'],
};
const SNAPSHOTS_34 = new Set(['node-express-npm', 'next-standalone-pnpm', 'vite-react-spa', 'bun-hono']);

describe.each(SETUPS)('$fixture $app tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup(setup, tier);
    const key = slug(setup);
    expect(ids).toEqual(
      expect.arrayContaining(['build-test-production', 'read-only-root', 'capabilities-dropped']),
    );
    expectTestStage(plan, files, TEST_COMMAND[key]);
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    const compose = parseYaml(files.find((f) => f.path === 'compose.yaml')!.content) as {
      services: Record<string, { tmpfs?: string[]; read_only?: boolean }>;
    };
    const app = Object.values(compose.services)[0]!;
    expect(app.read_only).toBe(true);
    if (WRITABLE[key]) expect(app.tmpfs).toEqual(WRITABLE[key]);
    if (tier === 4) {
      if (PLATFORMS[key]) expect(plan.release?.platforms).toEqual(PLATFORMS[key]);
      expect(plan.release?.platforms.length).toBeGreaterThan(1);
      if (CROSS[key] !== undefined)
        expect(/^FROM --platform=\$BUILDPLATFORM \S+ AS base$/m.test(dockerfile)).toBe(CROSS[key]);
      expect(dockerfile).toMatch(/org\.opencontainers\.image\.licenses=/);
    } else {
      expect(dockerfile).not.toContain('$BUILDPLATFORM');
    }
    if (SNAPSHOTS_34.has(key)) {
      await expect(dockerfile).toMatchFileSnapshot(`__snapshots__/${key}/tier${tier}/Dockerfile`);
    }
  });
});

describe('the test stage command (nodeTestCommand)', () => {
  const base = {
    runtime: 'node' as const,
    shape: 'app-files' as const,
    startArgs: ['node', 'server.js'],
    outputDir: null,
    framework: null,
    hasBuild: false,
    appPath: '',
  };
  it.each([
    ['npm', 'npm test'],
    ['pnpm', 'pnpm test'],
    ['yarn', 'yarn test'],
    ['bun', 'bun run test'],
  ] as const)('%s runs the "test" script as `%s`', (pm, display) => {
    const r = nodeTestCommand({ ...base, pm, scripts: { test: 'vitest run' } });
    expect(r.display).toBe(display);
    expect(r.runsTests).toBe(true);
  });
  it('skips npm’s placeholder and checks the entry instead', () => {
    const r = nodeTestCommand({
      ...base,
      pm: 'npm',
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
    });
    expect(r.display).toBe('node --check server.js');
    expect(r.runsTests).toBe(false);
    expect(r.reason).toMatch(/placeholder/);
  });
  it('skips node options and their values when it looks for the entry', () => {
    const r = nodeTestCommand({
      ...base,
      pm: 'yarn',
      scripts: {},
      startArgs: ['node', '--require', './.pnp.cjs', '--max-old-space-size=460', 'src/main.mjs'],
    });
    expect(r.display).toBe('node --check src/main.mjs');
  });
});
