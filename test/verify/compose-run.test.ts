import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthFlags, memoryFlag, seconds, serviceRunRequest } from '../../src/engine/compose-run.js';
import { runArgs } from '../../src/engine/docker.js';
import { loadCompose } from '../../src/parse/compose/index.js';

const COMPOSE = `
name: shop
services:
  api:
    build: ./api
    user: "1000:1000"
    init: true
    read_only: true
    tmpfs: [/tmp]
    security_opt: ["no-new-privileges:true"]
    cap_drop: [ALL]
    env_file: [api.env]
    environment:
      DATABASE_HOST: db
      EMPTY:
    secrets: [db_password, { source: api_key, target: key.txt }]
    volumes:
      - data:/var/lib/data
      - ./static:/srv/static:ro
      - type: tmpfs
        target: /cache
        tmpfs: { size: 1000000 }
    healthcheck:
      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000/health')"]
      interval: 30s
      timeout: 3s
      start_period: 5s
      retries: 5
    depends_on:
      db: { condition: service_healthy }
    deploy:
      resources:
        limits: { memory: 256M, cpus: "0.5", pids: 100 }
    stop_grace_period: 1m30s
  db:
    image: postgres:17
    healthcheck:
      disable: true
secrets:
  db_password: { file: ./secrets/db_password.txt }
  api_key: { file: ./secrets/api_key.txt }
volumes:
  data: {}
`;

async function load() {
  const dir = mkdtempSync(join(tmpdir(), 'dw-compose-run-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'api.env'), 'FROM_FILE=1\nDATABASE_HOST=overridden\n');
  const p = await loadCompose({ workingDir: dir, env: {} });
  return { dir, model: p.model };
}

describe('Compose service → docker run flags', () => {
  it('maps env, env_file, secrets, volumes, healthcheck, user, init, read_only, tmpfs, security, limits (host network)', async () => {
    const { dir, model } = await load();
    const plan = serviceRunRequest({
      projectName: 'shop',
      serviceName: 'api',
      service: model.services.api!,
      model,
      image: 'dockwright-verify/shop-api:r1',
      labels: { 'dockwright.verify.run': 'r1' },
      hostNetwork: true,
      volumeNames: { data: 'shop_data-r1' },
      networkNames: {},
      containerName: 'dw-verify-shop-api-r1',
    });
    const args = runArgs(plan.request);
    const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
    expect(args.slice(0, 4)).toEqual(['run', '-d', '--name', 'dw-verify-shop-api-r1']);
    expect(pairs('--label')).toContain('dockwright.verify.run=r1');
    expect(pairs('--network')).toEqual(['host']);
    // No service-name DNS on the host network: every service name resolves to 127.0.0.1.
    expect(pairs('--add-host')).toEqual(['api:127.0.0.1', 'db:127.0.0.1']);
    expect(pairs('-e')).toEqual(expect.arrayContaining(['FROM_FILE=1', 'DATABASE_HOST=db']));
    expect(pairs('-e').some((e) => e?.startsWith('EMPTY'))).toBe(false);
    expect(pairs('--user')).toEqual(['1000:1000']);
    expect(args).toContain('--init');
    expect(args).toContain('--read-only');
    expect(pairs('--tmpfs')).toEqual(['/tmp', '/cache:size=1000000']);
    expect(pairs('--security-opt')).toEqual(['no-new-privileges:true']);
    expect(pairs('--cap-drop')).toEqual(['ALL']);
    expect(pairs('-v')).toEqual([
      'shop_data-r1:/var/lib/data',
      `${dir}/static:/srv/static:ro`,
      `${dir}/secrets/db_password.txt:/run/secrets/db_password:ro`,
      `${dir}/secrets/api_key.txt:/run/secrets/key.txt:ro`,
    ]);
    expect(pairs('--health-cmd')).toEqual(["node -e 'fetch('\\''http://127.0.0.1:3000/health'\\'')'"]);
    expect(pairs('--health-interval')).toEqual(['1s']);
    expect(pairs('--health-timeout')).toEqual(['3s']);
    expect(pairs('--health-start-period')).toEqual(['5s']);
    expect(pairs('--health-retries')).toEqual(['5']);
    expect(pairs('--memory')).toEqual(['256m']);
    expect(pairs('--cpus')).toEqual(['0.5']);
    expect(pairs('--pids-limit')).toEqual(['100']);
    expect(pairs('--stop-timeout')).toEqual(['90']);
    expect(args.at(-1)).toBe('dockwright-verify/shop-api:r1');
    expect(plan.ignored).toEqual([]);
  });

  it('uses the project network and the service name as alias on a bridge engine; disable → --no-healthcheck', async () => {
    const { model } = await load();
    const plan = serviceRunRequest({
      projectName: 'shop',
      serviceName: 'db',
      service: model.services.db!,
      model,
      image: 'postgres:17',
      labels: {},
      hostNetwork: false,
      volumeNames: {},
      networkNames: { default: 'shop_default-r1' },
      containerName: 'db1',
    });
    const args = runArgs(plan.request);
    expect(args).toEqual(expect.arrayContaining(['--network', 'shop_default-r1', '--network-alias', 'db']));
    expect(args).toContain('--no-healthcheck');
    expect(args).not.toContain('--add-host');
  });

  it('converts sizes, durations and health settings', () => {
    expect(memoryFlag('256M')).toBe('256m');
    expect(memoryFlag('1gb')).toBe('1g');
    expect(memoryFlag('1.5G')).toBe(String(1.5 * 1024 ** 3));
    expect(memoryFlag(1048576)).toBe('1048576');
    expect(memoryFlag('lots')).toBeUndefined();
    expect(seconds('1m30s')).toBe(90);
    expect(seconds('500ms')).toBe(1);
    expect(healthFlags(undefined, true)).toEqual({ interval: '1s' });
    expect(
      healthFlags({ test: ['CMD-SHELL', 'curl -f localhost || exit 1'], interval: '10s' }, false),
    ).toEqual({
      cmd: 'curl -f localhost || exit 1',
      interval: '10s',
    });
    expect(healthFlags({ test: ['NONE'] }, true)).toEqual({ disable: true });
  });
});
