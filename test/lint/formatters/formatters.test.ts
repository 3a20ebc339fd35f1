import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../src/cli/commands/index.js';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import { SourceFile } from '../../../src/core/source.js';
import { DEFAULT_CONFIG, resolveRules } from '../../../src/lint/engine/config.js';
import { lintDockerfile } from '../../../src/lint/engine/linter.js';
import { checkstyle } from '../../../src/lint/formatters/checkstyle.js';
import { escapeData, escapeProperty, github } from '../../../src/lint/formatters/github.js';
import { gitlab } from '../../../src/lint/formatters/gitlab.js';
import { type FormatOptions, formatters } from '../../../src/lint/formatters/index.js';
import { json } from '../../../src/lint/formatters/json.js';
import { junit } from '../../../src/lint/formatters/junit.js';
import { sarif } from '../../../src/lint/formatters/sarif.js';
import { stylish } from '../../../src/lint/formatters/stylish.js';
import { dockerfileRules } from '../../../src/lint/rules/dockerfile/index.js';
import { ANSI } from '../../helpers/cli.js';

const TEXT = 'FROM debian:12\nMAINTAINER me\n\tRUN echo "a" \\\n  && true\n';
const source = new SourceFile('svc/Dockerfile', TEXT);

function diag(start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    file: 'svc/Dockerfile',
    range: { start, end },
    start: source.positionAt(start),
    end: source.positionAt(end),
    severity: 'warning',
    code: 'no-maintainer',
    message: 'MAINTAINER is deprecated',
    ...extra,
  };
}

const maintainer = diag(15, 25, {
  sources: ['hadolint:DL4000', 'buildkit:MaintainerDeprecated'],
  fix: { kind: 'safe', edits: [{ range: { start: 15, end: 28 }, text: 'LABEL x=y' }] },
});
const hostile = diag(30, 34, {
  code: 'shellcheck/SC2086',
  severity: 'error',
  message: 'weird: 100% <bad> & "quoted", \'single\'\r\nsecond line\u0001',
  sources: ['shellcheck:SC2086'],
  hint: 'a hint, with: punctuation',
});
const parseError = diag(0, 4, {
  code: 'dockerfile/unknown-instruction',
  severity: 'error',
  message: 'unknown instruction',
});
const other = {
  ...diag(0, 4),
  file: 'b,c:d%.Dockerfile',
  code: 'missing-user',
  severity: 'info' as const,
  message: 'no user',
};
const all = [parseError, maintainer, hostile, other];

const options: FormatOptions = {
  color: pc.createColors(false),
  fileCount: 3,
  files: ['svc/Dockerfile', 'b,c:d%.Dockerfile', 'clean/Dockerfile'],
  sources: new Map([['svc/Dockerfile', TEXT]]),
  toolVersion: '0.1.0',
};

describe('formatter registry', () => {
  it('the lint command offers exactly the registered formats, stylish first', () => {
    const lint = commands.find((c) => c.name === 'lint')!;
    expect([...lint.formats].sort()).toEqual(Object.keys(formatters).sort());
    expect(lint.formats[0]).toBe('stylish');
  });

  it.each(Object.entries(formatters))('%s handles no findings', (_name, format) => {
    expect(typeof format([], { ...options, files: [] })).toBe('string');
    expect(typeof format([], options)).toBe('string');
  });
});

describe('json', () => {
  it('carries the stable fields, sources and fixes', () => {
    const out = JSON.parse(json(all, options));
    expect(out).toHaveLength(4);
    expect(out[1]).toEqual({
      ruleId: 'no-maintainer',
      severity: 'warning',
      message: 'MAINTAINER is deprecated',
      file: 'svc/Dockerfile',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 11,
      fix: { kind: 'safe', edits: [{ range: [15, 28], text: 'LABEL x=y' }] },
      sources: ['hadolint:DL4000', 'buildkit:MaintainerDeprecated'],
    });
    expect(out[0]).toMatchObject({ ruleId: 'dockerfile/unknown-instruction', sources: [] });
    expect(out[2].hint).toBe('a hint, with: punctuation');
    expect(json([], options)).toBe('[]\n');
  });
});

