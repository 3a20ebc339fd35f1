// Image analyzer throughput: a generated ~1 GB docker-save archive with many files, analysed end to end
// (read + secret scan + all analyses). Prints MB/s of archive input and peak RSS of the analysing process.
// Targets (issue 8): >= 300 MB/s uncompressed input, peak RSS < 200 MB independent of image size.
// The archive is generated once in the OS temp dir and reused (DW_BENCH_IMAGE_MB to change its size).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(repoRoot, 'dist', p);
const TARGET_MB = Number(process.env.DW_BENCH_IMAGE_MB ?? 1024);
const VERSION = 2; // bump when the generated content changes
const archive = join(tmpdir(), `dockwright-bench-image-${TARGET_MB}mb-v${VERSION}.tar`);

async function generate(path) {
  const { tarHeader, tarPadding, TAR_END } = await import(dist('image/tar-writer.js'));
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  const write = (b) => writeSync(fd, b);
  const pool = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < pool.length; i++) pool[i] = (i * 2654435761) >>> 24; // binary-ish, has NULs
  const text = Buffer.from(
    'export function handler(req, res) {\n  const value = req.query.value ?? "default";\n  res.end(JSON.stringify({ value }));\n}\n'.repeat(
      20000,
    ),
  );
  const layers = 8;
  const bytesPerLayer = (TARGET_MB * 1024 * 1024) / layers;
  const diffIds = [];
  const layerPaths = [];
  const history = [];
  let seed = 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  // Each layer is written inside the outer tar as <id>/layer.tar; its size must be known first, so
  // build the layer's entry list, compute its size, then stream it.
  for (let l = 0; l < layers; l++) {
    const entries = [];
    let size = 0;
    let n = 0;
    while (size < bytesPerLayer) {
      const isText = n % 3 === 0;
      const fsize = isText ? 1000 + (rand() % 30000) : 2000 + (rand() % 60000);
      const name = `${l === 0 ? 'usr/lib' : 'app'}/l${l}/d${n % 97}/f${n}.${isText ? 'js' : 'bin'}`;
      entries.push({ name, size: fsize, text: isText, off: rand() % (1024 * 1024) });
      size += 512 + Math.ceil(fsize / 512) * 512;
      n++;
    }
    if (l > 0) {
      // Overwrite and delete some files of the layer below (wasted space).
      for (let k = 0; k < 200; k++)
        entries.push({ name: `app/l${l - 1 || 1}/d${k % 97}/.wh.f${k}.bin`, size: 0 });
    }
    const tarSize = size + entries.filter((e) => e.size === 0).length * 512 + 1024;
    const id = createHash('sha256').update(`layer${l}`).digest('hex');
    layerPaths.push(`${id}/layer.tar`);
    write(tarHeader({ name: `${id}/`, type: 'dir' }));
    write(tarHeader({ name: `${id}/layer.tar`, size: tarSize }));
    const h = createHash('sha256');
    let written = 0;
    const emit = (b) => {
      h.update(b);
      write(b);
      written += b.length;
    };
    for (const e of entries) {
      emit(tarHeader({ name: e.name, size: e.size, mode: 0o644 }));
      if (e.size === 0) continue;
      const src = e.text ? text : pool;
      emit(src.subarray(e.off, e.off + e.size));
      emit(tarPadding(e.size));
    }
    emit(TAR_END);
    if (written !== tarSize) throw new Error(`size mismatch ${written} ${tarSize}`);
    write(tarPadding(tarSize));
    diffIds.push(`sha256:${h.digest('hex')}`);
    history.push({ created_by: `RUN generate layer ${l} # buildkit` });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: '1000' },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history,
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  for (const [name, content] of [
    [configName, config],
    [
      'manifest.json',
      Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ['bench/image:1'], Layers: layerPaths }])),
    ],
  ]) {
    write(tarHeader({ name, size: content.length }));
    write(content);
    write(tarPadding(content.length));
  }
  write(TAR_END);
  closeSync(fd);
  renameSync(tmp, path);
}

async function child(path) {
  const { readImage, contentScanner, analyzeModel } = await import(dist('image/index.js'));
  const size = statSync(path).size;
  const t0 = process.hrtime.bigint();
  const scanner = contentScanner();
  const model = await readImage(path, scanner.hooks);
  const t1 = process.hrtime.bigint();
  const report = analyzeModel(model, { facts: scanner.facts() });
  const t2 = process.hrtime.bigint();
  const bare0 = process.hrtime.bigint();
  await readImage(path);
  const bare1 = process.hrtime.bigint();
  const s = (a, b) => Number(b - a) / 1e9;
  console.log(
    JSON.stringify({
      size,
      files: report.layers.fileCount,
      entries: model.layers.reduce((n, l) => n + l.entries.length, 0),
      layers: model.layers.length,
      read: s(t0, t1),
      analyse: s(t1, t2),
      readOnly: s(bare0, bare1),
      scanned: report.scanned,
      wasted: report.waste.wastedBytes,
      findings: report.findings.length,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
} else {
  if (!existsSync(dist('image/index.js'))) {
    console.error('!! dist/ is missing: run npm run build first');
    process.exit(2);
  }
  if (!existsSync(archive)) {
    const t = Date.now();
    console.log(`generating ${archive} (~${TARGET_MB} MB)…`);
    await generate(archive);
    console.log(`  generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', archive], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  const mb = m.size / 1e6;
  const row = (label, value) => console.log(`  ${label.padEnd(34)} ${value}`);
  console.log(`\nImage analyzer (${archive})`);
  row(
    'archive',
    `${mb.toFixed(0)} MB, ${m.layers} layers, ${m.entries.toLocaleString('en-US')} entries, ${m.files.toLocaleString('en-US')} final files`,
  );
  row('read + content scan', `${m.read.toFixed(2)} s — ${(mb / m.read).toFixed(0)} MB/s`);
  row('analyses (pure)', `${(m.analyse * 1000).toFixed(0)} ms`);
  row('end to end', `${(mb / (m.read + m.analyse)).toFixed(0)} MB/s (target >= 300)`);
  row('read only (no hooks)', `${m.readOnly.toFixed(2)} s — ${(mb / m.readOnly).toFixed(0)} MB/s`);
  row(
    'secret-scanned',
    `${m.scanned.files.toLocaleString('en-US')} files, ${(m.scanned.bytes / 1e6).toFixed(0)} MB`,
  );
  row('peak RSS', `${(m.maxRssKb / 1024).toFixed(0)} MB (target < 200)`);
}
