import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/core/index.js';
import { ParseError } from '../../../src/core/index.js';
import {
  chompHeredoc,
  dumpBuildkit,
  type Instruction,
  normalizeImageRef,
  parseDockerfile,
  parseDockerfileOrThrow,
  parseImageRef,
} from '../../../src/parse/dockerfile/index.js';
import { checkLossless } from './helpers.js';

function parse(src: string) {
  const ast = parseDockerfile(src);
  const sl = (r: Range | undefined) => (r ? src.slice(r.start, r.end) : undefined);
  const col = (r: Range) => ast.source.positionAt(r.start);
  expect(checkLossless(ast)).toEqual([]);
  return { ast, sl, col };
}

function only<K extends Instruction['keyword']>(
  i: Instruction | undefined,
  k: K,
): Extract<Instruction, { keyword: K }> {
  expect(i?.keyword).toBe(k);
  return i as Extract<Instruction, { keyword: K }>;
}

describe('ranges', () => {
  const src = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=node',
    'from --platform=$BUILDPLATFORM registry.example.com:5000/team/app:1.2@sha256:abcd AS Build',
    'RUN --mount=type=cache,target=/root/.npm,from=deps \\',
    '    npm ci',
    'COPY --from=build --chown=1:1 ["a b", "/app/"]',
    '',
  ].join('\n');
  const { ast, sl, col } = parse(src);

  it('keyword, flag name and value, arguments', () => {
    const from = only(ast.instructions[1], 'FROM');
    expect(from.keywordText).toBe('from');
    expect(sl(from.keywordRange)).toBe('from');
    expect(col(from.keywordRange)).toEqual({ line: 3, column: 1 });
    expect(sl(from.platform?.nameRange)).toBe('--platform');
    expect(sl(from.platform?.valueRange)).toBe('$BUILDPLATFORM');
    expect(col(from.platform!.valueRange!)).toEqual({ line: 3, column: 17 });
    expect(from.args.map((a) => sl(a.range))).toEqual([
      'registry.example.com:5000/team/app:1.2@sha256:abcd',
      'AS',
      'Build',
    ]);
    expect(from.stageName?.value).toBe('Build');
    expect(sl(from.asRange)).toBe('AS');
  });

  it('image reference parts', () => {
    const img = only(ast.instructions[1], 'FROM').image!;
    expect(img.registry).toBe('registry.example.com:5000');
    expect(sl(img.registryRange)).toBe('registry.example.com:5000');
    expect(sl(img.repositoryRange)).toBe('team/app');
    expect(sl(img.tagRange)).toBe('1.2');
    expect(col(img.tagRange!)).toEqual({ line: 3, column: 67 });
    expect(sl(img.digestRange)).toBe('sha256:abcd');
    expect(col(img.digestRange!)).toEqual({ line: 3, column: 71 });
  });

  it('mount options map back to the source', () => {
    const run = only(ast.instructions[2], 'RUN');
    expect(run.mounts).toHaveLength(1);
    const m = run.mounts[0]!;
    expect(m.type).toBe('cache');
    expect(m.options.map((o) => [o.key, o.value, sl(o.keyRange), sl(o.valueRange)])).toEqual([
      ['type', 'cache', 'type', 'cache'],
      ['target', '/root/.npm', 'target', '/root/.npm'],
      ['from', 'deps', 'from', 'deps'],
    ]);
  });

  it('shell-form command is the logical text with a map to the source', () => {
    const run = only(ast.instructions[2], 'RUN');
    expect(run.form).toBe('shell');
    expect(run.command?.text).toBe('npm ci');
    expect(run.line.text).toBe('RUN --mount=type=cache,target=/root/.npm,from=deps     npm ci');
    const npm = run.line.text.indexOf('npm ci');
    expect(ast.source.positionAt(run.line.toSource(npm))).toEqual({ line: 5, column: 5 });
    expect(run.startLine).toBe(4);
    expect(run.endLine).toBe(5);
    expect(sl(run.continuations[0])).toBe('\\');
  });

  it('JSON-form elements keep their range and decoded value', () => {
    const copy = only(ast.instructions[3], 'COPY');
    expect(copy.form).toBe('json');
    expect(copy.sources.map((a) => [a.value, sl(a.range)])).toEqual([['a b', '"a b"']]);
    expect(copy.destination?.value).toBe('/app/');
    expect(copy.from?.value).toBe('build');
    expect(sl(copy.chown?.valueRange)).toBe('1:1');
  });
});

describe('continuations and comments', () => {
  it('joins like BuildKit, keeping comment and empty lines for lint rules', () => {
    const src = 'FROM a\nRUN one \\\n# inner comment\n\n    two\n# after\n';
    const { ast, sl } = parse(src);
    const run = only(ast.instructions[1], 'RUN');
    expect(run.command?.text).toBe('one     two');
    expect(run.comments.map((c) => sl(c.range))).toEqual(['# inner comment']);
    expect(run.emptyContinuationLines).toHaveLength(1);
    expect(ast.comments.map((c) => sl(c.range))).toEqual(['# after']);
    expect(sl(run.range)).toBe('RUN one \\\n# inner comment\n\n    two');
  });

  it('an escaped escape at the end of a line is not a continuation', () => {
    const { ast } = parse('FROM a\nENV C trailing\\\\\nENV D x\n');
    expect(ast.instructions).toHaveLength(3);
  });
});