describe('stylish', () => {
  it('shows a code frame with the range underlined, tabs kept for alignment', () => {
    const out = stylish([maintainer, hostile], options);
    expect(out).toContain('2 │ MAINTAINER me\n');
    expect(out).toContain(`  │ ^${'~'.repeat(9)}\n`);
    // Line 3 starts with a tab: the underline padding keeps it.
    expect(out).toContain('3 │ \tRUN echo "a" \\\n');
    expect(out).toMatch(/│ \t\^~~~\n/);
    expect(out).toContain('↳ a hint, with: punctuation');
    // One line per finding, whatever the message holds.
    expect(out).toContain(
      'error    weird: 100% <bad> & "quoted", \'single\' second line  shellcheck/SC2086\n',
    );
    expect(out).toContain('2 problems (1 error, 1 warning) in 3 files');
  });

  it('works without sources and colours only when asked', () => {
    const out = stylish([maintainer], { ...options, sources: undefined });
    expect(out).not.toContain('│');
    expect(out).not.toMatch(ANSI);
    expect(stylish([maintainer], { ...options, color: pc.createColors(true) })).toMatch(ANSI);
    expect(stylish([], options)).toBe('✔ 3 files checked, no problems found\n');
  });

  it('cuts very long lines around the finding', () => {
    const long = `RUN ${'x'.repeat(300)} BAD ${'y'.repeat(300)}\n`;
    const src = new SourceFile('L', long);
    const at = long.indexOf('BAD');
    const d: Diagnostic = {
      ...diag(0, 0),
      file: 'L',
      range: { start: at, end: at + 3 },
      start: src.positionAt(at),
      end: src.positionAt(at + 3),
    };
    const out = stylish([d], { ...options, sources: new Map([['L', long]]) });
    const [code, marks] = out.split('\n').slice(2, 4) as [string, string];
    expect(code.length).toBeLessThan(200);
    expect(code.slice(marks.indexOf('^'), marks.indexOf('^') + 3)).toBe('BAD');
    expect(marks.trimEnd().endsWith('^~~')).toBe(true);
  });
});

describe('sarif', () => {
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures/sarif-2.1.0.schema.json'), 'utf8'),
  );
  // ajv-draft-04 is CommonJS: its class is the default export's `default` under NodeNext.
  const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
  const ajv = new (
    Ajv as unknown as new (
      o: object,
    ) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }
  )({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 schema, with and without findings', () => {
    for (const input of [all, []]) {
      const log = JSON.parse(sarif(input, options));
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('describes every rule with a help URI and points results at them by index', () => {
    const log = JSON.parse(sarif(all, options));
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'dockwright', version: '0.1.0' });
    const rules = run.tool.driver.rules as {
      id: string;
      helpUri?: string;
      defaultConfiguration: { level: string };
    }[];
    for (const rule of dockerfileRules) {
      const entry = rules.find((r) => r.id === rule.name)!;
      expect(entry.helpUri).toBe(
        `https://github.com/dockwright/dockwright/blob/main/docs/rules/${rule.name}.md`,
      );
      expect(['error', 'warning', 'note']).toContain(entry.defaultConfiguration.level);
    }
    for (const result of run.results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const sc = rules.find((r) => r.id === 'shellcheck/SC2086')!;
    expect(sc.helpUri).toBe('https://www.shellcheck.net/wiki/SC2086');
    const m = run.results.find((r: { ruleId: string }) => r.ruleId === 'no-maintainer');
    expect(m.locations[0].physicalLocation.region).toMatchObject({
      startLine: 2,
      startColumn: 1,
      endLine: 2,
      endColumn: 11,
    });
    expect(m.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { charOffset: 15, charLength: 13 },
      insertedContent: { text: 'LABEL x=y' },
    });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'missing-user').level).toBe('note');
    expect(run.artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toContain(
      'b%2Cc%3Ad%25.Dockerfile',
    );
  });

  it('validates for real lint output of every registered rule', () => {
    const text =
      'from debian AS Build\nMAINTAINER x\nRUN cd /x && apt-get install curl\nWORKDIR app\nCMD node server.js\n';
    const rules = resolveRules(dockerfileRules, DEFAULT_CONFIG, 'hardened');
    const { diagnostics } = lintDockerfile(text, { path: 'Dockerfile', rules });
    const log = JSON.parse(sarif(diagnostics, { ...options, sources: new Map([['Dockerfile', text]]) }));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});

