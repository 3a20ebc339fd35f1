import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachChild, type Node, parseShell } from '../../../src/parse/shell/index.js';
import { allNodes } from './dump.js';

const FRAGMENTS = [
  'apt-get',
  'install',
  '-y',
  '--no-install-recommends',
  'curl',
  ' ',
  ' ',
  '\t',
  '\n',
  ';',
  '&',
  '&&',
  '|',
  '||',
  '|&',
  '(',
  ')',
  '{',
  '}',
  '{ ',
  ' }',
  '<',
  '>',
  '>>',
  '2>&1',
  '<<',
  '<<-',
  '<<<',
  'EOF',
  '\nEOF\n',
  "'",
  '"',
  '`',
  '\\',
  '\\\n',
  '$',
  '$(',
  '${',
  '}',
  '$((',
  '))',
  '$x',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
  '${x:-y}',
  '#',
  '# c\n',
  'if ',
  'then ',
  'else ',
  'fi',
  'for ',
  'in ',
  'do ',
  'done',
  'while ',
  'case ',
  'esac',
  ';;',
  ')',
  '[[',
  ']]',
  '((',
  '=',
  'A=',
  'a=(',
  '*',
  '?',
  '[',
  ']',
  '!',
  'sh -c ',
  'sudo ',
  'env X=1 ',
  'function ',
  'é',
  '😀',
  '\r',
];

const fragmentScript = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 })
  .map((parts) => parts.join(''));

const seeds = [
  'set -eux; apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
  'if [ -n "$(curl -s u | jq .v)" ]; then for p in a b; do pip install "$p"; done; fi',
  "cat <<'EOF' > /x\n$HOME `x`\nEOF\necho `dirname \\`which sh\\``",
  'case $1 in a|b) f() { sh -c "echo \\"$x\\""; } ;; *) (( i++ )) ;; esac',
];

/** A seed with a random slice deleted, duplicated or replaced: realistic near-misses. */
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(), fc.constantFrom(...FRAGMENTS), fc.nat(2))
  .map(([seed, a, b, frag, kind]) => {
    const i = a % (seed.length + 1);
    const j = i + (b % 8);
    if (kind === 0) return seed.slice(0, i) + seed.slice(j);
    if (kind === 1) return seed.slice(0, j) + seed.slice(i, j) + seed.slice(j);
    return seed.slice(0, i) + frag + seed.slice(j);
  });

function checkInvariants(text: string): void {
  const offsets = [...text].map((_, i) => i);
  const script = parseShell({ text, toSource: (o) => 1000 + 2 * o });
  expect(script.diagnostics.filter((d) => d.code === 'shell/internal-error')).toEqual([]);
  const inBounds = (r: { start: number; end: number }) =>
    r.start >= 0 && r.end <= text.length && r.start <= r.end;
  const nodes: Node[] = allNodes(script.body, forEachChild);
  for (const n of nodes) expect(inBounds(n.range), `${n.type} ${JSON.stringify(n.range)}`).toBe(true);
  for (const d of script.diagnostics) expect(inBounds(d.range)).toBe(true);
  for (const c of script.comments) expect(inBounds(c.range)).toBe(true);
  for (const cmd of script.commands()) {
    expect(inBounds(cmd.range)).toBe(true);
    const sr = cmd.sourceRange;
    expect(sr.start).toBeGreaterThanOrEqual(1000);
    expect(sr.end).toBeGreaterThanOrEqual(sr.start);
    // Helpers never throw.
    cmd.is('apt-get', 'install');
    cmd.hasFlag('-y', '--no-install-recommends');
    cmd.flagValue('-o');
    cmd.positionalArgs();
    if (cmd.operatorAfter) expect(inBounds(cmd.operatorAfter.range)).toBe(true);
  }
  script.hasPipe();
  void offsets;
}

describe('parseShell properties', () => {
  it('random fragment soup: never throws, terminates, ranges in bounds', () => {
    fc.assert(
      fc.property(fragmentScript, (text) => checkInvariants(text)),
      { numRuns: 1500 },
    );
  });

  it('mutated realistic commands: same invariants', () => {
    fc.assert(
      fc.property(mutated, (text) => checkInvariants(text)),
      { numRuns: 1500 },
    );
  });

  it('arbitrary strings: same invariants', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => checkInvariants(text)),
      { numRuns: 1000 },
    );
  });

  it('deep nesting does not overflow the stack', () => {
    for (const open of ['$(', '(', '{ ', '${x:-', '"$(', 'if a; then ', '[[ (']) {
      const text = open.repeat(5000);
      const script = parseShell(text);
      expect(script.diagnostics.length).toBeGreaterThan(0);
      expect(script.diagnostics.some((d) => d.code === 'shell/internal-error')).toBe(false);
    }
  });
});

describe('regressions found by the property tests', () => {
  it('a problem at the very end of the input stays inside it ("function (")', () => {
    checkInvariants('function (');
  });
});

describe('regressions: backtracking over a newline with a pending here-doc', () => {
  it('does not crash on "<<apt-get(($((\\n"', () => {
    checkInvariants('<<apt-get(($((\n');
    expect(parseShell('<<apt-get(($((\n').diagnostics.some((d) => d.code === 'shell/internal-error')).toBe(
      false,
    );
  });
});
