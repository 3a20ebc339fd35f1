import { spawn } from 'node:child_process';
import { type IncomingMessage, request } from 'node:http';
import { InputError } from '../core/errors.js';
import type { ImageModel, ReadImageOptions } from './model.js';
import { readImageStream } from './read.js';

export interface EngineOptions extends ReadImageOptions {
  /** Unix socket of the Docker Engine API; default from DOCKER_HOST, else /var/run/docker.sock. */
  readonly socketPath?: string;
  /** Environment to read DOCKER_HOST from (default: none, i.e. the default socket). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type Endpoint = { socketPath: string } | { host: string; port: number };

/** `unix:///run/docker.sock` or `tcp://127.0.0.1:2375` (plain HTTP only). */
export function engineEndpoint(options: Pick<EngineOptions, 'socketPath' | 'env'>): Endpoint {
  if (options.socketPath) return { socketPath: options.socketPath };
  const host = options.env?.DOCKER_HOST;
  if (host?.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host?.startsWith('tcp://') || host?.startsWith('http://')) {
    const u = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: u.hostname, port: Number(u.port || 2375) };
  }
  if (host)
    throw new InputError(`unsupported DOCKER_HOST '${host}'`, undefined, 'Use unix:///path/to/docker.sock.');
  return { socketPath: '/var/run/docker.sock' };
}

function describe(e: Endpoint): string {
  return 'socketPath' in e ? `unix://${e.socketPath}` : `tcp://${e.host}:${e.port}`;
}

function get(endpoint: Endpoint, path: string, ref: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ ...endpoint, path, method: 'GET', headers: { Host: 'docker' } }, (res) => {
      if (res.statusCode === 200) return resolve(res);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d;
      });
      res.on('end', () => {
        let message = body.trim();
        try {
          message = (JSON.parse(body) as { message?: string }).message ?? message;
        } catch {}
        reject(
          new InputError(
            res.statusCode === 404
              ? `no such image in the engine: ${message || ref}`
              : `the engine answered ${res.statusCode}: ${message}`,
            ref,
          ),
        );
      });
    });
    req.on('error', (e) =>
      reject(
        new InputError(
          `cannot reach the Docker engine at ${describe(endpoint)} (${(e as NodeJS.ErrnoException).code ?? e.message})`,
          ref,
          'Start the engine, set DOCKER_HOST, or pass an archive from docker save instead.',
        ),
      ),
    );
    req.end();
  });
}

/**
 * Stream `GET /images/{name}/get` (the docker save archive) from the Docker Engine API into the
 * reader: no temp file. Docker writes the metadata after the layers, so the reader usually asks for
 * the archive twice (once for the metadata, once for the layers of the chosen image).
 */
export async function readImageFromEngine(ref: string, options: EngineOptions = {}): Promise<ImageModel> {
  const endpoint = engineEndpoint(options);
  const path = `/images/${encodeURIComponent(ref)}/get`;
  return readImageStream(() => get(endpoint, path, ref), { kind: 'engine', location: ref }, options);
}

/** Same through `podman save` on stdout (or any command with the same interface). */
export async function readImageFromPodman(
  ref: string,
  options: ReadImageOptions & { command?: string } = {},
): Promise<ImageModel> {
  const command = options.command ?? 'podman';
  const open = () =>
    (async function* () {
      const child = spawn(command, ['save', ref], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => {
        if (stderr.length < 4096) stderr += d;
      });
      const exited = new Promise<number>((resolve, reject) => {
        child.on('error', (e) =>
          reject(
            new InputError(`cannot run ${command} (${(e as NodeJS.ErrnoException).code ?? e.message})`, ref),
          ),
        );
        child.on('close', (code) => resolve(code ?? 1));
      });
      try {
        for await (const chunk of child.stdout) yield chunk as Uint8Array;
      } finally {
        if (child.exitCode === null) child.kill();
      }
      const code = await exited;
      if (code !== 0) throw new InputError(`${command} save failed: ${stderr.trim() || `exit ${code}`}`, ref);
    })();
  return readImageStream(open, { kind: 'engine', location: ref }, options);
}
