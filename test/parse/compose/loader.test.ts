// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { type ComposeProject, loadCompose } from '../../../src/parse/compose/index.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-compose-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function load(files: Record<string, string>, options: Partial<Parameters<typeof loadCompose>[0]> = {}) {
  const dir = project(files);
  const p = await loadCompose({ workingDir: dir, env: {}, ...options });
  return { dir, p };
}

function codes(p: ComposeProject): string[] {
  return p.diagnostics.map((d) => d.code);
}

function where(p: ComposeProject, code: string): string[] {
  return p.diagnostics
    .filter((d) => d.code === code)
    .map((d) => `${d.start.line}:${d.start.column} ${d.message}`);
}

describe('normalisation (short → long syntax)', () => {
  it('expands ports, including ranges, IPs and protocols', async () => {
    const { p } = await load({
      'compose.yaml': `services:
  web:
    image: nginx
    ports:
      - 80
      - "8080:80"
      - "127.0.0.1:5432:5432/udp"
      - "[::1]:6379:6379"
      - "9000-9002:9000-9002"
      - "3000-3005:3000"
      - target: 443
        published: 8443
`,
    });
    expect(p.diagnostics).toEqual([]);
    expect(p.model.services.web!.ports).toEqual([
      { mode: 'ingress', target: 80, protocol: 'tcp' },
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 5432, published: '5432', protocol: 'udp' },
      { mode: 'ingress', host_ip: '::1', target: 6379, published: '6379', protocol: 'tcp' },
      { mode: 'ingress', target: 9000, published: '9000', protocol: 'tcp' },
      { mode: 'ingress', target: 9001, published: '9001', protocol: 'tcp' },
      { mode: 'ingress', target: 9002, published: '9002', protocol: 'tcp' },
      { mode: 'ingress', target: 3000, published: '3000-3005', protocol: 'tcp' },
      { mode: 'ingress', target: 443, published: '8443', protocol: 'tcp' },
    ]);
  });

  it('reports an invalid port where it is written', async () => {
    const { p } = await load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "80-82:90-91"\n',
    });
    expect(where(p, 'compose/invalid-port')).toEqual([
      '5:9 invalid port "80-82:90-91": the published range 80-82 and the container range 90-91 differ in size',
    ]);
  });

  it('expands volumes: bind (relative, ~, :ro), named, anonymous', async () => {
    const { dir, p } = await load(
      {
        'compose.yaml': `services:
  db:
    image: postgres
    volumes:
      - ./data:/var/lib/postgresql/data:ro
      - ~/cache:/cache
      - pgdata:/backup:nocopy
      - /scratch
volumes:
  pgdata: {}
`,
      },
      { env: { HOME: '/home/me' } },
    );
    expect(p.diagnostics).toEqual([]);
    expect(p.model.services.db!.volumes).toEqual([
      {
        type: 'bind',
        source: join(dir, 'data'),
        target: '/var/lib/postgresql/data',
        read_only: true,
        bind: { create_host_path: true },
      },
      { type: 'bind', source: '/home/me/cache', target: '/cache', bind: { create_host_path: true } },
      { type: 'volume', source: 'pgdata', target: '/backup', volume: { nocopy: true } },
      { type: 'volume', target: '/scratch' },
    ]);
    expect(p.model.volumes.pgdata).toEqual({ name: `${p.name}_pgdata` });
  });

  it('normalises depends_on, environment, build, networks, secrets, command and healthcheck', async () => {
    const { dir, p } = await load(
      {
        'compose.yaml': `services:
  web:
    build: ./app
    command: npm run "start prod"
    depends_on: [db]
    environment:
      - A=1
      - FROM_SHELL
      - UNSET
    networks: [front]
    secrets: [token]
    healthcheck:
      test: curl -f http://localhost/
      interval: 30s
  db:
    image: postgres
    environment: { PORT: 5432, DEBUG: true, EMPTY: }
networks:
  front:
secrets:
  token:
    file: ./token.txt
`,
      },
      { env: { FROM_SHELL: 'yes' } },
    );
    expect(p.diagnostics).toEqual([]);
    const web = p.model.services.web!;
    expect(web.build).toEqual({ context: join(dir, 'app'), dockerfile: 'Dockerfile' });
    expect(web.command).toEqual(['npm', 'run', 'start prod']);
    expect(web.depends_on).toEqual({ db: { condition: 'service_started', required: true } });
    expect(web.environment).toEqual({ A: '1', FROM_SHELL: 'yes', UNSET: null });
    expect(web.networks).toEqual({ front: null });
    expect(web.secrets).toEqual([{ source: 'token' }]);
    expect(web.healthcheck).toEqual({ test: ['CMD-SHELL', 'curl -f http://localhost/'], interval: '30s' });
    expect(p.model.services.db!.environment).toEqual({ PORT: '5432', DEBUG: 'true', EMPTY: null });
    expect(p.model.services.db!.networks).toEqual({ default: null });
    expect(p.model.networks).toEqual({
      front: { name: `${p.name}_front` },
      default: { name: `${p.name}_default` },
    });
    expect(p.model.secrets.token).toEqual({ file: join(dir, 'token.txt'), name: `${p.name}_token` });
  });

  it('validates durations and casts interpolated numbers and booleans', async () => {
    const { p } = await load(
      {
        'compose.yaml': `services:
  web:
    image: nginx
    scale: \${N}
    privileged: "\${PRIV}"
    healthcheck:
      test: ["CMD", "true"]
      interval: 30 seconds
`,
      },
      { env: { N: '1', PRIV: 'false' } },
    );
    expect(p.model.services.web!.scale).toBe(1);
    expect(p.model.services.web!.privileged).toBe(false);
    expect(where(p, 'compose/invalid-duration')).toEqual([
      '8:17 services.web.healthcheck.interval: invalid duration "30 seconds"',
    ]);
  });
});

