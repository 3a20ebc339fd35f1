import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groovyString,
  groovyTripleBody,
  printJenkinsfile,
  printSh,
} from '../../../src/generate/print/jenkinsfile.js';
import { dedentScript, parseBlocks, shSteps, tokenize } from './groovy-check.js';
import { groovyUnavailable, runGroovy } from './groovy-run.js';

/**
 * The Jenkinsfile printer's quoting: single-quoted and `'''` literals must give back the exact text (checked with
 * our decoder and, in one JVM, with Groovy itself), and the structural reader must reject broken input.
 */

const TRICKY = [
  "it's",
  "''",
  "'''",
  "ends with a quote'",
  'back\\slash',
  'ends with a backslash\\',
  'line\\\ncontinued',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  '$HOME ${HOME} \\$ "$x"',
  "tr -c 'A-Za-z0-9_.-' '-'",
  'printf \'%s\\n\' "$P"',
  'two\nlines',
  'unicode ’ … \\u0041',
];

const triple = (s: string) => `'''${groovyTripleBody(s)}'''`;

describe('Groovy string literals', () => {
  it('decode back to the input (our tokenizer), for tricky and random strings', () => {
    const check = (s: string) => {
      const one = tokenize(groovyString(s));
      expect(one).toHaveLength(1);
      expect(one[0]!.value).toBe(s);
      const three = tokenize(triple(s));
      expect(three).toHaveLength(1);
      expect(three[0]!.value).toBe(s);
    };
    for (const s of TRICKY) check(s);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => check(s.replace(/\r/g, ''))),
      { numRuns: 500 },
    );
  });

  const reason = groovyUnavailable();
  if (reason) {
    console.warn(`SKIPPED Groovy evaluation of string literals: ${reason}`);
    it.skip(`groovy unavailable: ${reason}`, () => {});
  } else {
    it('evaluate to the input in Groovy itself', () => {
      const samples = [
        ...TRICKY,
        ...fc.sample(fc.string({ unit: 'grapheme-ascii' }), { numRuns: 200, seed: 7 }),
      ];
      const lines = samples.flatMap((s) => [
        `println(${groovyString(s)}.getBytes('UTF-8').encodeBase64().toString())`,
        `println(${triple(s)}.getBytes('UTF-8').encodeBase64().toString())`,
      ]);
      const r = runGroovy(lines.join('\n'));
      expect(r.stderr).toBe('');
      const got = r.stdout
        .trim()
        .split('\n')
        .map((b) => Buffer.from(b, 'base64').toString('utf8'));
      expect(got).toEqual(samples.flatMap((s) => [s, s]));
    });
  }
});

describe('printSh and printJenkinsfile', () => {
  it("writes one-line scripts as sh '…' and others as an indented ''' block", () => {
    expect(printSh("echo 'hi'", 0)).toEqual(["sh 'echo \\'hi\\''"]);
    expect(printSh('a\nb', 1)).toEqual(["  sh '''", '    a', '    b', "  '''"]);
    expect(printSh('x', 0, 'Build')).toEqual(["sh label: 'Build', script: 'x'"]);
  });

  it('prints a model the structural reader reads back', () => {
    const script = "set -eu\necho \"$SECRET\" | tr -c 'a' 'b'\nprintf '%s\\n' x";
    const text = printJenkinsfile({
      header: ['test'],
      agent: 'any',
      options: ['timestamps()'],
      environment: [{ name: 'A', value: "'1'", comment: 'setting' }],
      stages: [
        {
          name: "it's",
          when: { anyOf: ["branch 'main'"], beforeAgent: true },
          environment: [['SECRET', "credentials('x')"]],
          steps: [{ kind: 'sh', script }],
          post: [{ condition: 'always', steps: [{ kind: 'raw', text: "echo 'done'" }] }],
        },
      ],
      post: [],
    });
    const tree = parseBlocks(text);
    const steps = shSteps(tree);
    expect(steps).toHaveLength(1);
    expect(dedentScript(steps[0]!.script.value)).toBe(script);
    expect(text).toContain("stage('it\\'s') {");
  });

  it('the reader rejects unbalanced blocks and unterminated strings', () => {
    expect(() => parseBlocks('pipeline {\n stages {\n}\n')).toThrow(/unbalanced/);
    expect(() => parseBlocks('a }\n')).toThrow(/unbalanced/);
    expect(() => parseBlocks("sh 'x\n")).toThrow(/line break/);
    expect(() => parseBlocks('f(a]\n')).toThrow(/unbalanced/);
    expect(tokenize('"a $X"')[0]!.kind).toBe('gstring');
    expect(tokenize("'a $X'")[0]!.kind).toBe('string');
  });
});
