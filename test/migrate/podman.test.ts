import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  convertToQuadlet,
  durationSeconds,
  type PodmanOptions,
  qualifyImage,
} from '../../src/migrate/podman.js';
import { parseIni, quoteWord } from '../../src/migrate/unit.js';
import { loadCompose } from '../../src/parse/compose/loader.js';
import { runCli } from '../helpers/cli.js';
import { checkUnit } from './quadlet-check.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function convert(feature: string, opts: PodmanOptions = {}) {
  const dir = join(fixtures, feature);
  const project = await loadCompose({ workingDir: dir, env: {} });
  expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return convertToQuadlet(project.model, opts);
}

/** Golden files hold `<fixture>` where the fixture's absolute path was. */
function golden(feature: string, files: readonly { name: string; content: string }[]): void {
  const dir = join(fixtures, feature, 'expected');
  const abs = join(fixtures, feature);
  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f.name), f.content.replaceAll(abs, '<fixture>'));
  }
  const expected = readdirSync(dir).sort();
  expect(files.map((f) => f.name).sort()).toEqual(expected);
  for (const f of files) {
    expect(f.content.replaceAll(abs, '<fixture>'), f.name).toBe(readFileSync(join(dir, f.name), 'utf8'));
  }
}

const FEATURES: [string, PodmanOptions][] = [
  ['ports-env', {}],
  ['volumes-selinux', { selinux: true }],
  ['secrets-configs', {}],
  ['healthcheck-depends', {}],
  ['build', {}],
  ['networks', {}],
  ['resources-restart', { userns: 'keep-id' }],
  ['pod', { pod: true }],
  ['unsupported', {}],
];

describe('migrate podman: golden units, one fixture per feature', () => {
  for (const [feature, opts] of FEATURES) {
    it(feature, async () => {
      const plan = await convert(feature, opts);
      golden(feature, plan.files);
      for (const f of plan.files)
        if (f.name !== 'README.md') expect(checkUnit(f.name, f.content)).toEqual([]);
    });
  }
});

