import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import { explainLog } from '../../explain/explain.js';
import { explainToJson, explainToText } from '../../explain/format.js';
import { loadProject } from '../../explain/project.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';

/** Logs larger than this are cut to their last part: the failure is at the end. */
const MAX_BYTES = 32 * 1024 * 1024;

async function readStdin(stdin: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    chunks.push(buf);
    size += buf.length;
  }
  const all = Buffer.concat(chunks, size);
  return all.subarray(Math.max(0, all.length - MAX_BYTES)).toString('utf8');
}

export async function run(ctx: CommandContext): Promise<number> {
  const { output, options } = ctx;
  const io = output.io;
  if (ctx.positionals.length > 1)
    throw new UsageError(
      'explain reads one log at a time',
      'Run it once per file, or concatenate them with cat.',
    );
  const arg = ctx.positionals[0];

  let text: string;
  let input: string;
  if (arg === '-' || (arg === undefined && io.stdin && io.stdin.isTTY !== true)) {
    if (!io.stdin) throw new UsageError('no standard input to read', 'Pass a log file instead of -.');
    text = await readStdin(io.stdin);
    input = '<stdin>';
  } else if (arg === undefined) {
    throw new UsageError(
      'no log given',
      'Pass a log file, or pipe one in: docker build --progress=plain . 2>&1 | dockwright explain -',
    );
  } else {
    const path = resolve(io.cwd, arg);
    try {
      const info = await stat(path);
      if (!info.isFile())
        throw new InputError('not a file', arg, 'Pass a log file (or - for standard input).');
      const buf = await readFile(path);
      text = buf.subarray(Math.max(0, buf.length - MAX_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError('cannot read the log', arg, (error as Error).message);
    }
    input = arg;
  }
  if (text.trim() === '') throw new InputError('the log is empty', input, 'Capture stdout and stderr: 2>&1.');

  let project: Awaited<ReturnType<typeof loadProject>> | undefined;
  if (typeof options.dir === 'string') {
    const dir = resolve(io.cwd, options.dir);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory())
      throw new InputError('not a directory', options.dir, 'Pass the project directory to --dir.');
    project = await loadProject(dir, {
      env: io.env,
      ...(typeof options.dockerfile === 'string' ? { dockerfile: options.dockerfile } : {}),
    });
  } else if (typeof options.dockerfile === 'string') {
    throw new UsageError('--dockerfile needs --dir', 'Add --dir <project>.');
  }

  const report = explainLog(text, project ? { project } : {});
  if (ctx.format === 'json') io.stdout.write(explainToJson(report, input));
  else io.stdout.write(explainToText(report, input, output.color));
  return report.recognised ? ExitCode.Ok : ExitCode.Findings;
}
