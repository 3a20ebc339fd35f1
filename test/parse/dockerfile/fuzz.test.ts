import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/core/index.js';
import { buildModel, parseDockerfile, parseDockerfileOrThrow } from '../../../src/parse/dockerfile/index.js';
import { corpusPath, haveCorpora, readCorpus } from '../../helpers/corpora.js';
import { checkLossless, findDockerfiles } from './helpers.js';

const TOKENS = [
  'FROM ',
  'RUN ',
  'COPY ',
  'ADD ',
  'ENV ',
  'ARG ',
  'LABEL ',
  'CMD ',
  'ENTRYPOINT ',
  'SHELL ',
  'ONBUILD ',
  'HEALTHCHECK ',
  'VOLUME ',
  'EXPOSE ',
  'USER ',
  'WORKDIR ',
  'STOPSIGNAL ',
  'MAINTAINER ',
  'NONE',
  'CMD',
  ' AS ',
  'img:1.0@sha256:abc',
  'localhost:5000/a/b',
  '--from=x ',
  '--mount=type=cache,target=/x,from=build ',
  '--platform=$BUILDPLATFORM ',
  '--',
  '<<EOF',
  '<<-EOF',
  '<<"EOF"',
  "<<'E F'",
  '3<<X',
  'EOF',
  '\tEOF',
  'X',
  '\\',
  '\\\\',
  '`',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '#',
  '# escape=`\n',
  '# syntax=docker/dockerfile:1\n',
  '# check=skip=all\n',
  '[',
  ']',
  '"',
  "'",
  ',',
  '=',
  '$',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax
  '${A:-b}',
  '{',
  '}',
  'a',
  'b=c',
  '\u00a0',
  '\u2028',
  '\uFEFF',
  'é',
  '😀',
];

const TIME_LIMIT_MS = 250;

function checkInput(text: string): void {
  const t0 = performance.now();
  const ast = parseDockerfile(text);
  try {
    parseDockerfileOrThrow(text);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expect(e.position.line).toBeGreaterThanOrEqual(1);
  }
  buildModel(ast);
  const elapsed = performance.now() - t0;
  expect(elapsed, `parse took ${elapsed.toFixed(0)} ms for ${text.length} chars`).toBeLessThan(TIME_LIMIT_MS);
  const problems = checkLossless(ast);
  expect(problems, JSON.stringify(text)).toEqual([]);
}

const tokenDoc = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((t) => t.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 200 });

describe('fuzz: the parser never throws, terminates, and stays lossless', () => {
  it('random token soup', () => {
    fc.assert(fc.property(tokenDoc, checkInput), { numRuns: 4000 });
  });

  it('random unicode strings', () => {
    fc.assert(fc.property(anyText, checkInput), { numRuns: 1000 });
  });

  const files = haveCorpora
    ? [
        ...findDockerfiles(corpusPath('official-images')),
        ...findDockerfiles(corpusPath('awesome-compose')),
      ].map((f) => readCorpus(f.slice(corpusPath().length + 1)).slice(0, 3000))
    : ['FROM a\nRUN b\n'];
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), tok: fc.constantFrom(...TOKENS) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
    fc.record({
      op: fc.constant('char' as const),
      at: fc.nat(),
      ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    }),
  );
  it('mutated corpus files', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        (k, muts) => {
          let text = files[k]!;
          for (const m of muts) {
            const at = text.length === 0 ? 0 : m.at % (text.length + 1);
            if (m.op === 'insert') text = text.slice(0, at) + m.tok + text.slice(at);
            else if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + m.len);
            else text = text.slice(0, at) + m.ch + text.slice(at);
          }
          checkInput(text);
        },
      ),
      { numRuns: 2500 },
    );
  });
});