describe('migrate podman: what each feature turns into', () => {
  const units = async (feature: string, opts: PodmanOptions = {}) =>
    Object.fromEntries((await convert(feature, opts)).files.map((f) => [f.name, f.content]));

  it('publishes ports with host IP, ranges, protocols; quotes env values; doubles %', async () => {
    const u = await units('ports-env');
    const c = u['shop-web.container']!;
    expect(c).toContain('PublishPort=8080:80\n');
    expect(c).toContain('PublishPort=127.0.0.1:8443:443\n');
    expect(c).toContain('PublishPort=9000:9000/udp\nPublishPort=9001:9001/udp\n');
    expect(c).toContain('PublishPort=3000\n');
    expect(c).toContain('Environment="GREETING=hello world"\n');
    expect(c).toContain('Environment=PERCENT=100%%\n');
    expect(c).toContain('Exec=nginx -g "daemon off;"\n');
    expect(c).toContain('Image=docker.io/library/nginx:1.27\n');
    expect(c).toMatch(/EnvironmentFile=.*web\.env/);
  });

  it('labels bind mounts :Z / :z with --selinux, never system paths or sockets', async () => {
    const plan = await convert('volumes-selinux', { selinux: true });
    const app = plan.files.find((f) => f.name === 'files-app.container')!.content;
    expect(app).toMatch(/Volume=.*\/data:\/data:Z\n/);
    expect(app).toMatch(/Volume=.*\/shared:\/shared:ro,z\n/);
    expect(app).toContain('Volume=/var/run/docker.sock:/var/run/docker.sock\n');
    expect(app).toContain('Mount=type=volume,source=files-cache.volume,destination=/sub,subpath=part\n');
    expect(app).toContain('Tmpfs=/scratch:size=1000000\n');
    const worker = plan.files.find((f) => f.name === 'files-worker.container')!.content;
    expect(worker).toContain('Volume=prebuilt:/ext\n');
    expect(plan.files.find((f) => f.name === 'files-cache.volume')!.content).toContain('Options=size=100m\n');
    expect(plan.notes.some((n) => /Docker socket/.test(n.message))).toBe(true);
    const plain = await convert('volumes-selinux');
    expect(plain.files.find((f) => f.name === 'files-app.container')!.content).toMatch(/\/data:\/data\n/);
  });

  it('turns secrets into Podman secrets and tells how to create them', async () => {
    const plan = await convert('secrets-configs');
    const c = plan.files.find((f) => f.name === 'vault-api.container')!.content;
    expect(c).toContain('Secret=vault_db_password,type=mount,target=db_password\n');
    expect(c).toContain('Secret=vault_api_key,type=mount,target=/etc/api/key,uid=1000,mode=0400\n');
    expect(c).toMatch(/Volume=.*app\.conf:\/etc\/app\.conf:ro\n/);
    expect(plan.secrets.map((s) => s.command)).toEqual([
      'podman secret create --env vault_api_key API_KEY',
      expect.stringMatching(/^podman secret create vault_db_password .*db_password\.txt$/),
    ]);
    expect(plan.files.find((f) => f.name === 'README.md')!.content).toContain('podman secret create');
  });

  it('maps healthchecks and depends_on conditions', async () => {
    const u = await units('healthcheck-depends');
    const db = u['stack-db.container']!;
    expect(db).toContain('HealthCmd="pg_isready -U $$POSTGRES_USER"\n');
    expect(db).toContain('HealthInterval=10s\nHealthTimeout=5s\nHealthRetries=5\nHealthStartPeriod=30s\n');
    expect(db).toContain('Notify=healthy\n');
    const api = u['stack-api.container']!;
    expect(api).toContain('HealthCmd="[\\"CMD\\",\\"curl\\",\\"-f\\",\\"http://localhost:8080/health\\"]"\n');
    expect(api).toContain('Requires=stack-db.container\nAfter=stack-db.container\n');
    expect(api).toContain('Wants=stack-cache.container\nAfter=stack-cache.container\n');
    const migrate = u['stack-migrate.container']!;
    expect(migrate).toContain('Type=oneshot\nRemainAfterExit=yes\n');
    expect(migrate).not.toContain('TimeoutStartSec');
    expect(u['stack-cache.container']).toContain('HealthCmd=none\n');
  });

  it('writes a .build unit and points Image= at it', async () => {
    const plan = await convert('build');
    const b = plan.files.find((f) => f.name === 'built-api.build')!.content;
    expect(b).toContain('ImageTag=registry.example.com/api:1.2.3\n');
    expect(b).toMatch(/File=.*\/api\/Containerfile\n/);
    expect(b).toContain('Target=runtime\n');
    expect(b).toContain('PodmanArgs=--build-arg=VERSION=1.2.3\n');
    expect(plan.files.find((f) => f.name === 'built-api.container')!.content).toContain(
      'Image=built-api.build\n',
    );
    expect(plan.files.find((f) => f.name === 'built-web.build')!.content).toContain(
      'ImageTag=localhost/built-web\n',
    );
    expect(plan.unsupported.map((u) => u.path)).toEqual(
      expect.arrayContaining(['services.api.build.cache_from', 'services.api.build.platforms']),
    );
  });

  it('creates .network units, aliases, static IPs and network modes', async () => {
    const u = await units('networks');
    expect(u['net-back.network']).toContain(
      'NetworkName=net_back\nInternal=true\nSubnet=172.28.0.0/16\nGateway=172.28.0.1\n',
    );
    expect(u['net-app.container']).toContain(
      'Network=net-back.network\nNetwork=net-front.network\nNetworkAlias=app\nNetworkAlias=backend\n',
    );
    expect(u['net-db.container']).toContain('IP=172.28.0.10\n');
    expect(u['net-sidecar.container']).toContain('Network=net-app.container\n');
    expect(u['net-host.container']).toContain('Network=host\n');
    expect(Object.keys(u)).not.toContain('net-default.network');
  });

  it('maps restart policies, user, limits and hardening', async () => {
    const u = await units('resources-restart', { userns: 'keep-id' });
    const w = u['limits-worker.container']!;
    for (const line of [
      'User=1000',
      'Group=1000',
      'ReadOnly=true',
      'RunInit=true',
      'DropCapability=ALL',
      'AddCapability=NET_BIND_SERVICE',
      'NoNewPrivileges=true',
      'StopTimeout=90',
      'StopSignal=SIGINT',
      'PodmanArgs=--memory=512M',
      'PodmanArgs=--cpus=0.5',
      'PidsLimit=100',
      'PodmanArgs=--memory-reservation=128M',
      'Ulimit=nofile=1024:4096',
      'UserNS=keep-id',
      'Restart=on-failure',
      'StartLimitBurst=3',
    ]) {
      expect(w).toContain(`${line}\n`);
    }
    const a = u['limits-api.container']!;
    expect(a).toContain('Restart=always\n');
    expect(a).toContain('PodmanArgs=--memory=1g\n');
    expect(a).toContain('ShmSize=256m\n');
    expect(a).toContain('LogDriver=journald\n');
    expect(a).toContain('[Install]\nWantedBy=default.target\n');
  });

  it('puts services in one .pod with --pod, ports on the pod', async () => {
    const u = await units('pod', { pod: true });
    expect(u['podded.pod']).toContain(
      'PodName=podded\nPublishPort=8080:3000\n'.replace('8080:3000', '3000:3000'),
    );
    expect(u['podded.pod']).toContain('PublishPort=8080:80\n');
    expect(u['podded-web.container']).toContain('Pod=podded.pod\n');
    expect(u['podded-web.container']).not.toContain('PublishPort');
    expect(u['podded-web.container']).not.toContain('Network=');
  });

  it('reports every key it cannot carry, and only those', async () => {
    const plan = await convert('unsupported');
    expect(plan.unsupported.map((u) => u.path).sort()).toEqual(
      [
        'services.app.deploy.placement',
        'services.app.deploy.replicas',
        'services.app.develop',
        'services.app.domainname',
        'services.app.environment.FROM_SHELL',
        'services.app.healthcheck.start_interval',
        'services.app.links',
        'services.app.logging.driver',
        'services.app.scale',
      ].sort(),
    );
    for (const u of plan.unsupported) expect(u.reason.length).toBeGreaterThan(5);
    expect(plan.files.find((f) => f.name === 'README.md')!.content).toContain('`services.app.scale`');
  });
});

