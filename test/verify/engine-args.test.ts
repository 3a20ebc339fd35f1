import { describe, expect, it } from 'vitest';
import { DependencyCycleError, startOrder } from '../../src/engine/compose-order.js';
import { buildArgs, parseState, runArgs, shellQuote, stopArgs } from '../../src/engine/docker.js';
import { dockerCandidates, pickEngine } from '../../src/engine/pick.js';
import {
  isFrontendPullFailure,
  offlineBaseImage,
  syntaxDirective,
  withoutSyntaxDirective,
} from '../../src/verify/offline.js';
import { appPort, movedHealthCmd } from '../../src/verify/verify.js';

describe('engine argument building', () => {
  const req = {
    context: '/p',
    dockerfile: 'Dockerfile',
    tag: 'x:1',
    target: 'runtime',
    noCache: true,
    buildArgs: { A: '1' },
    labels: { 'dockwright.verify': '1' },
    network: 'host',
    platform: 'linux/amd64',
  };
  it('builds with the classic client, buildx and buildah', () => {
    expect(buildArgs(req, 'buildkit')).toEqual([
      'build',
      '--progress',
      'plain',
      '-t',
      'x:1',
      '-f',
      '/p/Dockerfile',
      '--target',
      'runtime',
      '--no-cache',
      '--network',
      'host',
      '--platform',
      'linux/amd64',
      '--build-arg',
      'A=1',
      '--label',
      'dockwright.verify=1',
      '/p',
    ]);
    expect(buildArgs(req, 'buildx').slice(0, 3)).toEqual(['buildx', 'build', '--load']);
    expect(buildArgs(req, 'buildah')).not.toContain('--progress');
  });
  it('runs with ports, env, user, read-only, caps, health and init', () => {
    const a = runArgs({
      image: 'img',
      name: 'n',
      ports: [{ host: 18080, container: 8080 }],
      env: { PORT: '18080' },
      user: '1000',
      readOnly: true,
      capDrop: ['ALL'],
      capAdd: ['NET_BIND_SERVICE'],
      health: { interval: '1s', cmd: 'true' },
      stopTimeout: 5,
      init: true,
      command: ['node', 's.js'],
    });
    expect(a).toEqual([
      'run',
      '-d',
      '--name',
      'n',
      '-p',
      '127.0.0.1:18080:8080',
      '-e',
      'PORT=18080',
      '--user',
      '1000',
      '--read-only',
      '--cap-drop',
      'ALL',
      '--cap-add',
      'NET_BIND_SERVICE',
      '--health-cmd',
      'true',
      '--health-interval',
      '1s',
      '--stop-timeout',
      '5',
      '--init',
      'img',
      'node',
      's.js',
    ]);
    expect(runArgs({ image: 'i', network: 'host', ports: [{ host: 1, container: 2 }] })).toEqual([
      'run',
      '-d',
      '--network',
      'host',
      'i',
    ]);
    expect(stopArgs('c', 7)).toEqual(['stop', '--time', '7', 'c']);
  });
  it('quotes exec-form health tests for --health-cmd', () => {
    expect(shellQuote(['node', '-e', "fetch('x')"])).toBe(`node -e 'fetch('\\''x'\\'')'`);
  });
  it('parses container state', () => {
    const s = parseState(
      JSON.stringify([
        {
          State: {
            Status: 'running',
            Running: true,
            ExitCode: 0,
            Health: { Status: 'healthy', Log: [{ Output: 'ok\n' }] },
          },
        },
      ]),
    );
    expect(s).toMatchObject({ running: true, health: 'healthy', healthLog: ['ok'] });
  });
});

describe('engine pick', () => {
  it('lists every docker on PATH', () => {
    const has = new Set(['/usr/local/bin/docker', '/usr/bin/docker']);
    expect(dockerCandidates({ PATH: '/usr/local/bin:/usr/bin:/bin' }, (p) => has.has(p))).toEqual([
      '/usr/local/bin/docker',
      '/usr/bin/docker',
    ]);
  });
  it('says clearly when there is no engine', async () => {
    const r = await pickEngine({ env: { PATH: '/nonexistent' }, exists: () => false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no container engine available.*docker.*podman.*buildah/);
  });
});

describe('compose dependency order', () => {
  it('starts dependencies first, in file order otherwise, with their conditions', () => {
    const order = startOrder([
      { name: 'app', dependsOn: { db: { condition: 'service_healthy' }, cache: {} } },
      { name: 'cache', dependsOn: {} },
      { name: 'migrate', dependsOn: { db: { condition: 'service_healthy' } } },
      { name: 'db', dependsOn: {} },
      { name: 'worker', dependsOn: { migrate: { condition: 'service_completed_successfully' }, gone: {} } },
    ]);
    expect(order.map((s) => s.service)).toEqual(['db', 'cache', 'app', 'migrate', 'worker']);
    expect(order[2]!.waitFor).toEqual([
      { service: 'db', condition: 'service_healthy' },
      { service: 'cache', condition: 'service_started' },
    ]);
    expect(order[4]!.waitFor).toEqual([{ service: 'migrate', condition: 'service_completed_successfully' }]);
  });
  it('rejects cycles', () => {
    expect(() =>
      startOrder([
        { name: 'a', dependsOn: { b: {} } },
        { name: 'b', dependsOn: { a: {} } },
      ]),
    ).toThrow(DependencyCycleError);
  });
});

describe('offline handling', () => {
  it('finds and drops the # syntax= directive', () => {
    const df = '# syntax=docker/dockerfile:1\n# note\nFROM x\n';
    expect(syntaxDirective(df)).toEqual({ image: 'docker/dockerfile:1', line: 1 });
    expect(withoutSyntaxDirective(df)).toBe('\n# note\nFROM x\n');
    expect(syntaxDirective('FROM x\n# syntax=docker/dockerfile:1\n')).toBeUndefined();
  });
  it('recognises a frontend pull failure and an unreachable base image', () => {
    expect(
      isFrontendPullFailure(
        'failed to solve with frontend gateway.v0: failed to resolve image config for docker.io/docker/dockerfile:1: dial tcp: lookup registry-1.docker.io: no such host',
      ),
    ).toBe(true);
    expect(
      offlineBaseImage(
        '#3 [internal] load metadata for docker.io/library/node:24-alpine\nERROR: failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/24-alpine": dial tcp: no such host',
      ),
    ).toBe('node:24-alpine');
    expect(offlineBaseImage('"/missing.txt" not found: not found')).toBeUndefined();
  });
  it('moves the port of a health test and reads the app port', () => {
    expect(movedHealthCmd(['CMD', 'node', '-e', "fetch('http://127.0.0.1:8080/healthz')"], 8080, 18080)).toBe(
      `node -e 'fetch('\\''http://127.0.0.1:18080/healthz'\\'')'`,
    );
    expect(movedHealthCmd(['CMD-SHELL', 'curl -f localhost:3000'], 3000, 3000)).toBeUndefined();
    expect(appPort({ id: '', size: 0, user: '', exposedPorts: ['8080/tcp'], env: ['PORT=8080'] })).toEqual({
      port: 8080,
      readsPortEnv: true,
    });
  });
});