describe('merging files, extends, include, profiles', () => {
  it('discovers compose.yaml + compose.override.yaml from a subdirectory and merges them', async () => {
    const dir = project({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    command: ["a"]\n',
      'compose.override.yaml': 'services:\n  web:\n    ports: ["443:443"]\n    command: ["b"]\n',
      'src/deep/.keep': '',
    });
    const p = await loadCompose({ workingDir: join(dir, 'src/deep'), env: {} });
    expect(p.files.map((f) => f.path)).toEqual([
      join(dir, 'compose.yaml'),
      join(dir, 'compose.override.yaml'),
    ]);
    expect(p.model.services.web!.ports!.map((x) => x.published)).toEqual(['80', '443']);
    expect(p.model.services.web!.command).toEqual(['b']);
  });

  it('locates values after merge: each port points at the file that wrote it', async () => {
    const { dir, p } = await load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n',
        'prod.yaml': '# production\nservices:\n  web:\n    ports:\n      - "443:443"\n    restart: always\n',
      },
      { files: ['compose.yaml', 'prod.yaml'] },
    );
    const first = p.locate(['services', 'web', 'ports', 0])!;
    const second = p.locate(['services', 'web', 'ports', 1])!;
    expect([first.file, first.start.line, first.start.column]).toEqual([join(dir, 'compose.yaml'), 5, 9]);
    expect([second.file, second.start.line, second.start.column]).toEqual([join(dir, 'prod.yaml'), 5, 9]);
    expect(p.locate(['services', 'web', 'restart'])!.start.line).toBe(6);
    expect(p.locate(['services', 'web', 'image'])!.file).toBe(join(dir, 'compose.yaml'));
    // Paths the model does not have fall back to the nearest ancestor.
    expect(p.locate(['services', 'web', 'user'])!.start.line).toBe(3);
  });

  it('applies !reset and !override', async () => {
    const { p } = await load(
      {
        'compose.yaml':
          'services:\n  app:\n    image: myapp\n    ports: ["8080:80"]\n    environment:\n      FOO: BAR\n      KEEP: "1"\n',
        'override.yaml':
          'services:\n  app:\n    ports: !override\n      - "8443:443"\n    environment:\n      FOO: !reset null\n',
      },
      { files: ['compose.yaml', 'override.yaml'] },
    );
    expect(p.diagnostics).toEqual([]);
    expect(p.model.services.app!.ports!.map((x) => x.target)).toEqual([443]);
    expect(p.model.services.app!.environment).toEqual({ KEEP: '1' });
  });

  it('resolves extends from another file, with that file’s paths, and locates into it', async () => {
    const { dir, p } = await load({
      'compose.yaml':
        'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: base\n    environment:\n      ROLE: web\n',
      'common/base.yaml':
        'services:\n  base:\n    image: app:1.2\n    env_file: ./base.env\n    environment:\n      ROLE: base\n      LEVEL: info\n',
      'common/base.env': 'FROM_FILE=1\n',
    });
    expect(p.diagnostics).toEqual([]);
    const web = p.model.services.web!;
    expect(web.image).toBe('app:1.2');
    expect(web.env_file).toEqual([{ path: join(dir, 'common/base.env'), required: true }]);
    expect(web.environment).toEqual({ FROM_FILE: '1', ROLE: 'web', LEVEL: 'info' });
    const image = p.locate(['services', 'web', 'image'])!;
    expect([image.file, image.start.line]).toEqual([join(dir, 'common/base.yaml'), 3]);
    expect(p.locate(['services', 'web', 'environment', 'ROLE'])!.file).toBe(join(dir, 'compose.yaml'));
    expect(p.files.map((f) => f.role)).toEqual(['main', 'extends']);
  });

  it('reports an extends cycle and an unknown base service', async () => {
    const { p } = await load({
      'compose.yaml':
        'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    image: x\n    extends: { service: nope }\n',
    });
    expect(codes(p)).toContain('compose/extends-cycle');
    expect(where(p, 'compose/extends-unknown-service')[0]).toMatch(/^8:25 cannot extend service "nope"/);
  });

  it('includes a sub-project with its own directory and .env, and detects include cycles', async () => {
    const { dir, p } = await load({
      'compose.yaml':
        'include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [cache]\n',
      'lib/compose.yaml': 'services:\n  cache:\n    image: redis:${REDIS_TAG}\n    volumes: [./conf:/conf]\n',
      'lib/.env': 'REDIS_TAG=7\n',
    });
    expect(p.diagnostics).toEqual([]);
    expect(p.model.services.cache!.image).toBe('redis:7');
    expect(p.model.services.cache!.volumes![0]!.source).toBe(join(dir, 'lib/conf'));
    expect(p.locate(['services', 'cache', 'image'])!.file).toBe(join(dir, 'lib/compose.yaml'));

    const cyc = await load({
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  a:\n    image: a\n',
      'other.yaml': 'include:\n  - compose.yaml\nservices:\n  b:\n    image: b\n',
    });
    expect(where(cyc.p, 'compose/include-cycle')).toEqual([
      '2:5 include cycle detected: compose.yaml -> other.yaml -> compose.yaml',
    ]);
  });

  it('leaves out services whose profiles are not active, and flags required dependencies on them', async () => {
    const files = {
      'compose.yaml': `services:
  foo: { image: foo }
  bar: { image: bar, profiles: [test] }
  zot:
    image: zot
    profiles: [debug]
    depends_on: [bar]
  opt:
    image: opt
    depends_on:
      bar: { condition: service_started, required: false }
`,
    };
    const none = await load(files);
    expect(Object.keys(none.p.model.services).sort()).toEqual(['foo', 'opt']);
    expect(none.p.diagnostics).toEqual([]);
    const debug = await load(files, { profiles: ['debug'] });
    expect(where(debug.p, 'compose/disabled-service')).toEqual([
      '7:18 service "zot" depends on service "bar", which is disabled by its profiles',
    ]);
    const all = await load(files, { env: { COMPOSE_PROFILES: 'debug,test' } });
    expect(Object.keys(all.p.model.services).sort()).toEqual(['bar', 'foo', 'opt', 'zot']);
    expect(all.p.diagnostics).toEqual([]);
  });
});

