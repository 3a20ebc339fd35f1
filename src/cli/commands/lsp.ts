import { UsageError } from '../../core/errors.js';
import { runServer } from '../../lsp/server.js';
import type { CommandContext } from '../command.js';
import { version } from '../main.js';

/** `dockwright lsp`: a language server on standard input/output until the client says `exit`. */
export async function run(ctx: CommandContext): Promise<number> {
  const { io } = ctx.output;
  if (!io.stdin) throw new UsageError('dockwright lsp needs standard input', 'Start it from an editor.');
  const debounce = ctx.options.debounce;
  let debounceMs: number | undefined;
  if (typeof debounce === 'string') {
    debounceMs = Number(debounce);
    if (!Number.isInteger(debounceMs) || debounceMs < 0)
      throw new UsageError(`invalid --debounce '${debounce}'`, 'Expected milliseconds, 0 or more.');
  }
  return runServer({
    input: io.stdin,
    output: io.stdout,
    env: io.env,
    cwd: io.cwd,
    version: version(),
    ...(debounceMs !== undefined ? { debounceMs } : {}),
  });
}
