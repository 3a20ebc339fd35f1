import { readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpBuildkit, parseDockerfile } from '../../../src/parse/dockerfile/index.js';
import { corporaDir, corpusPath, haveCorpora, readCorpus, reportPassRate } from '../../helpers/corpora.js';
import { checkLossless, exceptionFor, findDockerfiles } from './helpers.js';

interface Tally {
  passed: number;
  total: number;
  excepted: number;
}

const tallies = new Map<string, Tally>();

/**
 * Run one conformance case: a failure fails the test unless the case is listed in
 * known-exceptions.json; a listed case that passes fails too, so the list stays honest.
 */
function conform(corpus: string, name: string, check: () => void): void {
  const t = tallies.get(corpus) ?? { passed: 0, total: 0, excepted: 0 };
  tallies.set(corpus, t);
  t.total++;
  const exception = exceptionFor(corpus, name);
  let failure: unknown;
  try {
    check();
  } catch (e) {
    failure = e;
  }
  if (failure === undefined) {
    t.passed++;
    if (exception) throw new Error(`${corpus}/${name} passes now: remove it from known-exceptions.json`);
    return;
  }
  if (exception) {
    t.excepted++;
    return;
  }
  throw failure;
}

afterAll(() => {
  for (const [corpus, t] of tallies) reportPassRate(corpus, t.passed, t.total - t.excepted, t.excepted);
});

describe.skipIf(!haveCorpora)('BuildKit parser testfiles (dump)', () => {
  const dir = 'buildkit/parser/testfiles';
  const cases = haveCorpora ? readdirSync(corpusPath(dir)).sort() : [];
  it.each(cases)('%s', (name) => {
    conform('buildkit/parser/testfiles', name, () => {
      const text = readCorpus(dir, name, 'Dockerfile');
      const ast = parseDockerfile(text, { path: `${name}/Dockerfile` });
      expect(dumpBuildkit(ast)).toBe(readCorpus(dir, name, 'result'));
      expect(checkLossless(ast)).toEqual([]);
    });
  });
});

describe.skipIf(!haveCorpora)('BuildKit parser testfiles-negative', () => {
  const dir = 'buildkit/parser/testfiles-negative';
  const cases = haveCorpora ? readdirSync(corpusPath(dir)).sort() : [];
  it.each(cases)('%s', (name) => {
    conform('buildkit/parser/testfiles-negative', name, () => {
      const text = readCorpus(dir, name, 'Dockerfile');
      const ast = parseDockerfile(text, { path: `${name}/Dockerfile` });
      const errors = ast.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.start.line).toBeGreaterThanOrEqual(1);
        expect(e.range.end).toBeLessThanOrEqual(text.length);
      }
      expect(checkLossless(ast)).toEqual([]);
    });
  });
});

describe.skipIf(!haveCorpora)('BuildKit testfile-line', () => {
  it('start and end lines match TestParseIncludesLineNumbers', () => {
    conform('buildkit/parser/testfile-line', 'Dockerfile', () => {
      const ast = parseDockerfile(readCorpus('buildkit/parser/testfile-line/Dockerfile'));
      // moby/buildkit frontend/dockerfile/parser/parser_test.go TestParseIncludesLineNumbers
      expect(ast.instructions.map((i) => [i.startLine, i.endLine])).toEqual([
        [5, 5],
        [11, 12],
        [17, 31],
      ]);
      expect(ast.diagnostics).toEqual([]);
    });
  });
});

interface HeredocCase {
  Name: string;
  Content: string;
  Expand: boolean;
  Chomp?: boolean;
  FileDescriptor?: number;
}

describe.skipIf(!haveCorpora)('BuildKit heredoc cases', () => {
  const data = haveCorpora
    ? (JSON.parse(readCorpus('buildkit/heredoc-cases.json')) as {
        dockerfile: string;
        expected: HeredocCase[][];
      })
    : { dockerfile: '', expected: [] };
  const ast = parseDockerfile(data.dockerfile);
  it.each(data.expected.map((e, i) => [i, e] as const))('instruction %i', (i, expected) => {
    conform('buildkit/heredoc-cases', String(i), () => {
      const instr = ast.instructions[i + 1];
      expect(instr).toBeDefined();
      const got = instr!.heredocs.map((h) => ({
        Name: h.name,
        Content: h.content,
        Expand: h.expand,
        Chomp: h.chomp,
        FileDescriptor: h.fileDescriptor ?? 0,
      }));
      const want = expected.map((h) => ({
        Name: h.Name,
        Content: h.Content,
        Expand: h.Expand,
        Chomp: h.Chomp ?? false,
        FileDescriptor: h.FileDescriptor ?? 0,
      }));
      expect(got).toEqual(want);
    });
  });
  it('is lossless and has no errors', () => {
    expect(checkLossless(ast)).toEqual([]);
    expect(
      ast.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'dockerfile/unknown-instruction'),
    ).toEqual([]);
  });
});

describe.skipIf(!haveCorpora)('real-world Dockerfiles (official-images, awesome-compose)', () => {
  const files = haveCorpora
    ? [...findDockerfiles(corpusPath('official-images')), ...findDockerfiles(corpusPath('awesome-compose'))]
    : [];
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  it.each(files.map((f) => relative(corporaDir, f)))('%s', (rel) => {
    const corpus = rel.split('/')[0]!;
    conform(corpus, rel, () => {
      const text = readCorpus(rel);
      const ast = parseDockerfile(text, { path: rel });
      expect(
        ast.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.start.line}: ${d.message}`),
      ).toEqual([]);
      expect(checkLossless(ast)).toEqual([]);
    });
  });
});