describe('directives', () => {
  it('parses syntax, escape and check; keys are case-insensitive', () => {
    const { ast, sl } = parse('# SYNTAX = docker/dockerfile:1\n#escape=`\n# check=skip=all\nFROM a\n');
    expect(ast.directives.map((d) => [d.name, d.value])).toEqual([
      ['syntax', 'docker/dockerfile:1'],
      ['escape', '`'],
      ['check', 'skip=all'],
    ]);
    expect(sl(ast.directives[0]!.valueRange)).toBe('docker/dockerfile:1');
    expect(ast.escapeToken).toBe('`');
  });

  it('stops at the first comment, blank line or instruction', () => {
    const { ast } = parse('# hello\n# escape=`\nFROM a\n');
    expect(ast.directives).toEqual([]);
    expect(ast.escapeToken).toBe('\\');
    expect(ast.comments).toHaveLength(2);
    const { ast: b } = parse('\n# escape=`\nFROM a\n');
    expect(b.directives).toEqual([]);
  });

  it('unknown directives become comments and end the directive block', () => {
    const { ast } = parse('# foo=bar\n# escape=`\nFROM a\n');
    expect(ast.directives).toEqual([]);
    expect(ast.comments).toHaveLength(2);
  });

  it('a repeated directive or a bad escape is an error with a place', () => {
    const dup = parseDockerfile('# escape=`\n# escape=\\\nFROM a\n');
    expect(dup.diagnostics.map((d) => [d.code, d.start.line])).toEqual([
      ['dockerfile/duplicate-directive', 2],
    ]);
    const bad = parseDockerfile('# escape=x\nFROM a\n');
    expect(bad.diagnostics[0]?.code).toBe('dockerfile/invalid-escape');
  });

  it('backtick escape: continuation and word escapes use `', () => {
    const { ast } = parse('# escape=`\nFROM windows\nRUN dir c:\\ `\n  && echo hi\nENV P=c:\\path\\to\n');
    const run = only(ast.instructions[1], 'RUN');
    expect(run.command?.text).toBe('dir c:\\   && echo hi');
    const env = only(ast.instructions[2], 'ENV');
    expect(env.pairs[0]!.value).toBe('c:\\path\\to');
  });
});

describe('heredocs', () => {
  it('body, delimiter and operator ranges; several per instruction', () => {
    const src = 'FROM a\nCOPY <<one 3<<-"two" /dst/\nfirst\none\n\tsecond\n\ttwo\nRUN x\n';
    const { ast, sl, col } = parse(src);
    const copy = only(ast.instructions[1], 'COPY');
    expect(copy.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp, h.fileDescriptor])).toEqual([
      ['one', 'first\n', true, false, undefined],
      ['two', '\tsecond\n', false, true, 3],
    ]);
    const [one, two] = copy.heredocs;
    expect(sl(one!.range)).toBe('<<one');
    expect(sl(two!.range)).toBe('3<<-"two"');
    expect(sl(one!.bodyRange)).toBe('first\n');
    expect(sl(two!.delimiterRange)).toBe('\ttwo');
    expect(col(two!.bodyRange)).toEqual({ line: 5, column: 1 });
    expect(chompHeredoc(two!.content)).toBe('second\n');
    expect(copy.sources.map((s) => s.heredoc?.name)).toEqual(['one', 'two']);
    expect(copy.endLine).toBe(6);
    expect(only(ast.instructions[2], 'RUN').startLine).toBe(7);
  });

  it('no heredocs for JSON form or other instructions; unterminated is an error', () => {
    const { ast } = parse('FROM a\nRUN ["<<EOF"]\nUSER <<EOF\n');
    expect(ast.instructions.every((i) => i.heredocs.length === 0)).toBe(true);
    const bad = parseDockerfile('FROM a\nRUN <<EOF\necho\n');
    expect(bad.diagnostics.map((d) => [d.code, d.start.line, d.start.column])).toEqual([
      ['dockerfile/unterminated-heredoc', 2, 5],
    ]);
    expect(checkLossless(bad)).toEqual([]);
  });

  it('ONBUILD triggers carry heredocs too', () => {
    const { ast } = parse('FROM a\nONBUILD RUN <<EOF\necho\nEOF\n');
    const on = only(ast.instructions[1], 'ONBUILD');
    expect(on.trigger?.keyword).toBe('RUN');
    expect(on.trigger?.heredocs[0]?.content).toBe('echo\n');
    expect(on.heredocs).toHaveLength(1);
  });
});

