import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import pc from 'picocolors';
import { SEVERITY_ORDER, type Severity } from '../../core/diagnostic.js';
import { InputError, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/fs.js';
import {
  analyzeModel,
  combineHooks,
  contentScanner,
  formatBytes,
  type ImageReport,
} from '../../image/analyses/index.js';
import { readImageFromEngine, readImageFromPodman } from '../../image/engine.js';
import type { ImageModel, ReadImageOptions } from '../../image/model.js';
import { readImage } from '../../image/read.js';
import { renderHtmlReport } from '../../image/report/html.js';
import { renderSarif } from '../../image/report/sarif.js';
import { renderText } from '../../image/report/text.js';
import type { CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../io.js';
import { version } from '../main.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `500MB`, `1.5GiB`, `20 mb`, `1048576` → bytes (decimal units like dive/go-humanize, binary with `i`). */
export function parseSize(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new UsageError(`invalid ${flag} '${value}'`, 'Write a size such as 500MB, 1.5GB or 200MiB.');
  return Math.round(Number(m[1]) * unit);
}

function parseRatio(value: string, flag: string): number {
  const pct = value.trim().endsWith('%');
  const n = Number(value.trim().replace(/%$/, ''));
  const r = pct ? n / 100 : n;
  if (!Number.isFinite(r) || r < 0 || r > 1)
    throw new UsageError(
      `invalid ${flag} '${value}'`,
      'Write a ratio between 0 and 1 (0.9) or a percentage (90%).',
    );
  return r;
}

interface Gate {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

function gates(report: ImageReport, options: CommandContext['options']): Gate[] {
  const out: Gate[] = [];
  if (typeof options['max-size'] === 'string') {
    const max = parseSize(options['max-size'], '--max-size');
    out.push({
      name: 'max-size',
      ok: report.layers.totalSize <= max,
      detail: `size ${formatBytes(report.layers.totalSize)}, limit ${formatBytes(max)}`,
    });
  }
  if (typeof options['min-efficiency'] === 'string') {
    const min = parseRatio(options['min-efficiency'], '--min-efficiency');
    out.push({
      name: 'min-efficiency',
      ok: report.waste.efficiency >= min,
      detail: `efficiency ${(report.waste.efficiency * 100).toFixed(1)} %, minimum ${(min * 100).toFixed(1)} %`,
    });
  }
  if (typeof options['max-wasted'] === 'string') {
    const v = options['max-wasted'];
    if (v.trim().endsWith('%')) {
      const max = parseRatio(v, '--max-wasted');
      const ratio = report.waste.totalBytes === 0 ? 0 : report.waste.wastedBytes / report.waste.totalBytes;
      out.push({
        name: 'max-wasted',
        ok: ratio <= max,
        detail: `wasted ${(ratio * 100).toFixed(1)} % of all layer bytes, limit ${(max * 100).toFixed(1)} %`,
      });
    } else {
      const max = parseSize(v, '--max-wasted');
      out.push({
        name: 'max-wasted',
        ok: report.waste.wastedBytes <= max,
        detail: `wasted ${formatBytes(report.waste.wastedBytes)}, limit ${formatBytes(max)}`,
      });
    }
  }
  const failOn = (options['fail-on'] as Severity | 'none' | undefined) ?? 'error';
  if (failOn !== 'none') {
    const n = report.findings.filter((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]).length;
    out.push({
      name: 'fail-on',
      ok: n === 0,
      detail: `${n} finding${n === 1 ? '' : 's'} at or above ${failOn}`,
    });
  }
  return out;
}

function progress(output: Output): { onProgress?: ReadImageOptions['onProgress']; done(): void } {
  if (!output.io.stderr.isTTY) return { done() {} };
  let last = 0;
  let shown = false;
  return {
    onProgress(read, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const pct = total ? ` (${Math.min(100, Math.floor((read / total) * 100))} %)` : '';
      output.io.stderr.write(
        `\r\u001b[2Kreading ${formatBytes(read)}${total ? ` of ${formatBytes(total)}` : ''}${pct}`,
      );
    },
    done() {
      if (shown) output.io.stderr.write('\r\u001b[2K');
    },
  };
}

async function load(ctx: CommandContext, input: string, options: ReadImageOptions): Promise<ImageModel> {
  const cwd = ctx.output.io.cwd;
  const path = isAbsolute(input) ? input : resolve(cwd, input);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  const engine = ctx.options.engine as string | undefined;
  if (exists && engine === undefined) {
    try {
      return await readImage(path, options);
    } catch (e) {
      // Report the path as the user typed it.
      if (e instanceof InputError && e.file === path) throw new InputError(e.message, input, e.hint);
      throw e;
    }
  }
  if (!exists && (/^[./]/.test(input) || /\.(?:tar|tgz|gz|zst)$/.test(input)) && engine === undefined) {
    throw new InputError(
      'no such file or directory',
      input,
      'Pass a docker save archive, an OCI layout directory or an image reference.',
    );
  }
  if (engine === 'podman') return readImageFromPodman(input, options);
  return readImageFromEngine(input, { ...options, env: ctx.output.io.env });
}

export async function run(ctx: CommandContext): Promise<number> {
  const { output, options } = ctx;
  if (ctx.positionals.length !== 1) {
    throw new UsageError(
      ctx.positionals.length === 0
        ? 'expected an image: an archive, an OCI layout directory or an image reference'
        : `expected one image, got ${ctx.positionals.length}`,
      "Run 'dockwright analyze --help' for usage.",
    );
  }
  const input = ctx.positionals[0]!;
  // Validate gate values before the (possibly long) read.
  gates(
    {
      layers: { totalSize: 0 },
      waste: { efficiency: 1, wastedBytes: 0, totalBytes: 0 },
      findings: [],
    } as unknown as ImageReport,
    options,
  );
  const sbomFormat = options.sbom as 'cyclonedx' | 'spdx' | undefined;
  if (typeof options.output === 'string' && !sbomFormat)
    throw new UsageError('-o/--output names the SBOM file', 'Add --sbom cyclonedx or --sbom spdx.');
  const scanner = contentScanner();
  const sbom = sbomFormat ? (await import('../../image/sbom/index.js')).createSbomCollector() : undefined;
  const hooks = combineHooks(
    scanner.hooks,
    sbom ? { capture: (e, l) => sbom.capture(e, l), consume: (e, l) => sbom.consume(e, l) } : undefined,
  );
  const p = progress(output);
  let model: ImageModel;
  try {
    model = await load(ctx, input, {
      ...hooks,
      ...(typeof options.platform === 'string' ? { platform: options.platform } : {}),
      ...(p.onProgress ? { onProgress: p.onProgress } : {}),
    });
  } finally {
    p.done();
  }
  const report = analyzeModel(model, { facts: scanner.facts() });

  if (sbom && sbomFormat) {
    const { generateSbom } = await import('../../image/sbom/index.js');
    const text = generateSbom(model, sbom.packages(model), sbomFormat, {
      name: report.image.name,
      toolVersion: version(),
    });
    if (typeof options.output === 'string') {
      await writeFileAtomic(
        resolve(output.io.cwd, options.output),
        text.endsWith('\n') ? text : `${text}\n`,
        { force: true },
      );
    } else output.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  if (typeof options.html === 'string') {
    await writeFileAtomic(
      resolve(output.io.cwd, options.html),
      renderHtmlReport(report, model, { toolVersion: version() }),
      { force: true },
    );
  }
  const results = gates(report, options);
  // With --sbom and no -o, stdout carries the SBOM; the report is not printed.
  if (!(sbomFormat && typeof options.output !== 'string')) {
    if (ctx.format === 'json') {
      output.out(JSON.stringify({ schemaVersion: 1, ...report, gates: results }, null, 2));
    } else if (ctx.format === 'sarif') {
      output.io.stdout.write(renderSarif(report, { toolVersion: version() }));
    } else {
      output.io.stdout.write(
        renderText(report, {
          color: output.colorEnabled ? output.color : pc.createColors(false),
          width: 110,
        }),
      );
      const shown = results.filter((g) => g.name !== 'fail-on' || !g.ok);
      for (const g of shown)
        output.out(`${g.ok ? output.color.green('pass') : output.color.red('FAIL')}  ${g.name}: ${g.detail}`);
    }
  }
  if (typeof options.html === 'string' && ctx.format === 'text')
    output.err(output.color.dim(`HTML report written to ${options.html}`));
  return results.some((g) => !g.ok) ? ExitCode.Findings : ExitCode.Ok;
}