describe('interpolation and environment', () => {
  it('warns once per unset variable, at the variable, and errors on required ones', async () => {
    const { p } = await load({
      'compose.yaml': `services:
  web:
    image: "nginx:\${TAG}"
    environment:
      A: $TAG
      B: \${WITH_DEFAULT:-x}
      PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD}
      PRICE: $$5
`,
    });
    expect(where(p, 'compose/variable-not-set')).toEqual([
      '3:19 The "TAG" variable is not set. Defaulting to a blank string.',
    ]);
    expect(where(p, 'compose/variable-required')).toHaveLength(1);
    expect(where(p, 'compose/variable-required')[0]).toMatch(/^7:17 .*DB_PASSWORD/);
    expect(p.model.services.web!.environment!.PRICE).toBe('$5');
    expect(p.model.services.web!.environment!.B).toBe('x');
  });

  it('reads .env from the project dir, lets the shell win, and uses --env-file instead when given', async () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    image: "app:${TAG}"\n    container_name: ${NAME}\n',
      '.env': 'TAG=from-dotenv\nNAME=dotenv-name\n',
      'staging.env': 'TAG=staging\nNAME=staging-name\n',
    };
    const a = await load(files, { env: { NAME: 'shell-name' } });
    expect(a.p.model.services.web!.image).toBe('app:from-dotenv');
    expect(a.p.model.services.web!.container_name).toBe('shell-name');
    const b = await load(files, { envFiles: ['staging.env'] });
    expect(b.p.model.services.web!.image).toBe('app:staging');
    expect(b.p.environment.NAME).toBe('staging-name');
  });

  it('merges env_file into environment; a missing env_file is an error unless required: false', async () => {
    const { p } = await load({
      'compose.yaml': `services:
  web:
    image: nginx
    env_file:
      - web.env
      - path: optional.env
        required: false
      - missing.env
    environment:
      OVERRIDDEN: own
`,
      'web.env': 'FROM_FILE=1\nOVERRIDDEN=file\n',
    });
    expect(p.model.services.web!.environment).toEqual({ FROM_FILE: '1', OVERRIDDEN: 'own' });
    expect(where(p, 'compose/env-file-missing')).toHaveLength(1);
    expect(where(p, 'compose/env-file-missing')[0]).toMatch(/^8:9 env file .*missing\.env not found$/);
  });
});

