import { describe, expect, it } from 'vitest';
import {
  analyzeModel,
  contentScanner,
  detectLanguage,
  redactSecrets,
  scanText,
  wasteReport,
} from '../../src/image/analyses/index.js';
import { readImage } from '../../src/image/read.js';
import { AWS_KEY, cleanImage, GH_TOKEN, kitchenSink, NPM_TOKEN, PEM } from './fixtures.js';
import {
  bytes,
  classicArchive,
  compress,
  dir,
  file,
  type ImageSpec,
  ociLayout,
  opaque,
  whiteout,
  writeLayoutDir,
  writeTemp,
} from './helpers.js';

async function analyze(spec: ImageSpec) {
  const scanner = contentScanner();
  const model = await readImage(writeTemp(classicArchive(spec)), scanner.hooks);
  return { model, report: analyzeModel(model, { facts: scanner.facts() }) };
}

const lines = (report: Awaited<ReturnType<typeof analyze>>['report']) =>
  report.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`);

describe('analyses', () => {
  it('kitchen-sink image: exact findings, secrets masked everywhere', async () => {
    const { report } = await analyze(kitchenSink);
    expect(lines(report)).toEqual([
      'error image/secret-in-env: ENV DB_PASSWORD looks like a secret: **************',
      'error image/secret-in-env: ENV GITHUB_TOKEN holds a GitHub personal access token: ghp_****************',
      'error image/secret-in-file: AWS access key ID in /app/config.js:1 (layer 2): AKIA****************',
      'error image/secret-in-file: Private key in /root/.ssh/id_rsa:1 (layer 2, removed later but still in that layer): -----BEGIN … PRIVATE KEY----- (redacted)',
      'error image/secret-in-history: build arg NPM_TOKEN is recorded in the image history (step 3): npm_****************',
      'warning image/build-toolchain: build toolchain in the final image: gcc (/usr/bin/gcc-12, /usr/bin/gcc)',
      'warning image/git-directory: git repository in the image: /app/.git (21 B)',
      'warning image/no-healthcheck: the image has no HEALTHCHECK',
      'warning image/package-cache: apt lists left in the image: 1 file, 3.00 kB (/var/lib/apt/lists)',
      'warning image/package-cache: npm cache left in the image: 1 file, 4.00 kB (/root/.npm/_cacache/index)',
      'warning image/runs-as-root: the container runs as root (no USER is set)',
      'warning image/sensitive-file: credential file /app/.env in layer 2',
      'warning image/sensitive-file: credential file /root/.ssh/id_rsa in layer 2 (deleted later, but still in the layer)',
      'warning image/shell-form-entrypoint: CMD is in shell form (/bin/sh -c node server.js)',
      'warning image/wasted-space: 2.10 MB of files are overwritten or deleted by later layers (efficiency 1.5 %): /app/big.bin (2.10 MB), /root/.ssh/id_rsa (304 B)',
      'warning image/world-writable: 1 world-writable path: /data',
      'info image/exposed-ports: exposed ports: 8080/tcp',
      'info image/missing-oci-labels: missing OCI labels: version, revision, created, title, description, licenses (present: source)',
      'info image/package-manager-present: a package manager is present (apt)',
      'info image/setuid-files: 1 setuid file (/usr/bin/passwd)',
      'info image/shell-present: a shell is present (/bin/sh)',
    ]);
    for (const f of report.findings) {
      expect(f.file).toMatch(/image\.tar$/);
      expect(f.start).toEqual({ line: 1, column: 1 });
      expect(f.range).toEqual({ start: 0, end: 0 });
    }
    const text = JSON.stringify(report);
    for (const secret of [
      AWS_KEY,
      GH_TOKEN,
      NPM_TOKEN,
      'hunter2hunter2',
      '0123456789abcdef',
      'MIIEowIBAAKCAQEA',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(report.layers.layers[1]!.createdBy).toBe(
      'RUN |1 NPM_TOKEN=npm_**************** /bin/sh -c npm ci # buildkit',
    );
    expect(report.layers.layers[1]!.emptySteps).toEqual(['ARG NPM_TOKEN']);
    expect(report.config.language).toBe('node');
  });

  it('a clean image has no findings', async () => {
    const { report } = await analyze(cleanImage);
    expect(lines(report)).toEqual([]);
    expect(report.config).toMatchObject({
      root: false,
      healthcheck: true,
      shellForm: false,
      labels: { missing: [] },
    });
  });

  it('efficiency: whiteouts, opaque dirs and overwrites; differs from dive where dive double-counts', async () => {
    const spec: ImageSpec = {
      layers: [
        {
          entries: [
            file('app/old.txt', bytes(100)),
            file('cache/a', bytes(10)),
            file('cache/b', bytes(20)),
            file('etc/os-release', bytes(10)),
          ],
        },
        { entries: [whiteout('app/old.txt'), file('app/server.js', bytes(14))] },
        {
          entries: [
            dir('cache'),
            opaque('cache'),
            file('cache/c', bytes(5)),
            file('app/server.js', bytes(15)),
          ],
        },
      ],
    };
    const model = await readImage(writeLayoutDir(ociLayout([spec])));
    const w = wasteReport(model);
    expect({ total: w.totalBytes, kept: w.keptBytes, wasted: w.wastedBytes }).toEqual({
      total: 174,
      kept: 30,
      wasted: 144,
    });
    expect(w.efficiency).toBeCloseTo(30 / 174, 10);
    expect(w.files.map((f) => [f.path, f.wastedBytes, f.copies, f.how, f.layers])).toEqual([
      ['/app/old.txt', 100, 1, 'deleted', [0]],
      ['/cache/b', 20, 1, 'deleted', [0]],
      ['/app/server.js', 14, 2, 'overwritten', [1]],
      ['/cache/a', 10, 1, 'deleted', [0]],
    ]);
    // dive: Σmin/Σcumulative = (14 + 15 untouched) / (159 + 15); wasted counts the kept server.js copy too.
    expect(w.dive.wastedBytes).toBe(159);
    expect(w.dive.efficiency).toBeCloseTo(29 / 174, 10);
    expect(w.wastedUserRatio).toBeCloseTo(144 / 34, 10);
  });

  it('an empty image has efficiency 1 (no division by zero)', async () => {
    const model = await readImage(writeLayoutDir(ociLayout([{ layers: [{ entries: [dir('app')] }] }])));
    expect(wasteReport(model)).toMatchObject({
      totalBytes: 0,
      wastedBytes: 0,
      efficiency: 1,
      wastedUserRatio: 0,
    });
  });

  it('detects a Go binary entrypoint and flags a size over the Go target', async () => {
    const go = new Uint8Array(31_000_000);
    go.set([0x7f, 0x45, 0x4c, 0x46]);
    go.set(Buffer.from('\xff Go buildinf:', 'latin1'), 20_000_000);
    const spec: ImageSpec = {
      config: {
        User: '65534',
        Entrypoint: ['/server'],
        Healthcheck: { Test: ['CMD', '/server', 'health'] },
        Labels: {},
      },
      layers: [{ compression: 'gzip', entries: [file('server', go, { mode: 0o755 })] }],
    };
    const scanner = contentScanner();
    const model = await readImage(writeLayoutDir(ociLayout([spec])), scanner.hooks);
    expect(detectLanguage(model, scanner.facts())).toEqual({
      language: 'go',
      evidence: '/server is a Go binary',
    });
    const report = analyzeModel(model, { facts: scanner.facts() });
    expect(lines(report).filter((l) => l.includes('size'))).toEqual([
      'warning image/size-over-target: the image is 31.0 MB; a go image should be 10.0 MB–30.0 MB (/server is a Go binary)',
    ]);
  });

  it('a named USER that /etc/passwd maps to uid 0 runs as root', async () => {
    const { report } = await analyze({
      config: { User: 'admin' },
      layers: [
        { entries: [file('etc/passwd', 'root:x:0:0::/root:/bin/sh\nadmin:x:0:0::/home/admin:/bin/sh\n')] },
      ],
    });
    expect(lines(report).filter((l) => l.includes('root'))).toEqual([
      'warning image/runs-as-root: the container runs as root (USER admin has uid 0 in /etc/passwd)',
    ]);
  });

  it('secret rules: test fixtures inside language runtimes are allowed, app files are not', async () => {
    const { report } = await analyze({
      config: { User: '1000' },
      layers: [
        {
          entries: [
            file('usr/local/lib/python3.12/test/certdata/keycert.pem', PEM),
            file('usr/lib/python3/dist-packages/cryptography/tests/key.pem', PEM),
            file('usr/local/go/src/crypto/tls/testdata/key.pem', PEM),
            file('app/node_modules/x/test/fixture.pem', PEM),
            file('app/key.pem', PEM),
          ],
        },
      ],
    });
    expect(lines(report).filter((l) => l.includes('secret'))).toEqual([
      'error image/secret-in-file: Private key in /app/key.pem:1 (layer 1): -----BEGIN … PRIVATE KEY----- (redacted)',
    ]);
  });

  it('recognises token formats and ignores placeholders', () => {
    const text = [
      `aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq4uRnd8Ff"`,
      `slack: xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`,
      'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'glpat-Ab3dEf6hIj9kLm2nOp5q',
      '//registry.npmjs.org/:_authToken=abcdef0123456789',
      'AKIAIOSFODNN7EXAMPLE',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an .npmrc line, not a template
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    ].join('\n');
    expect(scanText(text).map((m) => `${m.rule}:${m.line}:${m.masked}`)).toEqual([
      'aws-secret-access-key:1:****************',
      'gitlab-pat:4:glpa****************',
      'slack-token:2:xoxb****************',
      'stripe-secret-key:3:sk_l****************',
      'npmrc-auth-token:5:****************',
    ]);
    expect(redactSecrets(`RUN |2 GITHUB_TOKEN=${GH_TOKEN} MODE=prod /bin/sh -c make`)).toBe(
      'RUN |2 GITHUB_TOKEN=ghp_**************** MODE=prod /bin/sh -c make',
    );
  });

  it('test and docs folders, caches under home directories, a standalone node-gyp', async () => {
    const { report } = await analyze({
      config: { User: '1000', Healthcheck: { Test: ['CMD', 'true'] } },
      layers: [
        {
          entries: [
            file('app/tests/test_api.py', 'def test(): pass\n'),
            file('app/docs/index.md', '# docs\n'),
            file('home/app/.cache/pip/http/abc', bytes(100)),
            file('usr/local/lib/node_modules/node-gyp/bin/node-gyp.js', '#!/usr/bin/env node\n'),
            file(
              'usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
              '#!/usr/bin/env node\n',
            ),
          ],
        },
      ],
    });
    expect(lines(report).filter((l) => !l.includes('labels'))).toEqual([
      'warning image/build-toolchain: build toolchain in the final image: node-gyp (/usr/local/lib/node_modules/node-gyp/bin/node-gyp.js)',
      'warning image/package-cache: pip cache left in the image: 1 file, 100 B (/home/app/.cache/pip)',
      'info image/test-or-docs: test/docs folders in the application: 2 folders, 24 B (/app/docs, /app/tests)',
    ]);
  });

  it('compression does not change the analysis', async () => {
    const results = [];
    for (const c of ['none', 'gzip', 'zstd'] as const) {
      const scanner = contentScanner();
      const model = await readImage(
        writeLayoutDir(
          ociLayout([{ ...kitchenSink, layers: kitchenSink.layers.map((l) => ({ ...l, compression: c })) }]),
        ),
        scanner.hooks,
      );
      results.push(lines(analyzeModel(model, { facts: scanner.facts() })));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    void compress;
  });
});
