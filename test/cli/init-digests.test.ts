/**
 * `dockwright init --tier 4` pins base and service images by digest. The resolver is injected (no network); the
 * real registry client has its own tests (test/engine/registry*.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInit } from '../../src/cli/commands/init.js';
import { createOutput } from '../../src/cli/io.js';
import { detectProject } from '../../src/detect/index.js';
import type { ResolveDigests } from '../../src/engine/registry/index.js';
import { imagesToPin } from '../../src/generate/pin.js';
import { planSetup } from '../../src/generate/plan.js';
import { fakeDigest } from '../generate/digests-double.js';
import { runCli } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '../detect/fixtures');
const FIXTURE = 'node-express-npm';

function copyFixture(name = FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-init-digests-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** What the tier 4 plan of the fixture pulls, computed independently of the CLI. */
async function tier4Images(dir: string): Promise<string[]> {
  return imagesToPin(planSetup(await detectProject(dir), { tier: 4 }).files);
}

type Options = Record<string, string | boolean | string[]>;

async function init(dir: string, options: Options, resolveDigests?: ResolveDigests) {
  let stdout = '';
  let stderr = '';
  const output = createOutput(
    {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      env: {},
      cwd: dir,
    },
    false,
    false,
  );
  const ctx = { positionals: [dir], options: { yes: true, ...options }, output, format: 'text' };
  let code: number;
  try {
    code = await runInit(ctx, { ...(resolveDigests ? { resolveDigests } : {}), interactive: false });
  } catch (error) {
    // What main() does with an expected error: print it, exit 2.
    const { printError } = await import('../../src/cli/errors.js');
    code = printError(error, output);
  }
  return { code, stdout, stderr };
}

/** A resolver double: fake digests, recording what it was asked. */
function recordingResolver(fail: readonly string[] = []) {
  const asked: string[][] = [];
  const resolve: ResolveDigests = async (images) => {
    asked.push([...images]);
    return {
      resolved: images
        .filter((i) => !fail.includes(i))
        .map((image) => ({ image, digest: fakeDigest(image), source: 'registry' })),
      unresolved: images
        .filter((i) => fail.includes(i))
        .map((image) => ({
          image,
          reasons: [
            'registry: cannot reach registry-1.docker.io: ENOTFOUND',
            'engine: the local image has no repo digest',
          ],
        })),
    };
  };
  return { resolve, asked };
}

const fromLines = (text: string) => text.split('\n').filter((l) => l.startsWith('FROM '));
const composeImages = (text: string) => [...text.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]!);

