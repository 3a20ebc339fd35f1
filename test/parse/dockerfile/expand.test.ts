// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell-style ${...} words are the test data
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExpandOptions, expandWord, expandWords } from '../../../src/parse/dockerfile/expand.js';
import { haveCorpora, readCorpus, reportPassRate } from '../../helpers/corpora.js';

/** Cases we knowingly do not match, with the reason. Keyed by corpus, platform and input. */
interface KnownException {
  corpus: 'envVarTest' | 'wordsTest';
  platform?: 'unix' | 'windows';
  input: string;
  reason: string;
}
const exceptions: KnownException[] = JSON.parse(
  readFileSync(fileURLToPath(new URL('./expand-known-exceptions.json', import.meta.url)), 'utf8'),
);
function isException(corpus: KnownException['corpus'], input: string, platform?: string): boolean {
  return exceptions.some(
    (e) => e.corpus === corpus && e.input === input && (e.platform === undefined || e.platform === platform),
  );
}

// BuildKit's TestShellParser4EnvVars environment.
const ENV = new Map([
  ['PWD', '/home'],
  ['SHELL', 'bash'],
  ['KOREAN', '한국어'],
  ['NULL', ''],
]);

interface EnvVarCase {
  line: number;
  platform: 'unix' | 'windows';
  input: string;
  expected: string; // 'error' = must throw
}

/** Parsed like TestShellParser4EnvVars: skip `#` lines, trim, skip blanks, split on `|`, trim fields. */
function envVarCases(): EnvVarCase[] {
  const out: EnvVarCase[] = [];
  readCorpus('buildkit/shell/envVarTest')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.startsWith('#')) return;
      const line = raw.trim();
      if (line === '') return;
      const fields = line.split('|');
      if (fields.length !== 3) throw new Error(`envVarTest line ${i + 1}: expected 3 fields`);
      const [tag, input, expected] = fields.map((f) => f.trim()) as [string, string, string];
      if (tag !== 'A' && tag !== 'U' && tag !== 'W')
        throw new Error(`envVarTest line ${i + 1}: bad tag ${tag}`);
      if (tag === 'A' || tag === 'U') out.push({ line: i + 1, platform: 'unix', input, expected });
      if (tag === 'A' || tag === 'W') out.push({ line: i + 1, platform: 'windows', input, expected });
    });
  return out;
}

interface WordsCase {
  line: number;
  input: string;
  expected: string[]; // ['error'] = must throw
  env: Map<string, string>;
}

/** Parsed like TestShellParser4Words: `#` lines skipped, `ENV k=v` accumulates, `input | a,b,c`. */
function wordsCases(): WordsCase[] {
  const out: WordsCase[] = [];
  const env = new Map<string, string>();
  const lines = readCorpus('buildkit/shell/wordsTest').split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    if (line.startsWith('#')) return;
    if (line.startsWith('ENV ')) {
      const kv = line.slice(3).replace(/^ +/, '');
      const eq = kv.indexOf('=');
      if (eq < 0) env.set(kv, '');
      else env.set(kv.slice(0, eq), kv.slice(eq + 1));
      return;
    }
    const fields = line.split('|');
    if (fields.length !== 2) throw new Error(`wordsTest line ${i + 1}: expected exactly one |`);
    out.push({
      line: i + 1,
      input: fields[0]!.trim(),
      expected: fields[1]!.replace(/^ +/, '').split(','),
      env: new Map(env),
    });
  });
  return out;
}

function runEnvVar(c: EnvVarCase): string {
  try {
    return expandWord(c.input, ENV, { platform: c.platform });
  } catch (e) {
    return `error (${(e as Error).name}: ${(e as Error).message})`;
  }
}

function envVarPasses(c: EnvVarCase): boolean {
  const got = runEnvVar(c);
  return c.expected === 'error' ? got.startsWith('error (ExpansionError') : got === c.expected;
}

function runWords(c: WordsCase): string[] {
  try {
    return expandWords(c.input, c.env);
  } catch (e) {
    return (e as Error).name === 'ExpansionError' ? ['error'] : [`crash: ${(e as Error).message}`];
  }
}

describe.skipIf(!haveCorpora)('BuildKit envVarTest (ProcessWord)', () => {
  const cases = haveCorpora ? envVarCases() : [];
  let passed = 0;
  let excepted = 0;
  afterAll(() => {
    reportPassRate('buildkit/shell/envVarTest', passed, cases.length - excepted, excepted);
  });

  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  for (const c of cases) {
    const title = `${c.platform} line ${c.line}: ${JSON.stringify(c.input)} → ${JSON.stringify(c.expected)}`;
    if (isException('envVarTest', c.input, c.platform)) {
      excepted++;
      it.skip(title, () => {});
      continue;
    }
    it(title, () => {
      const ok = envVarPasses(c);
      if (ok) passed++;
      if (c.expected === 'error') expect(runEnvVar(c)).toMatch(/^error \(ExpansionError/);
      else expect(runEnvVar(c)).toBe(c.expected);
    });
  }

  it('expands the whole table at a useful speed', () => {
    const opts: ExpandOptions[] = cases.map((c) => ({ platform: c.platform }));
    const rounds = 200;
    const t0 = performance.now();
    let words = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < cases.length; i++) {
        try {
          expandWord(cases[i]!.input, ENV, opts[i]);
        } catch {
          // error cases are part of the workload
        }
        words++;
      }
    }
    const ms = performance.now() - t0;
    const perSec = Math.round((words / ms) * 1000);
    console.log(
      `[speed] expandWord over envVarTest inputs: ${words} words in ${ms.toFixed(1)} ms ≈ ${perSec} words/s`,
    );
    expect(perSec).toBeGreaterThan(10_000);
  });
});

describe.skipIf(!haveCorpora)('BuildKit wordsTest (ProcessWords)', () => {
  const cases = haveCorpora ? wordsCases() : [];
  let passed = 0;
  let excepted = 0;
  afterAll(() => {
    reportPassRate('buildkit/shell/wordsTest', passed, cases.length - excepted, excepted);
  });

  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  for (const c of cases) {
    const title = `line ${c.line}: ${JSON.stringify(c.input)} → ${JSON.stringify(c.expected)}`;
    if (isException('wordsTest', c.input)) {
      excepted++;
      it.skip(title, () => {});
      continue;
    }
    it(title, () => {
      const got = runWords(c);
      if (JSON.stringify(got) === JSON.stringify(c.expected)) passed++;
      expect(got).toEqual(c.expected);
    });
  }
});
