#!/usr/bin/env node
// Bench for `init`: plan + render per tier on three detect fixtures, the whole tier 3–4 matrix (4 CI × 6
// registries × 2 tiers × 3 fixtures), and the self-check (our own review) of a tier 4 setup.
// Standalone (node bench/init.mjs) or imported by the main bench runner (`export async function run()`).
// Imports the built library from dist/: run `npm run build` first.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = ['node-prisma-postgres', 'go-gin-postgres', 'python-fastapi-uv'];
const CIS = ['github', 'gitlab', 'jenkins', 'circleci'];
const REGISTRIES = ['hub', 'ghcr', 'ecr', 'gcr', 'acr', 'harbor'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(log = console.log) {
  const dist = (p) => join(repo, 'dist', p);
  const { detectProject } = await import(dist('detect/index.js'));
  const { planSetup, renderPlan } = await import(dist('generate/plan.js'));
  const { imagesToPin } = await import(dist('generate/pin.js'));
  const { selfCheck } = await import(dist('generate/self-check.js'));
  const facts = {};
  for (const f of FIXTURES) facts[f] = await detectProject(join(repo, 'test/detect/fixtures', f));
  // Offline stand-in for the registry: a stable fake digest per image (as the tests do).
  const digestsFor = (fx, options) =>
    new Map(
      imagesToPin(planSetup(fx, options).files).map((i) => [
        i,
        `sha256:${createHash('sha256').update(i).digest('hex')}`,
      ]),
    );

  log('init (plan + render)');
  for (const tier of [1, 2, 3, 4]) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < 15; i++) {
      for (const f of FIXTURES) {
        const t0 = performance.now();
        const files = renderPlan(planSetup(facts[f], { tier }));
        times.push(performance.now() - t0);
        if (i === 0) bytes += files.reduce((n, x) => n + x.content.length, 0);
      }
    }
    log(
      `  tier ${tier}: median ${median(times).toFixed(2)} ms per setup, ${Math.round(bytes / FIXTURES.length / 1024)} KiB written`,
    );
  }
  const t0 = performance.now();
  let n = 0;
  for (const f of FIXTURES)
    for (const tier of [3, 4])
      for (const ci of CIS)
        for (const registry of REGISTRIES) {
          renderPlan(planSetup(facts[f], { tier, ci, registry }));
          n++;
        }
  const matrixMs = performance.now() - t0;
  log(`  tier 3–4 matrix: ${n} setups in ${matrixMs.toFixed(0)} ms (${(matrixMs / n).toFixed(2)} ms each)`);

  const checks = [];
  for (let i = 0; i < 5; i++) {
    const options = { tier: 4, ci: 'github', registry: 'ghcr' };
    const fx = facts['node-prisma-postgres'];
    const plan = planSetup(fx, options, { digests: digestsFor(fx, options) });
    const files = renderPlan(plan);
    const s0 = performance.now();
    const findings = await selfCheck(plan, files, { root: fx.root });
    checks.push(performance.now() - s0);
    if (findings.length) log(`  !! self-check found ${findings.length} findings`);
  }
  log(
    `  self-check of a tier 4 setup (Dockerfile + compose review at hardened): median ${median(checks).toFixed(1)} ms`,
  );
  return { matrixMs, setups: n, selfCheckMs: median(checks) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
