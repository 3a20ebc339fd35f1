import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/generate/types.js';
import { checkSetup, expectComposeLoads, expectSnapshots, expectTierOutputs, type Setup } from './harness.js';

/**
 * Node/Bun stack × tiers 1 and 2 over the detect fixtures. Each setup must: print the same text after
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
