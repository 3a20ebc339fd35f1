import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanImage, kitchenSink } from './fixtures.js';
import { classicArchive, tempDir, writeTemp } from './helpers.js';

const sink = writeTemp(classicArchive(kitchenSink));
const clean = writeTemp(classicArchive(cleanImage));

describe('dockwright analyze', () => {
  it('prints a summary: layer table with bars, top wasted files, findings; exit 1 on errors by default', async () => {
    const r = await runCli(['analyze', sink]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dockwright analyze acme/shop:1.2.3 (docker-archive, linux/amd64)');
    expect(r.stdout).toContain(
      'size 2.13 MB (stored 2.15 MB, final filesystem 31.5 kB) · 15 files · 3 layers',
    );
    expect(r.stdout).toMatch(
      /Layers\n\s+#\s+size\s+\+\s+~\s+-\s+command\n\s+1\s+27.1 kB\s+▎\s+9\s+0\s+0\s+ADD rootfs.tar \/\n/,
    );
    expect(r.stdout).toMatch(
      /\n\s+2\s+2.10 MB\s+█{20}\s+8\s+0\s+0\s+RUN \|1 NPM_TOKEN=npm_\*{16} \/bin\/sh -/,
    );
    expect(r.stdout).toMatch(/\n\s+3\s+0 B\s+0\s+0\s+2\s+RUN rm -rf \/app\/big.bin \/root\/.ssh\/id_rsa\n/);
    expect(r.stdout).toContain('Top wasted files (2.10 MB in 2 paths)');
    expect(r.stdout).toMatch(/2\.10 MB\s+\/app\/big\.bin 1 copy, deleted, layer 2/);
    expect(r.stdout).toContain(
      'error    AWS access key ID in /app/config.js:1 (layer 2): AKIA****************  image/secret-in-file',
    );
    expect(r.stdout).toContain('FAIL  fail-on: 5 findings at or above error');
    expect(r.stdout).toContain('5 errors, 11 warnings, 5 info');
    expect(r.stderr).toBe('');
  });

  it('a clean image passes every gate', async () => {
    const r = await runCli([
      'analyze',
      clean,
      '--fail-on',
      'info',
      '--max-size',
      '1MB',
      '--min-efficiency',
      '0.99',
      '--max-wasted',
      '0',
    ]);
    expect(r.stdout).toContain('pass  max-size: size 1000 B, limit 1.00 MB');
    expect(r.stdout).toContain('pass  min-efficiency: efficiency 100.0 %, minimum 99.0 %');
    expect(r.code).toBe(0);
  });

  it('gates: --max-size, --min-efficiency, --max-wasted (bytes or %), --fail-on', async () => {
    const run = (...args: string[]) => runCli(['analyze', sink, '--fail-on', 'none', ...args]);
    expect((await run()).code).toBe(0);
    const size = await run('--max-size', '1MB');
    expect(size.code).toBe(1);
    expect(size.stdout).toContain('FAIL  max-size: size 2.13 MB, limit 1.00 MB');
    expect((await run('--max-size', '3MB')).code).toBe(0);
    const eff = await run('--min-efficiency', '90%');
    expect(eff.code).toBe(1);
    expect(eff.stdout).toContain('FAIL  min-efficiency: efficiency 1.5 %, minimum 90.0 %');
    expect((await run('--max-wasted', '20MB')).code).toBe(0);
    expect((await run('--max-wasted', '1MiB')).code).toBe(1);
    const pct = await run('--max-wasted', '50%');
    expect(pct.code).toBe(1);
    expect(pct.stdout).toContain('FAIL  max-wasted: wasted 98.5 % of all layer bytes, limit 50.0 %');
    expect((await runCli(['analyze', sink, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli(['analyze', clean, '--fail-on', 'warning'])).code).toBe(0);
  });

  it('--format json and sarif', async () => {
    const j = await runCli(['analyze', sink, '--format', 'json', '--fail-on', 'none']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.image.repoTags).toEqual(['acme/shop:1.2.3']);
    expect(report.layers.layers).toHaveLength(3);
    expect(report.waste.wastedBytes).toBe(2097456);
    expect(report.findings).toHaveLength(21);
    expect(report.gates).toEqual([]);
    const s = await runCli(['analyze', sink, '--format', 'sarif']);
    const sarif = JSON.parse(s.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(21);
    expect(results[0]).toMatchObject({ ruleId: 'image/secret-in-env', level: 'error' });
    expect(results[0].locations[0].physicalLocation.region).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
    });
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('image/runs-as-root');
  });

  it('usage and input errors exit 2', async () => {
    expect((await runCli(['analyze'])).code).toBe(2);
    const missing = await runCli(['analyze', './nope.tar']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('./nope.tar: error: no such file or directory');
    const bad = await runCli(['analyze', sink, '--max-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid --max-size 'lots'");
    expect((await runCli(['analyze', sink, '--min-efficiency', '2'])).code).toBe(2);
    expect((await runCli(['analyze', sink, '--fail-on', 'fatal'])).code).toBe(2);
    const notImage = await runCli(['analyze', writeTemp(new Uint8Array(2048).fill(1))]);
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).toContain('error: not a tar archive');
    const engine = await runCli(['analyze', 'acme/none:1'], {
      env: { DOCKER_HOST: `unix://${join(tempDir(), 'no.sock')}` },
    });
    expect(engine.code).toBe(2);
    expect(engine.stderr).toMatch(/cannot reach the Docker engine/);
  });

  it('--html writes a self-contained report; progress only on a TTY', async () => {
    const out = join(tempDir(), 'report.html');
    const r = await runCli(['analyze', sink, '--html', out, '--fail-on', 'none'], { tty: true });
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg id="layer-chart"');
    expect(html).toContain('<svg id="treemap"');
    expect(html).not.toMatch(/(?:src|href)=["']https?:/);
    expect(html).not.toContain('npm_Zq8');
    expect(r.stderr).toContain('HTML report written to');
    const quiet = await runCli(['analyze', sink, '--fail-on', 'none']);
    expect(quiet.stderr).toBe('');
  });

  it('--sbom cyclonedx -o writes an SBOM beside the report', async () => {
    const out = join(tempDir(), 'sbom.json');
    const r = await runCli(['analyze', sink, '--sbom', 'cyclonedx', '-o', out, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
    });
    expect(r.stdout).toContain('dockwright analyze acme/shop:1.2.3');
    const o = await runCli(['analyze', sink, '-o', out]);
    expect(o.code).toBe(2);
  });
});
