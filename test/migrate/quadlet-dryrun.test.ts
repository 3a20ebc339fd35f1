import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertToQuadlet } from '../../src/migrate/podman.js';
import { loadCompose } from '../../src/parse/compose/loader.js';

/**
 * The real generator: podman ≥ 4.4 ships /usr/libexec/podman/quadlet. Debian 12 (bookworm) has
 * podman 4.3.1, which has no Quadlet, so on this CI image the test skips with a banner.
 */
const QUADLET = process.env.QUADLET_BIN ?? '/usr/libexec/podman/quadlet';
const haveQuadlet = existsSync(QUADLET);
if (!haveQuadlet) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! QUADLET GENERATOR NOT FOUND at ${QUADLET}\n!! The quadlet -dryrun check of generated units is SKIPPED (needs podman >= 4.4, .build/.pod >= 5.0;\n!! Debian 12's podman 4.3.1 has no quadlet). Set QUADLET_BIN to run it.\n${bar}\n`,
  );
}

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe.skipIf(!haveQuadlet)('migrate podman: the real quadlet generator reads the units', () => {
  for (const feature of [
    'ports-env',
    'healthcheck-depends',
    'networks',
    'resources-restart',
    'secrets-configs',
    'build',
    'pod',
  ]) {
    it(feature, async () => {
      const project = await loadCompose({ workingDir: join(fixtures, feature), env: {} });
      const plan = convertToQuadlet(project.model, { pod: feature === 'pod' });
      const dir = mkdtempSync(join(tmpdir(), 'dw-quadlet-'));
      try {
        for (const f of plan.files) if (f.name !== 'README.md') writeFileSync(join(dir, f.name), f.content);
        const out = execFileSync(QUADLET, ['-dryrun', '-user'], {
          env: { ...process.env, QUADLET_UNIT_DIRS: dir },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        for (const f of plan.files.filter((x) => x.name.endsWith('.container')))
          expect(out).toContain(`---${f.name.replace(/\.container$/, '.service')}---`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