describe('schema validation', () => {
  it('reports every schema error with a friendly message at the offending node', async () => {
    const { p } = await load({
      'compose.yaml': `services:
  web:
    imagee: nginx
    ports: "80:80"
    restart: always
    depends_on:
      db:
        condition: service_healty
  "bad name":
    image: x
volumes:
  data:
    driver: 1
`,
    });
    expect(where(p, 'compose/schema')).toEqual([
      '3:5 unknown property in services.web "imagee"',
      '4:12 services.web.ports must be a list, not "80:80"',
      '8:20 services.web.depends_on.db.condition must be one of service_started, service_healthy, service_completed_successfully, not "service_healty"',
      "9:3 invalid service name \"bad name\": use only letters, digits, '.', '_' and '-'",
      '13:13 volumes.data.driver must be a string, not 1',
    ]);
    const imagee = p.diagnostics.find((d) => d.message.includes('imagee'))!;
    expect(imagee.hint).toBe('Did you mean "image"?');
  });

  it('reports unknown top-level keys and missing required properties', async () => {
    const { p } = await load({
      'compose.yaml':
        'servics:\n  web: {image: x}\nservices:\n  app:\n    image: a\n    extends: {file: x.yaml}\n',
    });
    expect(where(p, 'compose/schema')).toEqual([
      '1:1 unknown top-level property "servics"',
      '6:14 services.app.extends is missing the required property "service"',
    ]);
  });
});

