import type { StepResult, VerifyReport } from './types.js';

type Paint = (s: string) => string;
export interface Palette {
  readonly green: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

export function stepLine(s: StepResult, c: Palette): string {
  const mark = s.status === 'pass' ? c.green('✔') : s.status === 'fail' ? c.red('✖') : c.dim('–');
  const time = s.status === 'skip' ? '' : c.dim(` (${(s.ms / 1000).toFixed(1)}s)`);
  const who = s.service ? `${s.service} ` : '';
  return `${mark} ${who}${s.step.padEnd(7)} ${s.summary}${time}`;
}

export function formatText(r: VerifyReport, c: Palette): string {
  const out: string[] = [`verify ${r.dir} with ${r.engine}${r.mode === 'compose' ? ' (compose)' : ''}`];
  for (const n of r.notes) out.push(c.yellow(`note: ${n}`));
  for (const s of r.steps) {
    out.push(stepLine(s, c));
    for (const d of s.details ?? []) out.push(c.dim(`    │ ${d}`));
    if (s.hint && s.status === 'fail') out.push(`    hint: ${s.hint}`);
  }
  if (r.services?.length) {
    const yn = (v: boolean | null) => (v === null ? '–' : v ? 'yes' : 'no');
    out.push('services:');
    out.push(
      `  ${'service'.padEnd(16)} ${'built'.padEnd(5)} ${'started'.padEnd(7)} ${'healthy'.padEnd(7)} ${'stopped'.padEnd(7)} user`,
    );
    for (const s of r.services) {
      out.push(
        `  ${s.service.padEnd(16)} ${yn(s.built).padEnd(5)} ${yn(s.started).padEnd(7)} ${yn(s.healthy).padEnd(7)} ${yn(s.stopped).padEnd(7)} ${s.user ?? '–'}`,
      );
    }
  }
  if (r.comparison) {
    const k = r.comparison;
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    const line = `size: ${mb(k.size)} vs naive ${mb(k.naiveSize)} (FROM ${k.naiveBase}): ${k.reductionPct}% smaller (spec: > 50%)`;
    out.push(r.comparison.meetsTarget ? c.green(line) : c.red(line));
  }
  const failed = r.steps.filter((s) => s.status === 'fail').length;
  out.push(
    r.ok
      ? c.green(`all checks passed in ${(r.totalMs / 1000).toFixed(1)}s`)
      : c.red(`${failed} check${failed === 1 ? '' : 's'} failed (${(r.totalMs / 1000).toFixed(1)}s)`),
  );
  return `${out.join('\n')}\n`;
}