describe('github', () => {
  it('escapes data and properties', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const lines = github(all, options).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      '::warning file=svc/Dockerfile,line=2,col=1,endLine=2,endColumn=11,title=dockwright no-maintainer::MAINTAINER is deprecated',
    );
    expect(lines[2]).toBe(
      `::error file=svc/Dockerfile,line=3,col=2,endLine=3,endColumn=6,title=dockwright shellcheck/SC2086::weird: 100%25 <bad> & "quoted", 'single'%0D%0Asecond line\u0001%0Aa hint, with: punctuation`,
    );
    expect(lines[3]).toMatch(/^::notice file=b%2Cc%3Ad%25.Dockerfile,line=1,/);
    expect(github([], options)).toBe('');
  });
});

describe('gitlab', () => {
  it('writes Code Quality issues with stable, unique fingerprints', () => {
    const issues = JSON.parse(gitlab(all, options));
    expect(issues[1]).toMatchObject({
      description: 'MAINTAINER is deprecated',
      check_name: 'no-maintainer',
      severity: 'minor',
      location: { path: 'svc/Dockerfile', lines: { begin: 2 } },
    });
    expect(issues.map((i: { severity: string }) => i.severity)).toEqual(['major', 'minor', 'major', 'info']);
    const prints = issues.map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    // Moving the finding down a line (same content) keeps its fingerprint.
    const shifted = `\n${TEXT}`;
    const moved = { ...maintainer, start: { line: 3, column: 1 }, end: { line: 3, column: 11 } };
    const again = JSON.parse(
      gitlab([moved], { ...options, sources: new Map([['svc/Dockerfile', shifted]]) }),
    );
    expect(again[0].fingerprint).toBe(issues[1].fingerprint);
    // Two identical findings on identical lines stay distinct.
    const twice = JSON.parse(gitlab([maintainer, maintainer], options));
    expect(twice[0].fingerprint).not.toBe(twice[1].fingerprint);
    expect(gitlab([], options)).toBe('[]\n');
  });
});

function wellFormedXml(xml: string): void {
  // A tiny well-formedness check: balanced tags, no raw specials in attribute values.
  const stack: string[] = [];
  for (const m of xml.matchAll(
    /<(\/?)([A-Za-z]+)((?:\s+[a-zA-Z]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^"<&]*)*")*)\s*(\/?)>/g,
  )) {
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
  const withoutTags = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<[^>]*>/g, '');
  expect(withoutTags).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

describe('checkstyle', () => {
  it('escapes and lists every checked file', () => {
    const xml = checkstyle(all, options);
    wellFormedXml(xml);
    expect(xml).toContain('<file name="clean/Dockerfile"/>');
    expect(xml).toContain(
      'message="weird: 100% &lt;bad&gt; &amp; &quot;quoted&quot;, &apos;single&apos;&#13;&#10;second line\uFFFD"',
    );
    expect(xml).toContain('source="dockwright.no-maintainer"');
    expect(xml).toContain(
      '<error line="1" column="1" severity="info" message="no user" source="dockwright.missing-user"/>',
    );
    wellFormedXml(checkstyle([], { ...options, files: [] }));
  });
});

describe('junit', () => {
  it('one suite per file, a failing case per finding, clean files pass', () => {
    const xml = junit(all, options);
    wellFormedXml(xml);
    expect(xml).toContain('<testsuites name="dockwright" tests="5" failures="4" errors="0">');
    expect(xml).toContain('<testsuite name="svc/Dockerfile" tests="3" failures="3" errors="0" skipped="0">');
    expect(xml).toContain('<testcase classname="clean/Dockerfile" name="dockwright"/>');
    expect(xml).toContain('name="no-maintainer 2:1"');
    expect((xml.match(/<failure /g) ?? []).length).toBe(4);
    wellFormedXml(junit([], { ...options, files: [] }));
  });
});
