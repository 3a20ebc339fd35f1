import { describe, expect, it } from 'vitest';
import { type MappedText, parseShell } from '../../../src/parse/shell/index.js';

/**
 * Stand-in for the Dockerfile parser: the RUN text with `\`+newline removed
 * (as Docker does), plus a map from each logical offset back to the file.
 */
function runText(dockerfile: string): MappedText {
  const start = dockerfile.indexOf('RUN ') + 4;
  let text = '';
  const offsets: number[] = [];
  for (let i = start; i < dockerfile.length; i++) {
    const c = dockerfile[i] as string;
    if (c === '\\' && dockerfile[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') break;
    text += c;
    offsets.push(i);
  }
  const end = start + text.length;
  return { text, toSource: (o) => offsets[o] ?? (offsets[offsets.length - 1] ?? end) + 1 };
}

const dockerfile = [
  'FROM debian:bookworm',
  'RUN apt-get update \\',
  '    && apt-get install -y \\',
  '       curl "git" \\',
  "    && sh -c 'rm -rf /var/lib/apt/lists/*' \\",
  '    && echo $(date)',
  'CMD ["x"]',
].join('\n');

describe('ranges map back to the Dockerfile through toSource', () => {
  const input = runText(dockerfile);
  const script = parseShell(input);
  const src = (r: { start: number; end: number }) => dockerfile.slice(r.start, r.end);

  it('parses the logical line', () => {
    expect(script.diagnostics).toEqual([]);
    expect(script.commands().map((c) => c.name)).toEqual(['apt-get', 'apt-get', 'sh', 'rm', 'echo', 'date']);
  });

  it('command ranges span continuations and stop at the last character', () => {
    const [update, install] = script.commands();
    expect(src(script.sourceRange(update!))).toBe('apt-get update');
    expect(update!.sourceRange).toEqual(script.sourceRange(update!.range));
    expect(src(install!.sourceRange)).toBe('apt-get install -y \\\n       curl "git"');
  });

  it('word ranges map exactly', () => {
    const install = script.find('apt-get', 'install')[0]!;
    const git = install.positionalArgs()[2]!;
    expect(git.value).toBe('git');
    expect(src(script.sourceRange(git))).toBe('"git"');
    const flag = install.options()[0]!;
    expect(src(script.sourceRange(flag.word))).toBe('-y');
  });

  it('commands inside sh -c strings and $(…) map into the file', () => {
    const rm = script.find('rm')[0]!;
    expect(src(rm.sourceRange)).toBe('rm -rf /var/lib/apt/lists/*');
    const glob = rm.positionalArgs()[0]!;
    expect(src(script.sourceRange(glob))).toBe('/var/lib/apt/lists/*');
    expect(src(script.find('date')[0]!.sourceRange)).toBe('date');
  });

  it('operators map too', () => {
    const op = script.commands()[0]!.operatorAfter!;
    expect(op.op).toBe('&&');
    expect(src(script.sourceRange(op.range))).toBe('&&');
  });

  it('diagnostics map into the file', () => {
    const bad = runText('RUN echo \\\n  "unterminated');
    const s = parseShell(bad);
    expect(s.diagnostics).toHaveLength(1);
    const r = s.sourceRange(s.diagnostics[0]!.range);
    expect('RUN echo \\\n  "unterminated'.slice(r.start, r.end)).toBe('"');
  });

  it('position helpers find nodes and commands at an offset', () => {
    const offset = input.text.indexOf('curl');
    expect(script.commandAt(offset)?.is('apt-get', 'install')).toBe(true);
    const path = script.nodesAt(offset).map((n) => n.type);
    expect(path).toEqual(['Statement', 'Pipeline', 'SimpleCommand', 'Word', 'Literal']);
    expect(script.toSource(offset)).toBe(dockerfile.indexOf('curl'));
    expect(script.commandAt(input.text.indexOf('$(date)') + 2)?.name).toBe('date');
  });

  it('backquoted commands get ranges in the outer text', () => {
    const text = 'echo `dirname \\`which sh\\``';
    const s = parseShell(text);
    expect(s.diagnostics).toEqual([]);
    const which = s.find('which')[0]!;
    expect(text.slice(which.range.start, which.range.end)).toBe('which sh');
    const dirname = s.find('dirname')[0]!;
    expect(text.slice(dirname.range.start, dirname.range.end)).toBe('dirname \\`which sh\\`');
  });
});
