import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBake, planBuildah } from '../../src/migrate/buildah.js';
import { runCli } from '../helpers/cli.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'buildah');

describe('migrate buildah', () => {
  it('keeps HEALTHCHECK/STOPSIGNAL with --format docker, passes secrets, keeps the layer cache', async () => {
    const plan = await planBuildah(join(fixtures, 'simple'));
    expect(plan.targets).toHaveLength(1);
    const t = plan.targets[0]!;
    expect(t.dockerOnly).toEqual(['HEALTHCHECK', 'STOPSIGNAL']);
    expect(t.cacheMounts).toEqual(['/root/.npm']);
    expect(t.command).toBe(
      'buildah build --layers --format docker -f Dockerfile "id=npmrc,src=$SECRETS_DIR/npmrc" -t localhost/simple .'.replace(
        '"id=npmrc',
        '--secret "id=npmrc',
      ),
    );
    expect(plan.script).toContain('set -euo pipefail');
    expect(plan.notes.join('\n')).toMatch(/OCI format drops them/);
  });

  it('reads docker-bake.hcl targets: platforms → --manifest, args, secrets, target; reports the rest', async () => {
    const plan = await planBuildah(join(fixtures, 'bake'));
    expect(plan.targets.map((t) => t.name)).toEqual(['api']);
    const t = plan.targets[0]!;
    expect(t.argv).toEqual([
      'buildah',
      'build',
      '--layers',
      '-f',
      'api/Dockerfile',
      '--target',
      'build',
      '--build-arg',
      'GO_VERSION=1.23',
      '--secret',
      'id=gh,env=GITHUB_TOKEN',
      '--ssh',
      'default',
      '--platform',
      'linux/amd64,linux/arm64',
      '--manifest',
      'registry.example.com/api:1',
      'api',
    ]);
    expect(plan.unsupported.map((u) => u.reason).join('\n')).toMatch(/variable "TAG"[\s\S]*cache-to/);
  });

  it('parses plain HCL and refuses interpolation', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation under test
    const b = parseBake('target "a" {\n  tags = ["x:${TAG}"]\n  context = "."\n}\n');
    expect(b.targets[0]!.context).toBe('.');
    expect(b.unsupported.join()).toMatch(/interpolation/);
  });

  describe('CLI', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dw-buildah-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    it('prints commands, writes an executable script, never overwrites without --force', async () => {
      const r = await runCli(['migrate', 'buildah', join(fixtures, 'simple'), '--out', tmp]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('buildah build --layers --format docker');
      const script = join(tmp, 'buildah-build.sh');
      expect(statSync(script).mode & 0o111).not.toBe(0);
      expect(readFileSync(script, 'utf8')).toMatch(/cd "\$\(dirname "\$0"\)\/.*simple"/);
      expect((await runCli(['migrate', 'buildah', join(fixtures, 'simple'), '--out', tmp])).code).toBe(2);
      expect(
        (await runCli(['migrate', 'buildah', join(fixtures, 'simple'), '--out', tmp, '--force'])).code,
      ).toBe(0);
    });
    it('--dry-run --format json writes nothing', async () => {
      const out = join(tmp, 'dry');
      const r = await runCli([
        'migrate',
        'buildah',
        join(fixtures, 'bake'),
        '--out',
        out,
        '--dry-run',
        '--format',
        'json',
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).targets[0].platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(existsSync(out)).toBe(false);
    });
  });
});