describe('consistency checks', () => {
  it('finds undefined references, cycles, conflicting settings and duplicate mounts — all at once', async () => {
    const { p } = await load({
      'compose.yaml': `services:
  a:
    image: a
    depends_on: [b, ghost]
    networks: [front]
    volumes: [data:/data, /data]
    tmpfs: [/data]
    secrets: [token]
  b:
    image: b
    depends_on: [a]
    container_name: bee
    scale: 2
  c:
    image: c
    network_mode: host
    networks: [default]
    depends_on: [c]
  d:
    build: .
    container_name: bee
  e:
    restart: always
`,
    });
    const found = p.diagnostics.map((d) => `${d.start.line} ${d.code}`).sort();
    expect(found).toEqual(
      [
        '4 compose/undefined-service',
        '5 compose/undefined-network',
        '6 compose/duplicate-mount-target',
        '7 compose/duplicate-mount-target',
        '8 compose/undefined-secret',
        '11 compose/dependency-cycle',
        '12 compose/container-name-scale',
        '16 compose/conflicting-settings',
        '18 compose/dependency-cycle',
        '21 compose/duplicate-container-name',
        '22 compose/no-image',
      ].sort(),
    );
    expect(
      p.diagnostics.find((d) => d.code === 'compose/dependency-cycle' && d.start.line === 11)!.message,
    ).toBe('dependency cycle detected: a -> b -> a');
  });
});

describe('guards and bad input', () => {
  it('stops an alias bomb with a diagnostic instead of exhausting memory', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('services:\n  web:\n    image: x\n    command: *j');
    const { p } = await load({ 'compose.yaml': `${lines.join('\n')}\n` });
    expect(codes(p)).toContain('compose/alias-bomb');
    expect(p.model.services).toEqual({});
  });

  it('rejects huge and too-deep documents with a clear diagnostic', async () => {
    const huge = await load({ 'compose.yaml': `services: {}\n#${'x'.repeat(5 * 1024 * 1024)}\n` });
    expect(where(huge.p, 'compose/file-too-large')[0]).toMatch(/^1:1 file is too large/);
    const deep = await load({
      'compose.yaml': `x-deep: ${'['.repeat(300)}${']'.repeat(300)}\nservices: {}\n`,
    });
    expect(codes(deep.p)).toContain('compose/too-deep');
  });

  it('reports YAML syntax errors and duplicate keys with positions', async () => {
    const { p } = await load({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' });
    expect(p.diagnostics.map((d) => `${d.start.line}:${d.start.column} ${d.code}`)).toEqual([
      '4:5 compose/yaml-syntax',
    ]);
  });

  it('throws an InputError naming the file when a compose file is missing', async () => {
    const dir = project({});
    await expect(loadCompose({ workingDir: dir, files: ['nope.yaml'], env: {} })).rejects.toBeInstanceOf(
      InputError,
    );
    await expect(loadCompose({ workingDir: dir, env: {} })).rejects.toThrow(/no compose file found/);
  });

  it('reports a missing extended or included file at the reference', async () => {
    const { p } = await load({
      'compose.yaml':
        'include: [missing.yaml]\nservices:\n  web:\n    extends: { file: gone.yaml, service: x }\n    image: a\n',
    });
    expect(
      where(p, 'compose/file-not-found')
        .map((l) => l.split(' ')[0])
        .sort(),
    ).toEqual(['1:11', '4:22']);
  });
});

describe('odd shapes never crash', () => {
  const docs = [
    '- just\n- a list\n',
    'services: []\n',
    'services:\n  web:\n',
    'services:\n  web: 3\n',
    'services:\n  web:\n    image: x\n    ports: {a: 1}\n    volumes: 5\n    environment: 7\n    depends_on: "db"\n    networks: 1\n    build: [1]\n    healthcheck: yes\n    env_file: {path: 3}\n    extends: 9\n',
    'services:\n  web:\n    image: x\n    volumes: [":::"]\n    ports: ["a:b:c:d:e"]\n    command: "unterminated \\"quote"\n',
    'networks: 3\nvolumes: [a]\nsecrets: {s: 1}\nconfigs: {c: {external: true, file: x}}\ninclude: 5\n',
    'services:\n  a:\n    <<: [1, 2]\n    image: x\n',
    'x-a: &a {b: *a}\n',
    'services:\n  web:\n    image: ${\n',
  ];
  for (const doc of docs) {
    it(JSON.stringify(doc.slice(0, 40)), async () => {
      const { p } = await load({ 'compose.yaml': doc });
      expect(Array.isArray(p.diagnostics)).toBe(true);
      for (const d of p.diagnostics) expect(d.start.line).toBeGreaterThan(0);
    });
  }
});
