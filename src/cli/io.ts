import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

/** Everything a command may touch of the outside world; injected so tests run in-process. */
export interface CliIO {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Standard input, for commands that read `-` (e.g. `explain -`). Absent in tests unless given. */
  readonly stdin?: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
}

export interface Output {
  readonly io: CliIO;
  readonly color: Colors;
  readonly colorEnabled: boolean;
  readonly debug: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Colour only on a TTY, never with NO_COLOR (any value) or --no-color; FORCE_COLOR / --color force it on. */
export function colorEnabled(io: CliIO, flags: { color?: boolean; noColor?: boolean }): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb';
}

export function createOutput(io: CliIO, enabled: boolean, debug: boolean): Output {
  return {
    io,
    color: pc.createColors(enabled),
    colorEnabled: enabled,
    debug,
    out: (text) => void io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void io.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}
