/**
 * A real container engine for end-to-end tests: the private dockerd that `scripts/engine/up.sh` starts
 * (see docs/engine-setup.md). Tests that need it use `describeWithEngine`, which skips with a loud banner
 * when no engine answers, or fails when `DW_REQUIRE_ENGINE=1` (CI sets it once up.sh succeeded).
 *
 * Everything a test creates carries the labels `dockwright.test=1` and `dockwright.test.run=<this run>`;
 * `cleanup()` removes exactly this run's containers, images, tags and temporary files, never anything else.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';

export const ENGINE_ENV_FILE = process.env.DW_ENGINE_ENV ?? '/tmp/dw-engine.env';
/** Debian's client: built-in BuildKit with DOCKER_BUILDKIT=1 (the /usr/local/bin one lacks buildx). */
export const DEFAULT_DOCKER = '/usr/bin/docker';
export const TEST_LABEL = 'dockwright.test';
export const RUN_LABEL = 'dockwright.test.run';

export type EngineStatus =
  | {
      readonly ok: true;
      readonly docker: string;
      /** Variables to add to the environment of every docker command (DOCKER_HOST, DOCKER_BUILDKIT…). */
      readonly env: Readonly<Record<string, string>>;
      readonly serverVersion: string;
      /** Stand-in base images up.sh built (`debian:bookworm-slim`, `node:22-slim`…). */
      readonly standins: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/** Parse `KEY=value` lines (comments and blanks ignored; values are not quoted by up.sh). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

let cached: EngineStatus | undefined;

/**
 * Whether an engine answers, checked once per test file (synchronously, so suites can be skipped at
 * collection time). The engine comes from $DW_ENGINE_ENV (default /tmp/dw-engine.env, written by up.sh)
 * or else from an explicit DOCKER_HOST; the default /var/run/docker.sock is never used implicitly.
 */
export function engineAvailable(): EngineStatus {
  cached ??= probe();
  return cached;
}

function probe(): EngineStatus {
  let fileEnv: Record<string, string> = {};
  if (existsSync(ENGINE_ENV_FILE)) {
    fileEnv = parseEnvFile(readFileSync(ENGINE_ENV_FILE, 'utf8'));
  }
  const dockerHost = fileEnv.DOCKER_HOST ?? process.env.DOCKER_HOST;
  if (!dockerHost) {
    return {
      ok: false,
      reason: `no engine configured: ${ENGINE_ENV_FILE} does not exist and DOCKER_HOST is not set. Start one with \`sudo scripts/engine/up.sh\` (Debian, root).`,
    };
  }
  const docker = process.env.DW_DOCKER ?? fileEnv.DW_DOCKER ?? DEFAULT_DOCKER;
  if (!existsSync(docker)) {
    return {
      ok: false,
      reason: `docker client ${docker} not found (scripts/engine/up.sh installs Debian's docker.io, whose client has BuildKit built in)`,
    };
  }
  const env = { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '1' };
  const r = spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    return { ok: false, reason: `engine at ${dockerHost} does not answer \`docker version\`: ${why}` };
  }
  const standins = (fileEnv.DW_STANDINS ?? '').split(',').filter(Boolean);
  return { ok: true, docker, env, serverVersion: r.stdout.trim(), standins };
}

