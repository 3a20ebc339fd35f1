import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { dockerfileFromText, printDockerfile, runChecklist } from '../../src/generate/index.js';
import { planSetup, renderPlan } from '../../src/generate/plan.js';
import { selfCheck } from '../../src/generate/self-check.js';
import type { Tier } from '../../src/generate/types.js';
import { checkSetup } from './harness.js';
import { expectTestStage, runTexts } from './test-stage-checks.js';

/**
 * Python stack × tiers 1–4 over every python-* and uv-workspace detect fixture (conda: a clear refusal).
 * Each setup must round-trip its Dockerfile, pass the self-check at the tier's profile with zero findings, meet
 * every checklist item of the tier by name, and match the reviewed files under __snapshots__/.
 */
const FIXTURES = join(import.meta.dirname, '../detect/fixtures');

const SETUPS: { fixture: string; app?: string; what: string }[] = [
  { fixture: 'python-django-gunicorn', what: 'Django + gunicorn, collectstatic, psycopg2 (libpq), postgres' },
  { fixture: 'python-fastapi-uv', what: 'FastAPI, uv lockfile, postgres + redis, health endpoint' },
  { fixture: 'python-flask-gunicorn', what: 'Flask under gunicorn, mongodb' },
  { fixture: 'python-flask-dev-server', what: 'Flask dev server replaced by gunicorn' },
  { fixture: 'python-streamlit', what: 'Streamlit on 8501' },
  { fixture: 'python-gradio', what: 'Gradio on 7860' },
  { fixture: 'python-ml-gpu', what: 'torch CUDA wheels, models volume, GPU compose file' },
  { fixture: 'python-console-script', what: 'console script CLI (pip install .)' },
  { fixture: 'python-module-name-differs', what: 'src-layout worker, python -m' },
  { fixture: 'python-pdm', what: 'PDM CLI, lxml native packages' },
  { fixture: 'python-pipenv', what: 'Pipenv, gunicorn, mysqlclient, mysql' },
  { fixture: 'python-poetry-1', what: 'Poetry 1.8 FastAPI' },
  { fixture: 'python-poetry-2', what: 'Poetry 2 Celery worker' },
  { fixture: 'python-procfile', what: 'hypercorn from a Procfile' },
  {
    fixture: 'python-version-conflict',
    what: 'pyproject without build backend, version from requires-python',
  },
  { fixture: 'python-with-tooling-package-json', what: 'aiohttp with a tooling-only package.json' },
  { fixture: 'uv-workspace', what: 'uv workspace member (packages/api)' },
];

describe.each(SETUPS)('$fixture ($what)', (setup) => {
  it.each([1, 2] as Tier[])('tier %i', async (tier) => {
    const facts = await detectProject(join(FIXTURES, setup.fixture), setup.app ? { app: setup.app } : {});
    const options = { tier, ...(setup.app ? { app: setup.app } : {}) };
    const plan = planSetup(facts, options);
    const files = renderPlan(plan);
    expect(plan.stack).toBe('python');

    // Deterministic.
    expect(renderPlan(planSetup(facts, options))).toEqual(files);

    // parse → print gives identical text.
    for (const f of files.filter((x) => x.kind === 'dockerfile')) {
      expect(printDockerfile(dockerfileFromText(f.content, f.path)), f.path).toBe(f.content);
    }

    // Our own review at the tier's profile.
    const findings = await selfCheck(plan, files, { root: facts.root });
    expect(findings.map((d) => `${d.file}:${d.start.line} ${d.code}: ${d.message}`)).toEqual([]);

    // The spec's tier checklist, item by item.
    const checklist = runChecklist(plan, files);
    expect(checklist.filter((c) => !c.ok)).toEqual([]);
    const ids = checklist.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'multi-stage',
        'pinned-base-tags',
        'exec-form-cmd',
        'deps-before-source',
        'cache-mounts',
        'dockerignore',
        'oci-labels',
      ]),
    );
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    expect(dockerfile).toMatch(/^FROM python:3\.\d+(\.\d+)?-slim-bookworm AS runtime$/m);
    expect(dockerfile).toContain('PYTHONDONTWRITEBYTECODE=1');
    expect(dockerfile).toContain('COPY --from=');
    expect(dockerfile).toMatch(/^USER 1001:1001$/m);
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
      if (plan.app.kind === 'server') {
        expect(ids).toEqual(expect.arrayContaining(['healthcheck', 'debugger-port']));
        expect(dockerfile).toMatch(/^ +CMD \["python", "-c", /m);
      }
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['compose.yaml', 'compose.override.yaml', '.env.example', 'README.Docker.md']),
      );
    } else {
      expect(files.some((f) => f.kind === 'compose')).toBe(false);
    }

    for (const f of files) {
      await expect(f.content).toMatchFileSnapshot(
        `__snapshots__/${setup.fixture}${setup.app ? `--${setup.app.replace(/\//g, '-')}` : ''}/tier${tier}/${f.path.replace(/\//g, '__')}`,
      );
    }
  });
});

