import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpora.js';
import { cleanImage } from '../image/fixtures.js';
import { classicArchive } from '../image/helpers.js';

/**
 * Every ```sh block marked `<!-- runnable -->` in README.md and docs/ is executed, line by line, in a fresh copy of
 * examples/node-express (plus `image.tar`, a small `docker save` archive, and `build.log`, a failed build's log),
 * with `dockwright` on PATH running this checkout's CLI. A line's expected exit code is 0, or N when its comment
 * says `exit N`.
 */
interface Example {
  file: string;
  line: number;
  command: string;
  exit: number;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

function runnableBlocks(
  text: string,
): { line: number; commands: { line: number; command: string; exit: number }[] }[] {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '<!-- runnable -->') continue;
    if (lines[i + 1]?.trim() !== '```sh')
      throw new Error(`line ${i + 1}: <!-- runnable --> must be followed by a \`\`\`sh block`);
    const commands = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]?.trim() !== '```'; j++) {
      const raw = lines[j] ?? '';
      if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
      const exit = /\s#.*\bexit (\d+)/.exec(raw);
      commands.push({ line: j + 1, command: raw, exit: exit ? Number(exit[1]) : 0 });
    }
    blocks.push({ line: i + 2, commands });
    i = j;
  }
  return blocks;
}

const pages = [join(repoRoot, 'README.md'), ...markdownFiles(join(repoRoot, 'docs'))];
const blocks = pages.flatMap((file) =>
  runnableBlocks(readFileSync(file, 'utf8')).map((b) => ({ file: relative(repoRoot, file), ...b })),
);
const built = existsSync(join(repoRoot, 'dist/cli/main.js'));

const tmp = mkdtempSync(join(tmpdir(), 'dw-docs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const bin = join(tmp, 'bin');
mkdirSync(bin);
writeFileSync(
  join(bin, 'dockwright'),
  `#!/bin/sh\nexec node ${JSON.stringify(join(repoRoot, 'bin/dockwright.js'))} "$@"\n`,
);
chmodSync(join(bin, 'dockwright'), 0o755);
const archive = classicArchive(cleanImage);
let counter = 0;

function fixture(): string {
  const dir = join(tmp, `ex-${++counter}`);
  cpSync(join(repoRoot, 'examples/node-express'), dir, { recursive: true });
  writeFileSync(join(dir, 'image.tar'), archive);
  cpSync(join(repoRoot, 'test/explain/logs/dependency-install-1.log'), join(dir, 'build.log'));
  return dir;
}

describe('runnable doc examples', () => {
  it('there are some, in the README and the command pages', () => {
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
    expect(blocks.filter((b) => b.file.startsWith('docs/commands/')).length).toBeGreaterThanOrEqual(7);
  });

  it.skipIf(!built).each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s',
    (_, block) => {
      const cwd = fixture();
      for (const { line, command, exit } of block.commands) {
        const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
          cwd,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' },
        });
        const example: Example = { file: block.file, line, command, exit };
        expect(r.status, `${example.file}:${line}: ${command}\n${r.stdout}\n${r.stderr}`).toBe(exit);
      }
    },
    120_000,
  );
});
