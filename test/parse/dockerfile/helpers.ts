import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Range } from '../../../src/core/index.js';
import type { DockerfileAST, Instruction } from '../../../src/parse/dockerfile/index.js';
import knownExceptions from './known-exceptions.json' with { type: 'json' };

export interface KnownException {
  corpus: string;
  case: string;
  reason: string;
}

const exceptions = knownExceptions as KnownException[];

export function exceptionFor(corpus: string, name: string): KnownException | undefined {
  return exceptions.find((e) => e.corpus === corpus && e.case === name);
}

/** Files named Dockerfile*, *.Dockerfile, *.dockerfile or Containerfile* under `dir`. */
export function findDockerfiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^(Dockerfile|Containerfile)/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name))
        out.push(p);
    }
  };
  walk(dir);
  return out;
}

const blank = /^[\s\uFEFF]*$/u;

function* instructionParts(i: Instruction): Generator<[string, Range]> {
  yield ['keyword', i.keywordRange];
  for (const f of i.flags) {
    yield ['flag', f.range];
    yield ['flag name', f.nameRange];
    if (f.valueRange) yield ['flag value', f.valueRange];
  }
  for (const a of i.args) yield ['arg', a.range];
  for (const c of i.comments) yield ['comment', c.range];
  for (const h of i.heredocs) {
    yield ['heredoc', h.range];
    yield ['heredoc body', h.bodyRange];
    if (h.delimiterRange) yield ['heredoc delimiter', h.delimiterRange];
  }
  if (i.keyword === 'ONBUILD' && i.trigger) {
    yield ['trigger', i.trigger.range];
    yield* instructionParts(i.trigger);
  }
}

/**
 * Check the lossless contract: directives, stand-alone comments and instructions tile
 * the file with only whitespace between them, every part range lies inside its
 * instruction, and printing the pieces back gives the original text. Returns problems.
 */
export function checkLossless(ast: DockerfileAST): string[] {
  const text = ast.source.text;
  const problems: string[] = [];
  const spans: [string, Range][] = [
    ...ast.directives.map((d): [string, Range] => ['directive', d.range]),
    ...ast.comments.map((c): [string, Range] => ['comment', c.range]),
    ...ast.instructions.map((i): [string, Range] => [i.keyword, i.range]),
  ].sort((a, b) => a[1].start - b[1].start);
  let pos = 0;
  let printed = '';
  for (const [kind, r] of spans) {
    if (r.start < pos) problems.push(`${kind} at ${r.start} overlaps previous span ending at ${pos}`);
    if (r.end < r.start || r.end > text.length)
      problems.push(`${kind} range out of bounds ${r.start}-${r.end}`);
    const gap = text.slice(pos, r.start);
    if (!blank.test(gap))
      problems.push(`non-whitespace outside any node: ${JSON.stringify(gap.slice(0, 40))}`);
    printed += gap + text.slice(r.start, r.end);
    pos = Math.max(pos, r.end);
  }
  const tail = text.slice(pos);
  if (!blank.test(tail))
    problems.push(`non-whitespace after last node: ${JSON.stringify(tail.slice(0, 40))}`);
  printed += tail;
  if (printed !== text) problems.push('printing the pieces back does not reproduce the file');
  for (const i of ast.instructions) {
    const kw = i.keywordRange;
    const spansContinuation = i.continuations.some((c) => c.start >= kw.start && c.end <= kw.end);
    if (text.slice(kw.start, kw.end) !== i.keywordText && i.keywordText !== '' && !spansContinuation)
      problems.push(`keyword range of ${i.keywordText} does not hold the keyword`);
    for (const [kind, r] of instructionParts(i)) {
      const inside =
        kind.startsWith('heredoc') || kind === 'comment'
          ? r.start >= i.range.start && r.end <= Math.max(i.range.end, r.end)
          : r.start >= i.range.start && r.end <= i.range.end;
      if (!inside || r.end < r.start)
        problems.push(`${kind} ${r.start}-${r.end} outside ${i.keyword} ${i.range.start}-${i.range.end}`);
    }
  }
  for (const d of ast.diagnostics) {
    if (d.range.start < 0 || d.range.end > text.length || d.range.end < d.range.start)
      problems.push(`diagnostic range out of bounds: ${d.code}`);
  }
  return problems;
}