it('never runs the Flask development server', async () => {
  const facts = await detectProject(join(FIXTURES, 'python-flask-dev-server'));
  const files = renderPlan(planSetup(facts, { tier: 2 }));
  const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
  expect(dockerfile).toContain(
    'CMD ["gunicorn", "--bind", "0.0.0.0:5001", "--access-logfile", "-", "server:app"]',
  );
  expect(dockerfile).toContain('gunicorn==');
});

it('GPU: a compose file with the NVIDIA reservation, models on a volume, not baked', async () => {
  const facts = await detectProject(join(FIXTURES, 'python-ml-gpu'));
  const plan = planSetup(facts, { tier: 2 });
  const files = renderPlan(plan);
  const gpu = files.find((f) => f.path === 'compose.gpu.yaml')?.content ?? '';
  expect(gpu).toContain('driver: nvidia');
  expect(gpu).toMatch(/capabilities:\n\s+- gpu/);
  expect(files.find((f) => f.path === 'compose.yaml')?.content).toContain('app-data:/models');
  expect(files.find((f) => f.kind === 'dockerignore')?.content).toContain('**/*.safetensors');
  expect(plan.decisions.map((d) => d.topic)).toEqual(expect.arrayContaining(['GPU', 'models']));
});

it('Alpine and distroless requests fall back to slim with the reason recorded; scratch is refused', async () => {
  const facts = await detectProject(join(FIXTURES, 'python-fastapi-uv'));
  for (const finalImage of ['alpine', 'distroless'] as const) {
    const plan = planSetup(facts, { tier: 2, finalImage });
    expect(plan.finalImage).toBe('slim');
    expect(plan.decisions.find((d) => d.topic === 'final image')?.choice).toMatch(/^Debian slim instead of/);
  }
  expect(() => planSetup(facts, { tier: 2, finalImage: 'scratch' })).toThrow(/cannot run on scratch/);
});

it('conda projects are refused with a way forward', async () => {
  const facts = await detectProject(join(FIXTURES, 'python-conda'));
  expect(() => planSetup(facts, { tier: 2 })).toThrow(/conda environments are not supported/);
});

// ---- tiers 3–4 ------------------------------------------------------------------------------------------

const NO_TESTS_OK = '|| [ $? -eq 5 ]';
/** The test stage's command where it is worth pinning down; every other setup is checked against its plan. */
const TEST_COMMAND: Record<string, string> = {
  'python-fastapi-uv': 'python -m pytest',
  'python-pipenv': `python -m compileall -q . && python -m pytest ${NO_TESTS_OK}`,
  'python-poetry-1': `python -m compileall -q . && python -m pytest ${NO_TESTS_OK}`,
  'python-django-gunicorn': `python -m compileall -q . && python -m unittest discover ${NO_TESTS_OK}`,
  'uv-workspace': `python -m compileall -q . && python -m unittest discover ${NO_TESTS_OK}`,
};
/** What the test stage installs on top of the production dependencies. */
const TEST_INSTALL: Record<string, string> = {
  'python-fastapi-uv': 'uv sync --locked --all-groups --no-install-project',
  'python-pipenv': 'pipenv install --dev --deploy',
  'python-poetry-1': 'poetry install --no-root --no-interaction --no-ansi',
};
const SNAPSHOTS_34 = new Set([
  'python-fastapi-uv',
  'python-django-gunicorn',
  'python-poetry-1',
  'uv-workspace',
]);

describe.each(SETUPS)('$fixture tiers 3–4', (setup) => {
  it.each([3, 4] as Tier[])('tier %i', async (tier) => {
    const { plan, files, ids } = await checkSetup({ ...setup, what: setup.what }, tier);
    expect(plan.stack).toBe('python');
    expect(ids).toEqual(
      expect.arrayContaining(['build-test-production', 'read-only-root', 'capabilities-dropped']),
    );
    const { test } = expectTestStage(plan, files, TEST_COMMAND[setup.fixture]);
    if (TEST_INSTALL[setup.fixture]) expect(runTexts(test)[0]).toBe(TEST_INSTALL[setup.fixture]);
    const dockerfile = files.find((f) => f.kind === 'dockerfile')!.content;
    // Wheels are per platform: no stage runs on the build platform, and 32-bit ARM is left out.
    expect(dockerfile).not.toContain('$BUILDPLATFORM');
    if (tier === 4) {
      expect(plan.release?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(plan.decisions.map((d) => d.topic)).toContain('multi-platform build');
      expect(dockerfile).toMatch(/org\.opencontainers\.image\.licenses=/);
    }
    if (SNAPSHOTS_34.has(setup.fixture)) {
      await expect(dockerfile).toMatchFileSnapshot(`__snapshots__/${setup.fixture}/tier${tier}/Dockerfile`);
    }
  });
});