const bannerShown = new Set<string>();

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n`);
}

/**
 * `describe` for suites that need a real engine. Without one the suite is skipped with a loud banner giving the
 * reason, or, when `DW_REQUIRE_ENGINE=1`, fails with that reason. Inside, `fn` gets a `TestEngine` whose
 * resources are removed after the suite.
 */
export function describeWithEngine(name: string, fn: (engine: TestEngine) => void): void {
  const status = engineAvailable();
  if (!status.ok) {
    if (process.env.DW_REQUIRE_ENGINE === '1') {
      describe(name, () => {
        it('needs a container engine (DW_REQUIRE_ENGINE=1)', () => {
          throw new Error(`no container engine: ${status.reason}`);
        });
      });
      return;
    }
    if (!bannerShown.has(name)) {
      bannerShown.add(name);
      banner([`NO CONTAINER ENGINE: "${name}" is SKIPPED.`, status.reason, 'See docs/engine-setup.md.']);
    }
    describe.skip(name, () => {
      it(`needs a container engine: ${status.reason}`, () => {});
    });
    return;
  }
  describe(name, () => {
    const engine = new TestEngine(status);
    afterAll(() => engine.cleanup(), 120_000);
    fn(engine);
  });
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class DockerError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: ExecResult,
  ) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-25).join('\n');
    super(`docker ${args.join(' ')} exited ${result.code}:\n${tail}`);
  }
}

export interface BuildOptions {
  /** Dockerfile path (default `<dir>/Dockerfile`). */
  readonly file?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Extra labels; the test labels are always added. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Tag to give (default: a unique `dockwright-test/<run>-<n>:latest`). */
  readonly tag?: string;
  readonly noCache?: boolean;
  readonly timeoutMs?: number;
}

export interface BuiltImage {
  readonly tag: string;
  readonly id: string;
  /** BuildKit's plain progress output, for diagnostics. */
  readonly log: string;
}

export interface RunOptions {
  readonly name?: string;
  /** Arguments after the image (the command). */
  readonly command?: readonly string[];
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra `docker run` flags placed before the image. */
  readonly flags?: readonly string[];
  readonly timeoutMs?: number;
}

/** One test file's handle on the engine. */
export class TestEngine {
  readonly docker: string;
  readonly env: Readonly<Record<string, string>>;
  readonly serverVersion: string;
  readonly standins: readonly string[];
  /** Unique to this TestEngine: the value of the `dockwright.test.run` label on everything it creates. */
  readonly runId = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly tags = new Set<string>();
  private readonly paths = new Set<string>();
  private counter = 0;

  constructor(status: Extract<EngineStatus, { ok: true }>) {
    this.docker = status.docker;
    this.env = status.env;
    this.serverVersion = status.serverVersion;
    this.standins = status.standins;
  }

  /** Run the docker client; resolves with the exit code (never rejects on a non-zero exit). */
  exec(args: readonly string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<ExecResult> {
    return new Promise((resolve) => {
      const child = execFile(
        this.docker,
        [...args],
        {
          env: { ...process.env, ...this.env },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          timeout: opts.timeoutMs ?? 120_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          const extra = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
          resolve({ code, stdout, stderr: stderr + extra });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  }

  /** Run the docker client and return stdout; throws a `DockerError` with the output's tail on failure. */
  async run(args: readonly string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<string> {
    const r = await this.exec(args, opts);
    if (r.code !== 0) throw new DockerError(args, r);
    return r.stdout;
  }

  /** Whether the engine has an image by that name (e.g. a stand-in). */
  async hasImage(ref: string): Promise<boolean> {
    return (await this.exec(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
  }

  private labelFlags(extra: Readonly<Record<string, string>> = {}): string[] {
    const labels = { ...extra, [TEST_LABEL]: '1', [RUN_LABEL]: this.runId };
    return Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  }

  /** A temporary directory in os.tmpdir(), removed by cleanup(). */
  tempDir(prefix = 'dw-engine-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.paths.add(dir);
    return dir;
  }

  /** `docker build --network host` of a directory with BuildKit; the image gets the test labels. */
  async build(dir: string, opts: BuildOptions = {}): Promise<BuiltImage> {
    const tag = opts.tag ?? `dockwright-test/${this.runId}-${++this.counter}:latest`;
    const iidDir = this.tempDir('dw-iid-');
    const iidFile = join(iidDir, 'iid');
    const args = ['build', '--network', 'host', '--progress', 'plain', '--iidfile', iidFile, '-t', tag];
    args.push(...this.labelFlags(opts.labels));
    if (opts.file) args.push('-f', opts.file);
    if (opts.target) args.push('--target', opts.target);
    if (opts.noCache) args.push('--no-cache');
    for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
    args.push(dir);
    this.tags.add(tag);
    const r = await this.exec(args, { timeoutMs: opts.timeoutMs ?? 300_000 });
    if (r.code !== 0) throw new DockerError(args, r);
    const id = readFileSync(iidFile, 'utf8').trim();
    return { tag, id, log: r.stderr };
  }

  /** `docker save` to a new file in os.tmpdir() (removed by cleanup()); returns its path. */
  async save(refs: string | readonly string[]): Promise<string> {
    const file = join(this.tempDir('dw-save-'), 'image.tar');
    await this.run(['save', '-o', file, ...(typeof refs === 'string' ? [refs] : refs)], {
      timeoutMs: 300_000,
    });
    return file;
  }

  private runFlags(opts: RunOptions): string[] {
    const flags = ['--network', 'host', ...this.labelFlags()];
    if (opts.name) flags.push('--name', opts.name);
    if (opts.user) flags.push('--user', opts.user);
    for (const [k, v] of Object.entries(opts.env ?? {})) flags.push('-e', `${k}=${v}`);
    flags.push(...(opts.flags ?? []));
    return flags;
  }

  /** Run a container to completion (`docker run --rm --network host`); returns its output and exit code. */
  runContainer(image: string, opts: RunOptions = {}): Promise<ExecResult> {
    return this.exec(['run', '--rm', ...this.runFlags(opts), image, ...(opts.command ?? [])], {
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
  }

  /** Start a detached container (`docker run -d --network host`); returns its id. Removed by cleanup(). */
  async startContainer(image: string, opts: RunOptions = {}): Promise<string> {
    const out = await this.run(['run', '-d', ...this.runFlags(opts), image, ...(opts.command ?? [])], {
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
    return out.trim();
  }

  /** `docker inspect` of a container or image, parsed. */
  async inspect(ref: string): Promise<Record<string, unknown>> {
    const out = await this.run(['inspect', ref]);
    const parsed = JSON.parse(out) as Record<string, unknown>[];
    if (!parsed[0]) throw new Error(`docker inspect ${ref}: empty answer`);
    return parsed[0];
  }

  /**
   * Wait until a container's health status is `healthy` (resolves `healthy`), or `unhealthy`, or it exits,
   * or the timeout passes (resolves with the last status seen: `unhealthy`, `exited`, `starting`, `none`).
   */
  async waitHealth(container: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let status = 'none';
    for (;;) {
      const out = await this.exec([
        'inspect',
        '--format',
        '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}',
        container,
      ]);
      const [state, health] = out.stdout.trim().split(' ');
      status = health ?? 'none';
      if (status === 'healthy' || status === 'unhealthy') return status;
      if (state === 'exited' || state === 'dead') return 'exited';
      if (Date.now() > deadline) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Remove this run's containers, images, tags and temporary files (and nothing else). */
  async cleanup(): Promise<void> {
    const filter = `label=${RUN_LABEL}=${this.runId}`;
    const containers = (await this.exec(['ps', '-aq', '--filter', filter])).stdout
      .split('\n')
      .filter(Boolean);
    if (containers.length) await this.exec(['rm', '-f', '-v', ...containers]);
    for (const tag of this.tags) await this.exec(['rmi', tag]);
    // Images of this run left untagged or under another tag (e.g. a retag by the test).
    const images = (await this.exec(['images', '-aq', '--filter', filter])).stdout
      .split('\n')
      .filter(Boolean);
    if (images.length) await this.exec(['rmi', '-f', ...new Set(images)]);
    for (const p of this.paths) rmSync(p, { recursive: true, force: true });
    this.tags.clear();
    this.paths.clear();
  }
}

export interface TarIndexEntry {
  readonly name: string;
  /** ustar type flag: '0' file, '5' dir, '2' symlink, '1' hardlink… */
  readonly type: string;
  readonly size: number;
  readonly mode: number;
  /** Byte offset of the content in the archive. */
  readonly offset: number;
}

/**
 * The entries of an uncompressed tar (ustar, GNU long names, pax path/size), read header by header without
 * loading content: enough to check that an archive from `docker save` is what it should be, independently of
 * the reader under test. `within` indexes a tar stored inside another one (a layer.tar entry of the archive).
 */
export function readTarIndex(file: string, within?: { offset: number; size: number }): TarIndexEntry[] {
  const fd = openSync(file, 'r');
  try {
    const entries: TarIndexEntry[] = [];
    const total = within ? within.offset + within.size : fstatSync(fd).size;
    const header = Buffer.alloc(512);
    let pos = within?.offset ?? 0;
    let longName: string | undefined;
    let pax: Record<string, string> = {};
    while (pos + 512 <= total) {
      readSync(fd, header, 0, 512, pos);
      if (header.every((b) => b === 0)) break;
      const str = (from: number, len: number) => {
        const raw = header.subarray(from, from + len);
        const end = raw.indexOf(0);
        return raw.subarray(0, end < 0 ? len : end).toString('utf8');
      };
      const num = (from: number, len: number) => Number.parseInt(str(from, len).trim() || '0', 8);
      const type = str(156, 1) || '0';
      let size = num(124, 12);
      const prefix = str(345, 155);
      let name = prefix ? `${prefix}/${str(0, 100)}` : str(0, 100);
      const offset = pos + 512;
      const padded = Math.ceil(size / 512) * 512;
      if (type === 'L' || type === 'x' || type === 'g') {
        const body = Buffer.alloc(size);
        readSync(fd, body, 0, size, offset);
        if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
        if (type === 'x') pax = parsePax(body);
        pos = offset + padded;
        continue;
      }
      if (longName !== undefined) name = longName;
      if (pax.path !== undefined) name = pax.path;
      if (pax.size !== undefined) size = Number(pax.size);
      longName = undefined;
      pax = {};
      entries.push({ name: name.replace(/^\.\//, ''), type, size, mode: num(100, 8), offset });
      pos = offset + Math.ceil(size / 512) * 512;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

function parsePax(body: Buffer): Record<string, string> {
  // Records are `<byte length> <key>=<value>\n`; lengths count bytes, so walk the buffer, not a string.
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number.parseInt(body.subarray(i, space).toString('ascii'), 10);
    if (!(len > 0)) break;
    const record = body.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/** The content of one entry of a tar indexed by `readTarIndex`. */
export function readTarEntry(file: string, entry: TarIndexEntry): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(entry.size);
    readSync(fd, buf, 0, entry.size, entry.offset);
    return buf;
  } finally {
    closeSync(fd);
  }
}
