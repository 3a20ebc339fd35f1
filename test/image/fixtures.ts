import type { ImageSpec } from './helpers.js';
import { bytes, dir, file, whiteout } from './helpers.js';

// Test credentials, made up for these tests (never real).
export const AWS_KEY = 'AKIAZ7QH2K4M6P3R5T7V';
export const NPM_TOKEN = 'npm_Zq8Lk2Vx9Pw4Rt6Yu1Io3Ep5As7Df0Gh2Jk4';
export const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEAq7Bz'.repeat(8)}\n${'b3BlbnNzaC1rZXktdjEA'.repeat(4)}\n-----END RSA PRIVATE KEY-----\n`;
export const GH_TOKEN = 'ghp_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8';

const exe = { mode: 0o755 };

/** A deliberately bad image: root, secrets, caches, toolchain, setuid, wasted space. */
export const kitchenSink: ImageSpec = {
  tag: 'acme/shop:1.2.3',
  config: {
    Env: [
      'PATH=/usr/local/bin:/usr/bin:/bin',
      'DB_PASSWORD=hunter2hunter2',
      `GITHUB_TOKEN=${GH_TOKEN}`,
      'API_KEY_FILE=/run/secrets/api',
    ],
    Cmd: ['/bin/sh', '-c', 'node server.js'],
    ExposedPorts: { '8080/tcp': {} },
    Labels: { 'org.opencontainers.image.source': 'https://example.com/acme/shop' },
  },
  emptyHistory: [{ before: 1, createdBy: 'ARG NPM_TOKEN' }],
  layers: [
    {
      createdBy: 'ADD rootfs.tar / # buildkit',
      entries: [
        dir('bin'),
        file('bin/sh', bytes(5000), exe),
        dir('usr'),
        dir('usr/bin'),
        file('usr/bin/apt-get', bytes(3000), exe),
        file('usr/bin/passwd', bytes(2000), { mode: 0o4755 }),
        file('usr/bin/gcc-12', bytes(6000), exe),
        { name: 'usr/bin/gcc', type: 'symlink', linkname: 'gcc-12' },
        file('usr/local/bin/node', bytes(8000), exe),
        dir('etc'),
        file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n'),
        dir('var/lib/apt/lists'),
        file(
          'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4',
          bytes(3000),
        ),
        file('var/lib/apt/lists/lock', ''),
        dir('tmp', { mode: 0o1777 }),
        dir('data', { mode: 0o777 }),
      ],
    },
    {
      createdBy: `RUN |1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c npm ci # buildkit`,
      entries: [
        dir('app'),
        file('app/.env', 'API_KEY=0123456789abcdef\n'),
        file('app/config.js', `module.exports = { key: '${AWS_KEY}' };\n`),
        file('app/server.js', 'require("http").createServer().listen(8080)\n'),
        dir('root/.ssh'),
        file('root/.ssh/id_rsa', PEM),
        file('usr/local/lib/python3.12/test/keycert.pem', PEM),
        dir('app/.git'),
        file('app/.git/HEAD', 'ref: refs/heads/main\n'),
        file('app/big.bin', bytes(2 * 1024 * 1024, 0)),
        file('root/.npm/_cacache/index', bytes(4000)),
      ],
    },
    {
      createdBy: 'RUN rm -rf /app/big.bin /root/.ssh/id_rsa # buildkit',
      entries: [dir('app'), whiteout('app/big.bin'), whiteout('root/.ssh/id_rsa')],
    },
  ],
};

/** A clean image: non-root, exec form, healthcheck, labels, nothing to report but info. */
export const cleanImage: ImageSpec = {
  tag: 'acme/clean:1.0',
  config: {
    User: '10001',
    Entrypoint: ['/app/server'],
    Healthcheck: { Test: ['CMD', '/app/server', '-healthcheck'], Interval: 30_000_000_000 },
    Labels: Object.fromEntries(
      ['source', 'version', 'revision', 'created', 'title', 'description', 'licenses'].map((k) => [
        `org.opencontainers.image.${k}`,
        'x',
      ]),
    ),
  },
  layers: [
    {
      createdBy: 'COPY /out/server /app/server # buildkit',
      entries: [dir('app'), file('app/server', bytes(1000), exe)],
    },
  ],
};
