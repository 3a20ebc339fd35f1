import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { pickEngine } from '../../engine/pick.js';
import type { EngineName } from '../../engine/types.js';
import { DEFAULT_FILE_NAMES } from '../../parse/compose/index.js';
import { verifyCompose } from '../../verify/compose.js';
import { formatText, stepLine } from '../../verify/format.js';
import type { StepEvent } from '../../verify/types.js';
import { verifySetup } from '../../verify/verify.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';

function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

function keyValues(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} '${item}'`, `Write it as ${flag} NAME=VALUE.`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`invalid ${flag} '${String(value)}'`, 'Expected a whole number above 0.');
  return n;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { output, options } = ctx;
  const io = output.io;
  if (ctx.positionals.length > 1)
    throw new UsageError('verify takes one directory', 'dockwright verify [dir]');
  const dir = resolve(io.cwd, ctx.positionals[0] ?? '.');
  const port = positiveInt(options.port, '--port');
  const grace = positiveInt(options.grace, '--grace') ?? 10;
  const timeout = positiveInt(options.timeout, '--timeout') ?? 120;

  if (options.compose && typeof options.file !== 'string') {
    const found = DEFAULT_FILE_NAMES.some((f) => existsSync(join(dir, f)));
    if (!found && !io.env.COMPOSE_FILE) {
      throw new UsageError(
        `--compose: no Compose file in ${dir}`,
        `Expected one of ${DEFAULT_FILE_NAMES.join(', ')}, or name it with -f.`,
      );
    }
  }

  const picked = await pickEngine({
    env: io.env,
    ...(typeof options.engine === 'string' ? { force: options.engine as EngineName } : {}),
  });
  if (!picked.ok) {
    output.err(output.color.red(`error: ${picked.reason}`));
    output.err(
      'hint: start Docker or Podman (or set DOCKER_HOST), or install Buildah for a build-only check; --engine picks one.',
    );
    return ExitCode.UsageOrInput;
  }
  const engine = picked.engine;

  // Progress on stderr, only on a TTY: a spinner line per step, rewritten in place.
  const tty = Boolean(io.stderr.isTTY) && ctx.format === 'text';
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let timer: ReturnType<typeof setInterval> | undefined;
  let current = '';
  let last = '';
  const clear = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (tty) io.stderr.write('\r\u001b[2K');
  };
  const onEvent = (e: StepEvent) => {
    if (!tty) return;
    if (e.kind === 'start') {
      current = e.label;
      last = '';
      const t0 = Date.now();
      let i = 0;
      clear();
      timer = setInterval(() => {
        const secs = ((Date.now() - t0) / 1000).toFixed(0);
        io.stderr.write(
          `\r\u001b[2K${frames[i++ % frames.length]} ${current} ${output.color.dim(`${secs}s ${last}`.slice(0, 80))}`,
        );
      }, 100);
    } else if (e.kind === 'end') {
      clear();
    }
  };
  const onBuildOutput = (chunk: string) => {
    const line = chunk.trim().split('\n').pop();
    if (line) last = line;
  };

  try {
    const report = options.compose
      ? await verifyCompose({
          dir,
          engine,
          ...(typeof options.file === 'string' ? { files: [options.file] } : {}),
          env: io.env,
          ...(options['no-cache'] ? { noCache: true } : {}),
          ...(options.offline ? { offline: true } : {}),
          ...(typeof options.network === 'string' ? { network: options.network } : {}),
          ...(options['keep-image'] ? { keepImage: true } : {}),
          graceSeconds: grace,
          healthTimeoutMs: timeout * 1000,
          onEvent,
          onBuildOutput,
        })
      : await verifySetup({
          dir,
          engine,
          ...(typeof options.file === 'string' ? { dockerfile: options.file } : {}),
          ...(typeof options.target === 'string' ? { target: options.target } : {}),
          ...(options['no-cache'] ? { noCache: true } : {}),
          ...(options.offline ? { offline: true } : {}),
          ...(typeof options.platform === 'string' ? { platform: options.platform } : {}),
          ...(typeof options.network === 'string' ? { network: options.network } : {}),
          ...(typeof options.user === 'string' ? { expectUser: options.user } : {}),
          ...(typeof options.probe === 'string' ? { probePath: options.probe } : {}),
          ...(options.init ? { init: true } : {}),
          ...(options['keep-image'] ? { keepImage: true } : {}),
          ...(options['compare-naive'] ? { compareNaive: true } : {}),
          ...(port !== undefined ? { port } : {}),
          buildArgs: keyValues(list(options['build-arg']), '--build-arg'),
          runEnv: keyValues(list(options.env), '--env'),
          graceSeconds: grace,
          healthTimeoutMs: timeout * 1000,
          onEvent,
          onBuildOutput,
        });
    clear();
    if (ctx.format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(formatText(report, output.color));
    return report.ok ? ExitCode.Ok : ExitCode.Findings;
  } finally {
    clear();
  }
}

export { stepLine };
