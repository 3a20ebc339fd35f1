import { spawn } from 'node:child_process';

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not be started (ENOENT…) or was killed by the timeout. */
  readonly error?: string;
}

export interface ProcessOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly input?: string;
  /** Called with each chunk of stderr+stdout (build progress). */
  readonly onOutput?: (chunk: string) => void;
}

const MAX = 16 * 1024 * 1024;

/** Run a command to completion; never rejects (a failure to start is `code: 127` with `error`). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let error: string | undefined;
    const child = spawn(command, [...args], {
      env: options.env as NodeJS.ProcessEnv,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            error = `timed out after ${Math.round(options.timeoutMs! / 1000)}s`;
            child.kill('SIGKILL');
          }, options.timeoutMs)
        : undefined;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < MAX) stdout += d;
      options.onOutput?.(d);
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < MAX) stderr += d;
      options.onOutput?.(d);
    });
    child.on('error', (e) => {
      error = (e as NodeJS.ErrnoException).code ?? e.message;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (error ? 127 : 1), stdout, stderr, ...(error ? { error } : {}) });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Look a program up on PATH (no shell). */
export function findOnPath(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  exists: (p: string) => boolean,
): string | undefined {
  if (name.includes('/')) return exists(name) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const p = `${dir}/${name}`;
    if (exists(p)) return p;
  }
  return undefined;
}

/** The last `n` non-empty lines of a log. */
export function tail(text: string, n = 20): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-n);
}
