// `npm run bench`: throughput of the parsers and matcher over the external corpora, and CLI cold start.
// Numbers are printed, never asserted: speed targets live here, not in unit tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corporaDir, findFiles, fmt, repoRoot, row, time } from './util.mjs';

const dist = (p) => join(repoRoot, 'dist', p);
const { parseDockerfile } = await import(dist('parse/dockerfile/index.js'));
const { parseShell } = await import(dist('parse/shell/index.js'));
const { parseDockerignore, createMatcher } = await import(dist('parse/dockerignore/index.js'));

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
console.log(`dockwright bench — node ${process.version}, ${ITERATIONS} iterations, corpora: ${corporaDir}\n`);

if (!existsSync(corporaDir)) {
  console.error(`!! corpora not found at ${corporaDir}; set DOCKWRIGHT_CORPORA`);
  process.exit(2);
}

const isDockerfile = (name) =>
  /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || name.endsWith('.Dockerfile');
const files = findFiles(corporaDir, isDockerfile).map((p) => ({
  path: relative(corporaDir, p),
  text: readFileSync(p, 'utf8'),
}));
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

// Dockerfile parser
{
  const t = time(() => {
    for (const f of files) parseDockerfile(f.text, { path: f.path });
  }, ITERATIONS);
  console.log(`Dockerfile parser (${files.length} files, ${fmt(bytes / 1024)} KiB per pass)`);
  row('median per pass', `${fmt(t.median, 2)} ms`);
  row('files/s', fmt((files.length / t.median) * 1000));
  row('MB/s', fmt(bytes / 1e6 / (t.median / 1000), 1));
}

// Shell layer over every shell-form RUN and heredoc body
{
  const commands = [];
  for (const f of files) {
    const ast = parseDockerfile(f.text, { path: f.path });
    const visit = (ins) => {
      if (ins.keyword === 'ONBUILD' && ins.trigger) visit(ins.trigger);
      if (ins.keyword !== 'RUN') return;
      if (ins.command) commands.push(ins.command);
      for (const h of ins.heredocs) commands.push(h.body);
    };
    ast.instructions.forEach(visit);
  }
  const shellBytes = commands.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
  const t = time(() => {
    for (const c of commands) parseShell(c);
  }, ITERATIONS);
  console.log(`\nShell layer (${commands.length} RUN commands, ${fmt(shellBytes / 1024)} KiB per pass)`);
  row('median per pass', `${fmt(t.median, 2)} ms`);
  row('commands/s', fmt((commands.length / t.median) * 1000));
  row('MB/s', fmt(shellBytes / 1e6 / (t.median / 1000), 1));
}

// .dockerignore matcher: a realistic 30-pattern file over 100k paths
{
  const ignore = [
    '.git',
    '.gitignore',
    'node_modules',
    '**/node_modules',
    'npm-debug.log*',
    'yarn-error.log',
    'coverage',
    '.nyc_output',
    'dist',
    'build',
    '**/*.log',
    '**/.DS_Store',
    '.env',
    '.env.*',
    '!.env.example',
    '**/__pycache__',
    '**/*.py[cod]',
    '.venv',
    'venv',
    '.pytest_cache',
    '.mypy_cache',
    'target',
    '**/*.swp',
    'docs/**/*.md',
    '!docs/README.md',
    'tmp',
    '*.tar.gz',
    'Dockerfile*',
    'compose*.yaml',
    '.idea',
  ].join('\n');
  const { patterns } = parseDockerignore(ignore, '.dockerignore');
  const matcher = createMatcher(patterns);
  const base = findFiles(corporaDir, () => true).map((p) => relative(corporaDir, p));
  const paths = [];
  for (let i = 0; paths.length < 100_000; i++)
    for (const p of base) paths.push(i % 3 === 0 ? `node_modules/pkg${i}/${p}` : `src/m${i}/${p}`);
  paths.length = 100_000;
  let excluded = 0;
  const t = time(
    () => {
      excluded = 0;
      for (const p of paths) if (matcher.matches(p)) excluded++;
    },
    Math.max(3, Math.floor(ITERATIONS / 4)),
  );
  console.log(
    `\n.dockerignore matcher (${patterns.length} patterns, ${fmt(paths.length)} paths, ${fmt(excluded)} excluded)`,
  );
  row('median per pass', `${fmt(t.median, 2)} ms`);
  row('matches/s', fmt((paths.length / t.median) * 1000));
}

// Whole review: every rule of the production profile, one walk per file
{
  const { lintDockerfile, resolveRules, DEFAULT_CONFIG, dockerfileRules } = await import(dist('index.js'));
  const rules = resolveRules(dockerfileRules, DEFAULT_CONFIG, 'production');
  let findings = 0;
  const t = time(
    () => {
      findings = 0;
      for (const f of files) findings += lintDockerfile(f.text, { path: f.path, rules }).diagnostics.length;
    },
    Math.max(3, Math.floor(ITERATIONS / 4)),
  );
  console.log(
    `\nLint (${rules.length} rules, production profile, ${files.length} files, ${fmt(findings)} findings)`,
  );
  row('median per pass', `${fmt(t.median, 2)} ms`);
  row('files/s (warm)', fmt((files.length / t.median) * 1000));
}

// CLI cold start
{
  const bin = join(repoRoot, 'bin/dockwright.js');
  const runs = 15;
  const measure = (args) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(runs / 2)];
  };
  const node = measure(['-e', '0']);
  const version = measure([bin, '--version']);
  const example = join(repoRoot, 'examples/node-express/Dockerfile');
  const lintOne = measure([bin, 'lint', example, '--failure-threshold', 'none', '--no-color']);
  console.log(`\nCLI cold start (median of ${runs})`);
  row('node -e 0 (baseline)', `${fmt(node, 1)} ms`);
  row('dockwright --version', `${fmt(version, 1)} ms (+${fmt(version - node, 1)} ms over node)`);
  row('dockwright lint <one Dockerfile>', `${fmt(lintOne, 1)} ms (+${fmt(lintOne - node, 1)} ms over node)`);
  execFileSync(process.execPath, [bin, '--version']);
}

// Other modules add their own bench scripts next to this one.
for (const extra of ['compose.mjs', 'detect.mjs', 'image.mjs', 'init.mjs']) {
  const script = join(repoRoot, 'bench', extra);
  if (!existsSync(script)) continue;
  console.log('');
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
