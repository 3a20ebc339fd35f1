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
  const failed = r.steps.filter((s) => s.status === 'fail').length;
  out.push(
    r.ok
      ? c.green(`all checks passed in ${(r.totalMs / 1000).toFixed(1)}s`)
      : c.red(`${failed} check${failed === 1 ? '' : 's'} failed (${(r.totalMs / 1000).toFixed(1)}s)`),
  );
  return `${out.join('\n')}\n`;
}
