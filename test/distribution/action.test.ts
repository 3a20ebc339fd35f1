import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/corpora.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as Action;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const cli = join(repoRoot, 'bin/dockwright.js');

/** Evaluates the `${{ inputs.x }}` / `${{ steps.s.outputs.x }}` expressions the action uses in `env:`. */
function expand(
  value: string,
  inputs: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
) {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    const parts = expr.split('.');
    if (parts[0] === 'inputs') return inputs[parts[1] ?? ''] ?? '';
    if (parts[0] === 'steps' && parts[2] === 'outputs')
      return outputs[parts[1] ?? '']?.[parts[3] ?? ''] ?? '';
    throw new Error(`unsupported expression ${expr}`);
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'dw-action-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fake `npx` that records its arguments and runs the CLI built from this checkout instead of the registry. */
const fakeBin = join(tmp, 'bin');
mkdirSync(fakeBin);
writeFileSync(
  join(fakeBin, 'npx'),
  `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> "${tmp}/npx.log"\n[ "$1" = --yes ] && shift\nshift\nexec node ${JSON.stringify(cli)} "$@"\n`,
);
chmodSync(join(fakeBin, 'npx'), 0o755);

let repoCounter = 0;
function tempRepo(): string {
  const dir = join(tmp, `repo-${++repoCounter}`);
  cpSync(join(repoRoot, 'examples/node-express'), dir, { recursive: true });
  return dir;
}

/** Runs the action's shell steps the way the runner does (composite: steps in order, `if:` honoured). */
function runAction(workspace: string, given: Record<string, string>) {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
  const outputs: Record<string, Record<string, string>> = {};
  const uploads: Record<string, string>[] = [];
  let failed: { step: string; code: number } | undefined;
  for (const step of action.runs.steps) {
    const cond = step.if ?? 'success()';
    if (step.uses) {
      // The upload step: evaluate its condition by hand (it is the only `uses:` step).
      const sarif = outputs.lint?.['sarif-file'] ?? '';
      if (inputs['upload-sarif'] === 'true' && sarif !== '' && cond.includes('always()'))
        uploads.push(
          Object.fromEntries(
            Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v, inputs, outputs)]),
          ),
        );
      continue;
    }
    if (failed && !cond.includes('always()')) continue;
    const outFile = join(tmp, `output-${repoCounter}-${step.id ?? 'x'}`);
    writeFileSync(outFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PATH: `${fakeBin}:${process.env.PATH}`,
      GITHUB_OUTPUT: outFile,
      NO_COLOR: '1',
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs, outputs);
    const cwd = join(workspace, expand(step['working-directory'] ?? '.', inputs, outputs));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run ?? ''], {
      cwd,
      env,
      encoding: 'utf8',
    });
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        readFileSync(outFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    if (r.status !== 0 && !failed) failed = { step: step.name ?? '', code: r.status ?? -1 };
  }
  return {
    outputs,
    uploads,
    failed,
    npx: readFileSync(join(tmp, 'npx.log'), 'utf8').trim().split('\n').at(-1),
  };
}

describe('action.yml', () => {
  it('is a composite action whose scripts take inputs only through env (no expressions in run:)', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      if (step.run) {
        expect(step.run).not.toContain('${{');
        expect(step.shell).toBe('bash');
      }
    }
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['paths', 'config', 'profile', 'failure-threshold', 'version', 'sarif-file']),
    );
  });

  it('pins every action it uses to a full commit SHA with a version comment', () => {
    const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    const uses = [...text.matchAll(/^\s*uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^\s+# v\d+(\.\d+)*$/);
    }
    expect(text).toContain('github/codeql-action/upload-sarif@');
  });

  it('defaults to the version of this package', () => {
    expect(action.inputs.version?.default).toBe(pkg.version);
  });

  it('reviews a repository, writes SARIF, uploads it and then fails at the threshold', () => {
    const repo = tempRepo();
    const r = runAction(repo, {});
    expect(r.npx).toBe(
      `--yes dockwright@${pkg.version} lint . --format sarif --output ${repo}/dockwright.sarif --failure-threshold warning`,
    );
    expect(r.outputs.lint?.['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(join(repo, 'dockwright.sarif'), 'utf8')) as {
      version: string;
      runs: { tool: { driver: { name: string } }; results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(r.uploads).toEqual([{ sarif_file: join(repo, 'dockwright.sarif'), category: 'dockwright' }]);
    expect(r.failed?.step).toBe('Apply the failure threshold');
  });

  it('passes config, profile, several paths and the threshold through; none never fails', () => {
    const repo = tempRepo();
    writeFileSync(join(repo, 'lint.yaml'), 'profile: dev\n');
    const r = runAction(repo, {
      paths: 'Dockerfile\n.dockerignore',
      config: 'lint.yaml',
      profile: 'hardened',
      'failure-threshold': 'none',
      'sarif-file': 'out/report.sarif',
      'upload-sarif': 'false',
    });
    expect(r.npx).toBe(
      `--yes dockwright@${pkg.version} lint Dockerfile .dockerignore --format sarif --output ${repo}/out/report.sarif --failure-threshold none --config lint.yaml --profile hardened`,
    );
    expect(r.outputs.lint?.['exit-code']).toBe('0');
    expect(existsSync(join(repo, 'out/report.sarif'))).toBe(true);
    expect(r.uploads).toEqual([]);
    expect(r.failed).toBeUndefined();
  });

  it('fails at once on a usage error (exit 2), without an upload', () => {
    const repo = tempRepo();
    const r = runAction(repo, { paths: 'does-not-exist' });
    expect(r.outputs.lint?.['exit-code']).toBe('2');
    expect(r.failed).toEqual({ step: 'dockwright lint', code: 2 });
    expect(r.uploads).toEqual([]);
  });

  it('runs in a working directory', () => {
    const repo = tempRepo();
    const ws = join(tmp, `ws-${repoCounter}`);
    mkdirSync(ws);
    cpSync(repo, join(ws, 'app'), { recursive: true });
    const r = runAction(ws, { 'working-directory': 'app', 'failure-threshold': 'error' });
    expect(r.outputs.lint?.['sarif-file']).toBe(join(ws, 'app/dockwright.sarif'));
    expect(['0', '1']).toContain(r.outputs.lint?.['exit-code']);
  });
});

describe('the example workflow in docs/github-action.md', () => {
  it('uses this action with inputs it declares and grants security-events: write', () => {
    const doc = readFileSync(join(repoRoot, 'docs/github-action.md'), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const workflow = parse(block) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const ours = steps.find((s) => s.uses?.startsWith('dockwright/dockwright@'));
    expect(ours, 'the workflow uses dockwright/dockwright').toBeDefined();
    for (const key of Object.keys(ours?.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    for (const s of steps)
      if (s.uses && !s.uses.startsWith('dockwright/')) expect(s.uses).toMatch(/@[0-9a-f]{40}$/);
  });
});