describe('migrate podman: helpers', () => {
  it('qualifies short image names', () => {
    expect(qualifyImage('redis')).toBe('docker.io/library/redis');
    expect(qualifyImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(qualifyImage('ghcr.io/a/b')).toBe('ghcr.io/a/b');
    expect(qualifyImage('localhost/x')).toBe('localhost/x');
    expect(qualifyImage('registry:5000/x')).toBe('registry:5000/x');
  });
  it('reads durations', () => {
    expect(durationSeconds('1m30s')).toBe(90);
    expect(durationSeconds('500ms')).toBe(1);
    expect(durationSeconds('10')).toBe(10);
    expect(durationSeconds('soon')).toBeUndefined();
  });
  it('quotes words the systemd way', () => {
    expect(quoteWord('plain')).toBe('plain');
    expect(quoteWord('a b')).toBe('"a b"');
    expect(quoteWord('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(quoteWord('$HOME 50%')).toBe('"$$HOME 50%%"');
  });
  it('parses INI and flags junk', () => {
    const ini = parseIni('# c\n[Container]\nImage=x\nnot a line\n[Install]\nWantedBy=a \\\n b\n');
    expect(ini.sections.map((s) => s.name)).toEqual(['Container', 'Install']);
    expect(ini.errors).toHaveLength(1);
    expect(ini.sections[1]!.entries[0]!.value).toBe('a  b');
  });
  it('rejects undocumented keys', () => {
    expect(checkUnit('a.container', '[Container]\nImage=x\nMemoryLimit=1\n')).toHaveLength(1);
    expect(checkUnit('a.container', '[Container]\nImage=x\n[Bogus]\nA=1\n').join()).toMatch(/Bogus/);
  });
});

describe('migrate podman: CLI', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dw-migrate-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const cwd = join(fixtures, 'healthcheck-depends');

  it('--dry-run prints units and writes nothing', async () => {
    const r = await runCli(['migrate', 'podman', '--dry-run', '--out', join(tmp, 'dry')], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[Container]');
    expect(existsSync(join(tmp, 'dry'))).toBe(false);
  });

  it('--format json lists files and unsupported keys', async () => {
    const r = await runCli(
      [
        'migrate',
        'podman',
        '-f',
        join(fixtures, 'unsupported', 'compose.yaml'),
        '--dry-run',
        '--format',
        'json',
      ],
      { cwd: tmp },
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.engine).toBe('podman');
    expect(json.unsupported.map((u: { path: string }) => u.path)).toContain('services.app.scale');
    expect(json.files.map((f: { name: string }) => f.name)).toContain('odd-app.container');
  });

  it('writes the units, then refuses to overwrite without --force', async () => {
    const out = join(tmp, 'units');
    const first = await runCli(['migrate', 'podman', '--out', out], { cwd });
    expect(first.code).toBe(0);
    expect(readdirSync(out).sort()).toContain('stack-api.container');
    writeFileSync(join(out, 'stack-db.container'), 'mine');
    const second = await runCli(['migrate', 'podman', '--out', out], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already exist/);
    expect(readFileSync(join(out, 'stack-db.container'), 'utf8')).toBe('mine');
    const forced = await runCli(['migrate', 'podman', '--out', out, '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'stack-db.container'), 'utf8')).toContain('[Container]');
  });

  it('refuses an unknown target and invalid Compose', async () => {
    expect((await runCli(['migrate', 'kubernetes'], { cwd })).code).toBe(2);
    writeFileSync(join(tmp, 'compose.yaml'), 'services:\n  a:\n    ports: 12\n');
    const bad = await runCli(['migrate', 'podman', '--dry-run'], { cwd: tmp });
    expect(bad.code).toBe(2);
  });
});
