// Compose review side by side with dclint on the awesome-compose corpus: wall time and problems found.
// dclint is installed from npm into a temp folder by this script only (never a project dependency).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corporaDir, findFiles, fmt, repoRoot, row } from './util.mjs';

const DCLINT_VERSION = '3.1.0';
const files = findFiles(join(corporaDir, 'awesome-compose'), (name) =>
  /^(docker-)?compose\.ya?ml$/.test(name),
);

function run(cmd, args, cwd) {
  const samples = [];
  let out = '';
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    out = r.stdout;
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[1], out };
}

const distinct = (items) => new Set(items.map((f) => `${f.file}:${f.line}:${f.rule}`)).size;

console.log(
  `Compose review vs dclint ${DCLINT_VERSION} (${files.length} awesome-compose files, median of 3 runs)`,
);

const ours = run(
  process.execPath,
  [join(repoRoot, 'bin/dockwright.js'), 'lint', '--format', 'json', '--no-color', ...files],
  repoRoot,
);
const ourFindings = JSON.parse(ours.out).map((f) => ({ file: f.file, line: f.line, rule: f.ruleId }));
row(
  'dockwright lint (production)',
  `${fmt(ours.ms, 0)} ms, ${fmt(distinct(ourFindings))} distinct problems, ${new Set(ourFindings.map((f) => f.rule)).size} kinds`,
);

const dir = join(tmpdir(), 'dw-bench-dclint');
const bin = join(dir, 'node_modules/.bin/dclint');
try {
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--silent', '--prefix', dir, `dclint@${DCLINT_VERSION}`], {
      stdio: 'ignore',
    });
  }
  // dclint truncates JSON written to a pipe at 64 KiB (it exits before stdout drains): use its -o.
  const report = join(dir, 'report.json');
  const theirs = run(bin, ['-f', 'json', '-o', report, ...files], repoRoot);
  const theirFindings = JSON.parse(readFileSync(report, 'utf8')).flatMap((f) =>
    f.messages.map((m) => ({ file: f.filePath, line: m.line, rule: m.rule })),
  );
  row(
    `dclint ${DCLINT_VERSION}`,
    `${fmt(theirs.ms, 0)} ms, ${fmt(distinct(theirFindings))} distinct problems, ${new Set(theirFindings.map((f) => f.rule)).size} kinds`,
  );
} catch (error) {
  console.log(
    `  !! dclint could not be installed or run (${error instanceof Error ? error.message.split('\n')[0] : error}); comparison skipped`,
  );
}