describe('init --tier 4 pins images by digest', () => {
  it('resolves every image once, writes FROM and compose images with @sha256, and the hardened review has no base-image-digest finding', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    expect(images.length).toBeGreaterThanOrEqual(2);
    const { resolve, asked } = recordingResolver();
    const r = await init(dir, { tier: '4', force: true }, resolve);
    expect(r.stderr).toBe('');
    expect(asked).toEqual([images]);
    for (const image of images)
      expect(r.stdout).toContain(`pinned      ${image}@${fakeDigest(image)} (registry)`);

    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const stageNames = new Set(fromLines(dockerfile).flatMap((l) => /\bAS (\S+)$/i.exec(l)?.[1] ?? []));
    for (const line of fromLines(dockerfile)) {
      const ref = line.split(/\s+/).find((w, i) => i > 0 && !w.startsWith('--'))!;
      if (stageNames.has(ref)) continue;
      const [image, digest] = ref.split('@');
      expect(images, line).toContain(image);
      expect(digest, line).toBe(fakeDigest(image!));
    }
    const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    const serviceImages = composeImages(compose);
    expect(serviceImages.length).toBeGreaterThan(0);
    for (const ref of serviceImages)
      expect(ref).toBe(`${ref.split('@')[0]}@${fakeDigest(ref.split('@')[0]!)}`);
    // Nothing about digests is saved: the files carry them.
    expect(readFileSync(join(dir, '.dockwright.yaml'), 'utf8')).not.toContain('sha256');

    const lint = await runCli([
      'lint',
      dir,
      '--profile',
      'hardened',
      '--format',
      'json',
      '--failure-threshold',
      'none',
    ]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toContain('base-image-digest');
    // The same review on the unpinned plan does flag them: the check above can fail.
    const unpinned = copyFixture();
    await init(unpinned, { tier: '4', force: true, 'no-pin-digests': true });
    const before = await runCli([
      'lint',
      unpinned,
      '--profile',
      'hardened',
      '--format',
      'json',
      '--failure-threshold',
      'none',
    ]);
    expect(before.stdout).toContain('base-image-digest');
  });

  it('a re-run with the same digests is byte-identical; a moved tag shows up as a differing Dockerfile', async () => {
    const dir = copyFixture();
    expect((await init(dir, { tier: '4', force: true }, recordingResolver().resolve)).code).not.toBe(2);
    const first = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const again = await init(dir, {}, recordingResolver().resolve);
    expect(again.stdout).toMatch(/identical\s+Dockerfile/);
    expect(again.stdout).not.toMatch(/created|overwritten|updated/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(first);

    const moved: ResolveDigests = async (images) => ({
      resolved: images.map((image) => ({ image, digest: fakeDigest(`${image}-moved`), source: 'registry' })),
      unresolved: [],
    });
    const later = await init(dir, {}, moved);
    expect(later.code).toBe(2);
    expect(later.stderr).toContain('already exist and differ: Dockerfile, compose.yaml');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(first);
  });

  it('unresolvable images: exit 2 naming each image and why, with the remedies; nothing is written', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    const r = await init(dir, { tier: '4', force: true }, recordingResolver([images[0]!]).resolve);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot pin 1 of ${images.length} images by digest`);
    expect(r.stderr).toContain(
      `  ${images[0]}\n    registry: cannot reach registry-1.docker.io: ENOTFOUND\n    engine: the local image has no repo digest`,
    );
    expect(r.stderr).toContain('--digest <image>=sha256:');
    expect(r.stderr).toContain('--no-pin-digests');
    expect(() => readFileSync(join(dir, 'compose.yaml'))).toThrow();
  });

  it('--digest supplies digests offline: only the others are resolved, the given ones are used as is', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    const mine = `sha256:${'a'.repeat(64)}`;
    const { resolve, asked } = recordingResolver();
    const r = await init(dir, { tier: '4', force: true, digest: [`${images[0]}=${mine}`] }, resolve);
    expect(asked).toEqual([images.slice(1)]);
    expect(r.stdout).toContain(`pinned      ${images[0]}@${mine} (--digest)`);
    const all = `${readFileSync(join(dir, 'Dockerfile'), 'utf8')}${readFileSync(join(dir, 'compose.yaml'), 'utf8')}`;
    expect(all).toContain(`${images[0]}@${mine}`);
  });

  it('through the real argument parser: every image given with --digest needs no resolver at all', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    const args = images.flatMap((i) => ['--digest', `${i}=${fakeDigest(i)}`]);
    const r = await runCli([
      'init',
      dir,
      '--tier',
      '4',
      '--yes',
      '--force',
      ...args,
      '--digest',
      `busybox:1=${fakeDigest('x')}`,
    ]);
    expect(r.stderr).toContain('warning: --digest for busybox:1: not an image of this setup');
    expect(r.stdout).not.toContain('error');
    for (const i of images) expect(r.stdout).toContain(`${i}@${fakeDigest(i)} (--digest)`);
  });

  it('--no-pin-digests writes the images unpinned, says so, and does not count them as self-check findings', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    const r = await runCli(['init', dir, '--tier', '4', '--yes', '--force', '--no-pin-digests']);
    expect(r.stderr).toContain(
      `note: ${images.length} images left unpinned (--no-pin-digests): ${images.join(', ')}`,
    );
    expect(r.stdout).not.toContain('[base-image-digest]');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).not.toContain('@sha256:');
  });

  it('--dry-run and --format json resolve too and show the digests', async () => {
    const dir = copyFixture();
    const images = await tier4Images(dir);
    const dry = await init(dir, { tier: '4', 'dry-run': true }, recordingResolver().resolve);
    expect(dry.stdout).toContain(`FROM ${images[0]}@${fakeDigest(images[0]!)}`);
    let json = '';
    const output = createOutput(
      {
        stdout: { write: (s: string) => (json += s), isTTY: false },
        stderr: { write: () => true, isTTY: false },
        env: {},
        cwd: dir,
      },
      false,
      false,
    );
    await runInit(
      { positionals: [dir], options: { tier: '4' }, output, format: 'json' },
      { resolveDigests: recordingResolver().resolve },
    );
    const parsed = JSON.parse(json) as {
      digests: { image: string; digest: string; source: string }[];
      unpinned: string[];
    };
    expect(parsed.digests).toEqual(
      images.map((image) => ({ image, digest: fakeDigest(image), source: 'registry' })),
    );
    expect(parsed.unpinned).toEqual([]);
  });

  it.each([
    [['--tier', '2', '--pin-digests'], '--pin-digests applies at tier 4'],
    [['--tier', '2', '--digest', `node:20=sha256:${'a'.repeat(64)}`], '--digest applies at tier 4'],
    [['--tier', '4', '--pin-digests', '--no-pin-digests'], 'contradict each other'],
    [['--tier', '4', '--digest', 'node:20'], "invalid --digest 'node:20'"],
    [['--tier', '4', '--digest', 'node:20=sha256:abc'], 'invalid --digest'],
    [
      ['--tier', '4', '--digest', `node:20@sha256:${'a'.repeat(64)}=sha256:${'a'.repeat(64)}`],
      'invalid --digest',
    ],
  ])('usage errors: %j', async (args, message) => {
    const dir = copyFixture();
    const r = await runCli(['init', dir, '--yes', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
