/**
 * `dockwright verify --compose` on the real engine without Compose v2: a two-service stack (an API depending on
 * a "db" stand-in that is itself a small node server with a healthcheck, plus a one-shot migration), both built
 * FROM the stand-in node:22-slim, started in depends_on order on the host network with service names mapped to
 * 127.0.0.1, checked and cleaned up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { pickEngine } from '../../src/engine/pick.js';
import type { ContainerEngine } from '../../src/engine/types.js';
import { verifyCompose } from '../../src/verify/compose.js';
import type { VerifyReport } from '../../src/verify/types.js';
import { freePort, VERIFY_RUN_LABEL } from '../../src/verify/verify.js';
import { describeWithEngine } from '../helpers/engine.js';

const DB_SERVER = `
const fs = require('node:fs');
const http = require('node:http');
const password = fs.readFileSync('/run/secrets/db_password', 'utf8').trim();
const server = http.createServer((req, res) => res.end('db ok, password of ' + password.length + ' chars\\n'));
server.listen(Number(process.env.DB_PORT), '127.0.0.1', () => console.log('db listening on', process.env.DB_PORT));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const API_SERVER = `
const http = require('node:http');
// Connects to the db by its service name, as an app on a Compose network would.
fetch(process.env.DB_URL).then(async (r) => {
  console.log('api: db says', (await r.text()).trim(), '| greeting:', process.env.GREETING);
  const server = http.createServer((req, res) => res.end(req.url === '/health' ? 'ok' : 'api'));
  server.listen(Number(process.env.API_PORT), '127.0.0.1', () => console.log('api listening'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, (e) => { console.error('api: cannot reach the db at', process.env.DB_URL, e.cause?.code ?? e.message); process.exit(1); });
`;

const probe = (port: string) =>
  `["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`;

function stack(dir: string, apiPort: number, dbPort: number, apiUser = '"1000:1000"'): void {
  for (const svc of ['api', 'db']) {
    mkdirSync(join(dir, svc), { recursive: true });
    writeFileSync(
      join(dir, svc, 'Dockerfile'),
      'FROM node:22-slim\nWORKDIR /app\nCOPY server.js .\nUSER node\nCMD ["node", "server.js"]\n',
    );
  }
  writeFileSync(join(dir, 'db', 'server.js'), DB_SERVER);
  writeFileSync(join(dir, 'api', 'server.js'), API_SERVER);
  writeFileSync(join(dir, 'db_password.txt'), 's3cret\n');
  writeFileSync(join(dir, 'api.env'), 'GREETING=hello from env_file\n');
  writeFileSync(
    join(dir, 'compose.yaml'),
    `name: dwstack
services:
  api:
    build: ./api
    user: ${apiUser}
    init: true
    read_only: true
    tmpfs: [/tmp]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    env_file: [api.env]
    environment:
      API_PORT: "${apiPort}"
      DB_URL: "http://db:${dbPort}/"
    deploy:
      resources:
        limits: { memory: 256M }
    healthcheck:
      test: ${probe(String(apiPort))}
      interval: 30s
      retries: 3
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
  migrate:
    build: ./db
    command: ["node", "-e", "console.log('migrated')"]
  db:
    build: ./db
    init: true
    environment:
      DB_PORT: "${dbPort}"
    secrets: [db_password]
    volumes: [dbdata:/data]
    healthcheck:
      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${dbPort}/').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      start_period: 10s
secrets:
  db_password:
    file: ./db_password.txt
volumes:
  dbdata: {}
`,
  );
}

function show(r: VerifyReport): void {
  console.log(
    `verify --compose: ${r.ok ? 'ok' : 'FAILED'} in ${(r.totalMs / 1000).toFixed(1)}s\n${r.steps
      .map(
        (s) =>
          `  ${s.service ?? ''} ${s.step} ${s.status} ${(s.ms / 1000).toFixed(1)}s ${s.summary}${s.details ? `\n    ${s.details.join('\n    ')}` : ''}${s.hint && s.status === 'fail' ? `\n    hint: ${s.hint}` : ''}`,
      )
      .join('\n')}\n  notes: ${r.notes.join(' | ')}`,
  );
}

describeWithEngine('dockwright verify --compose on a real engine (no Compose v2)', (engine) => {
  let ce: ContainerEngine;
  beforeAll(async () => {
    const picked = await pickEngine({ env: { ...process.env, ...engine.env } });
    if (!picked.ok) throw new Error(picked.reason);
    ce = picked.engine;
  });

  async function leftovers(r: VerifyReport): Promise<string> {
    const cleanup = r.steps.find((s) => s.step === 'cleanup');
    const runId = /dockwright\.verify\.run=(\S+)/.exec(cleanup?.summary ?? '')?.[1];
    expect(runId).toBeTruthy();
    const label = `label=${VERIFY_RUN_LABEL}=${runId}`;
    const out = await Promise.all([
      engine.exec(['ps', '-aq', '--filter', label]),
      engine.exec(['images', '-aq', '--filter', label]),
      engine.exec(['volume', 'ls', '-q', '--filter', label]),
      engine.exec(['network', 'ls', '-q', '--filter', label]),
    ]);
    return out.map((o) => o.stdout.trim()).join('');
  }

  it('starts db (healthy) and migrate (exit 0) before the api, which reaches db:<port>; all checks pass', async () => {
    const dir = engine.tempDir('dw-verify-compose-');
    stack(dir, await freePort(), await freePort());
    const r = await verifyCompose({
      dir,
      engine: ce,
      noComposeV2: true,
      graceSeconds: 5,
      healthTimeoutMs: 60_000,
    });
    show(r);
    const order = r.steps.filter((s) => s.step === 'run').map((s) => s.service);
    expect(order.indexOf('db')).toBeLessThan(order.indexOf('api'));
    expect(order.indexOf('migrate')).toBeLessThan(order.indexOf('api'));
    expect(r.notes.join('\n')).toMatch(/--add-host <service>:127\.0\.0\.1/);
    expect(r.steps.find((s) => s.step === 'health' && s.service === 'migrate')?.summary).toMatch(/exit 0/);
    expect(r.services?.find((s) => s.service === 'api')).toMatchObject({
      built: true,
      started: true,
      healthy: true,
      stopped: true,
      user: 'node (uid 1000)',
    });
    expect(r.services?.find((s) => s.service === 'db')).toMatchObject({ healthy: true, stopped: true });
    expect(r.ok).toBe(true);
    expect(await leftovers(r)).toBe('');
  }, 300_000);

  it('a root service fails the user check with the hint; the api never starts when db crashes', async () => {
    const dir = engine.tempDir('dw-verify-compose-bad-');
    stack(dir, await freePort(), await freePort(), '"0:0"');
    const r = await verifyCompose({
      dir,
      engine: ce,
      noComposeV2: true,
      graceSeconds: 5,
      healthTimeoutMs: 60_000,
    });
    show(r);
    const user = r.steps.find((s) => s.step === 'user' && s.service === 'api');
    expect(user?.status).toBe('fail');
    expect(user?.hint).toMatch(/USER directive/);
    expect(r.ok).toBe(false);

    // db without its secret: it crashes, so the api (service_healthy) is not started.
    writeFileSync(
      join(dir, 'db', 'server.js'),
      `${DB_SERVER.replace('/run/secrets/db_password', '/run/secrets/nope')}`,
    );
    const r2 = await verifyCompose({
      dir,
      engine: ce,
      noComposeV2: true,
      graceSeconds: 5,
      healthTimeoutMs: 60_000,
    });
    show(r2);
    const db = r2.steps.find((s) => s.service === 'db' && s.status === 'fail');
    expect(db?.details?.join('\n')).toMatch(/ENOENT|no such file/);
    expect(db?.hint).toMatch(/secret file that is not mounted/);
    expect(r2.steps.find((s) => s.step === 'run' && s.service === 'api')?.summary).toMatch(/not started: db/);
    expect(r2.ok).toBe(false);
    expect(await leftovers(r2)).toBe('');
  }, 300_000);
});