describe('instruction forms', () => {
  it('invalid JSON falls back to shell form; non-string arrays are errors', () => {
    const { ast } = parse(`CMD ['a']\nCMD ["a", 1]\nENTRYPOINT ["x"]\n`);
    expect(ast.instructions.map((i) => i.form)).toEqual(['shell', 'json', 'json']);
    expect(ast.diagnostics.map((d) => d.code)).toEqual(['dockerfile/json-not-string-array']);
  });

  it('ENV and LABEL keep raw values in both forms', () => {
    const { ast, sl } = parse('FROM a\nENV A="x y" B=z\nLABEL legacy the rest\n');
    const env = only(ast.instructions[1], 'ENV');
    expect(env.pairs.map((p) => [p.key, p.value, p.form, sl(p.valueRange)])).toEqual([
      ['A', '"x y"', 'equals', '"x y"'],
      ['B', 'z', 'equals', 'z'],
    ]);
    const label = only(ast.instructions[2], 'LABEL');
    expect(label.pairs.map((p) => [p.key, p.value, p.form])).toEqual([['legacy', 'the rest', 'legacy']]);
  });

  it('ARG declarations, HEALTHCHECK, ONBUILD, SHELL', () => {
    const { ast, sl } = parse(
      'ARG A B=1 C="x y"\nFROM a\nHEALTHCHECK --interval=5s CMD curl -f http://x/\nHEALTHCHECK NONE\nONBUILD COPY . /app\nSHELL ["/bin/sh", "-c"]\n',
    );
    const arg = only(ast.instructions[0], 'ARG');
    expect(arg.declarations.map((d) => [d.name, d.defaultValue, sl(d.defaultRange)])).toEqual([
      ['A', undefined, undefined],
      ['B', '1', '1'],
      ['C', '"x y"', '"x y"'],
    ]);
    const hc = only(ast.instructions[2], 'HEALTHCHECK');
    expect(hc.kind?.value).toBe('CMD');
    expect(hc.command?.text).toBe('curl -f http://x/');
    expect(hc.flags[0]?.value).toBe('5s');
    expect(only(ast.instructions[3], 'HEALTHCHECK').kind?.value).toBe('NONE');
    const on = only(ast.instructions[4], 'ONBUILD');
    expect(sl(on.trigger?.keywordRange)).toBe('COPY');
    expect(only(on.trigger, 'COPY').destination?.value).toBe('/app');
    expect(only(ast.instructions[5], 'SHELL').args.map((a) => a.value)).toEqual(['/bin/sh', '-c']);
    expect(ast.diagnostics).toEqual([]);
  });

  it('dumps like BuildKit', () => {
    const { ast } = parse('FROM a\nCOPY --chown=me ["x", "y"]\nONBUILD RUN echo hi\nENV a b\n');
    expect(dumpBuildkit(ast)).toBe(
      '(from "a")\n(copy ["--chown=me"] "x" "y")\n(onbuild (run "echo hi"))\n(env "a" "b" "")\n',
    );
  });
});

describe('errors are values with places', () => {
  it('unknown instructions are diagnostics, parsing continues', () => {
    const { ast } = parse('FROM a\nRUNN echo\nRUN echo\n');
    expect(ast.instructions.map((i) => i.keyword)).toEqual(['FROM', 'UNKNOWN', 'RUN']);
    const d = ast.diagnostics[0]!;
    expect([d.code, d.severity, d.start.line, d.start.column, d.hint]).toEqual([
      'dockerfile/unknown-instruction',
      'error',
      2,
      1,
      'did you mean RUN?',
    ]);
  });

  it('instruction-level errors: missing value, bad FROM, unknown flag', () => {
    const codes = (s: string) => parseDockerfile(s).diagnostics.map((d) => d.code);
    expect(codes('FROM a\nENV PATH\n')).toEqual(['dockerfile/missing-value']);
    expect(codes('FROM a b\n')).toEqual(['dockerfile/invalid-from']);
    expect(codes('FROM a\nCOPY --form=x a b\n')).toEqual(['dockerfile/unknown-flag']);
    expect(codes('FROM a\nCOPY onlyone\n')).toEqual(['dockerfile/missing-argument']);
    expect(codes('')).toEqual(['dockerfile/no-instructions']);
  });

  it('parseDockerfileOrThrow throws a located ParseError', () => {
    expect(() => parseDockerfileOrThrow('FROM a\nENV PATH\n', { path: 'x/Dockerfile' })).toThrow(ParseError);
    try {
      parseDockerfileOrThrow('FROM a\nENV PATH\n', { path: 'x/Dockerfile' });
    } catch (e) {
      expect((e as ParseError).located).toBe('x/Dockerfile:2:5: ENV must have two arguments');
    }
  });
});

describe('image references', () => {
  it('splits and normalises', () => {
    const r = parseImageRef('node:20-alpine');
    expect([r.registry, r.repository, r.tag, r.digest]).toEqual([undefined, 'node', '20-alpine', undefined]);
    expect(normalizeImageRef(r).canonical).toBe('docker.io/library/node:20-alpine');
    const l = parseImageRef('localhost/app');
    expect([l.registry, l.repository, normalizeImageRef(l).tag]).toEqual(['localhost', 'app', 'latest']);
    expect(normalizeImageRef(parseImageRef('org/app@sha256:1')).familiar).toBe('org/app@sha256:1');
    expect(parseImageRef('scratch').isScratch).toBe(true);
  });
});
