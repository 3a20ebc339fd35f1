import type { ExplainReport, Finding } from './types.js';
import { maskSecrets } from './util.js';

/** The colour functions the text report uses (picocolors' shape). */
export type Colors = Record<'dim' | 'yellow' | 'bold' | 'red' | 'cyan' | 'green', (text: string) => string>;

/** JSON schema version of `dockwright explain --format json`. */
export const EXPLAIN_SCHEMA_VERSION = 1;

function evidenceLines(report: ExplainReport, f: Finding): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (const r of f.evidence) {
    for (let n = r.start; n <= r.end && n - r.start < 12; n++)
      out.push({ line: n, text: maskSecrets(report.lineTexts[n - 1] ?? '') });
  }
  return out;
}

export function explainToJson(report: ExplainReport, input: string): string {
  const json = {
    schemaVersion: EXPLAIN_SCHEMA_VERSION,
    input,
    logKind: report.kind,
    lines: report.lineCount,
    recognised: report.recognised,
    findings: report.findings.map((f) => ({
      situation: f.situation,
      cause: f.cause,
      title: maskSecrets(f.title),
      confidence: f.confidence,
      evidence: f.evidence.map((r) => ({ start: r.start, end: r.end })),
      evidenceText: evidenceLines(report, f),
      locations: f.locations.map((l) => ({
        file: l.file,
        line: l.line,
        ...(l.what ? { what: maskSecrets(l.what) } : {}),
        via: l.via,
      })),
      ...(f.step
        ? {
            step: {
              id: f.step.id,
              ...(f.step.stage ? { stage: f.step.stage } : {}),
              ...(f.step.index !== undefined ? { index: f.step.index } : {}),
              ...(f.step.total !== undefined ? { total: f.step.total } : {}),
              instruction: maskSecrets(f.step.instruction),
            },
          }
        : {}),
      ...(f.service ? { service: f.service } : {}),
      fix: f.fix,
      docs: f.docs,
      details: f.details,
      ...(f.next ? { next: f.next } : {}),
    })),
    suspicious: report.suspicious.map((s) => ({ line: s.line, text: maskSecrets(s.text), score: s.score })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const CONFIDENCE_WORD = {
  high: 'high confidence',
  medium: 'medium confidence',
  low: 'low confidence: a lead, not a verdict',
};

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join(`\n${indent}`);
}

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function explainToText(report: ExplainReport, input: string, c: Colors): string {
  const out: string[] = [];
  const width = String(report.lineCount).length;
  const n = report.findings.length;
  out.push(
    c.dim(`${input}: ${report.lineCount} line${report.lineCount === 1 ? '' : 's'}, read as ${report.kind}`),
  );
  if (!n) {
    out.push('');
    out.push(
      `${c.yellow('?')} ${c.bold('Not recognised.')} No known failure pattern matched this log; dockwright will not guess.`,
    );
    if (report.suspicious.length) {
      out.push('');
      out.push('  The lines that look most like errors (best first):');
      for (const s of report.suspicious)
        out.push(`  ${c.dim(`${String(s.line).padStart(width)} │`)} ${clip(maskSecrets(s.text))}`);
    } else {
      out.push('  Nothing in it looks like an error.');
    }
    out.push('');
    out.push(
      `  ${c.dim('hint:')} pass the full output (\`docker build --progress=plain\`, \`docker compose up\`, \`docker inspect <container>\`), and --dir <project> to link it to your files.`,
    );
    return `${out.join('\n')}\n`;
  }
  report.findings.forEach((f, i) => {
    out.push('');
    const mark =
      f.confidence === 'high' ? c.red('✖') : f.confidence === 'medium' ? c.yellow('▲') : c.dim('?');
    out.push(`${mark} ${c.bold(maskSecrets(f.title))}`);
    out.push(`  ${c.dim(`${f.cause} · ${CONFIDENCE_WORD[f.confidence]}`)}`);
    for (const l of f.locations)
      out.push(
        `  ${c.cyan(`${l.file}:${l.line}`)}${l.what ? `  ${clip(maskSecrets(l.what), 100)}` : ''}${l.via === 'log' ? c.dim(' (from the log)') : ''}`,
      );
    if (f.step) {
      const where = [
        f.step.stage,
        f.step.index !== undefined ? `${f.step.index}/${f.step.total ?? '?'}` : undefined,
      ]
        .filter(Boolean)
        .join(' ');
      out.push(
        `  ${c.dim('step:')} ${where ? `[${where}] ` : ''}${clip(maskSecrets(f.step.instruction), 100)}`,
      );
    }
    if (f.service) out.push(`  ${c.dim('service:')} ${f.service}`);
    out.push(`  ${c.dim('evidence:')}`);
    for (const e of evidenceLines(report, f))
      out.push(`    ${c.dim(`${String(e.line).padStart(width)} │`)} ${clip(e.text)}`);
    out.push(`  ${c.green('fix:')} ${wrap(f.fix, 100, '       ')}`);
    if (f.next) for (const cmd of f.next) out.push(`  ${c.dim('next:')} ${cmd}`);
    out.push(`  ${c.dim(`docs: ${f.docs}`)}`);
    if (i === n - 1) out.push('');
  });
  return `${out.join('\n')}\n`;
}
