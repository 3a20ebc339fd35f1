import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One shell script taken out of a pipeline, with where it came from. */
export interface PipelineScript {
  readonly origin: string;
  readonly shell: 'sh' | 'bash';
  readonly text: string;
}

interface ShellCheckComment {
  readonly file: string;
  readonly line: number;
  readonly code: number;
  readonly message: string;
}

/**
 * Runs ShellCheck once over every script (one file each) and returns `origin:line SCxxxx message` per finding.
 * Scripts get the shebang of the shell the CI runs them with, plus `set -e` as both runners do.
 */
export function shellcheckAll(scripts: readonly PipelineScript[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dockwright-shellcheck-'));
  try {
    const files = scripts.map((s, i) => {
      const file = join(dir, `${i}.${s.shell}`);
      writeFileSync(file, `#!/bin/${s.shell}\nset -e\n${s.text}\n`);
      return file;
    });
    let out: string;
    try {
      out = execFileSync('shellcheck', ['-f', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
      if (!out) throw e;
    }
    const comments = JSON.parse(out) as ShellCheckComment[];
    return comments.map((c) => {
      const index = Number(c.file.slice(dir.length + 1).split('.')[0]);
      const s = scripts[index]!;
      return `${s.origin}:${c.line - 2} SC${c.code} ${c.message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function shellcheckVersion(): string {
  return /version: (\S+)/.exec(execFileSync('shellcheck', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
}

/** `script`, `before_script` and `after_script` entries of every job of a parsed `.gitlab-ci.yml`. */
export function gitlabScripts(origin: string, doc: Record<string, unknown>): PipelineScript[] {
  const out: PipelineScript[] = [];
  for (const [name, job] of Object.entries(doc)) {
    if (typeof job !== 'object' || job === null || Array.isArray(job)) continue;
    const j = job as Record<string, unknown>;
    const list = (key: string) => (Array.isArray(j[key]) ? (j[key] as string[]) : []);
    // before_script and script run in one shell session; after_script in a new one.
    const main = [...list('before_script'), ...list('script')];
    if (main.length) out.push({ origin: `${origin} ${name}`, shell: 'sh', text: main.join('\n') });
    const after = list('after_script');
    if (after.length)
      out.push({ origin: `${origin} ${name}.after_script`, shell: 'sh', text: after.join('\n') });
  }
  return out;
}

/** `run.command` of every step of a parsed `.circleci/config.yml` (machine executors run bash). */
export function circleciScripts(origin: string, doc: Record<string, unknown>): PipelineScript[] {
  const out: PipelineScript[] = [];
  const jobs = (doc.jobs ?? {}) as Record<string, { steps?: unknown[] }>;
  for (const [name, job] of Object.entries(jobs)) {
    for (const [i, step] of (job.steps ?? []).entries()) {
      const command = (step as { run?: { command?: string } }).run?.command;
      if (command) out.push({ origin: `${origin} ${name}.steps[${i}]`, shell: 'bash', text: command });
    }
  }
  return out;
}
