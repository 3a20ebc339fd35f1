import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without types
import { renderRegistry } from '../../scripts/gen-rule-registry.mjs';
import {
  contextFiles,
  type DocExample,
  docExamples,
  HEADER_END,
  HEADER_START,
  renderRuleHeader,
} from '../../src/lint/docs.js';
import { type AnyComposeRule, lintComposeProject } from '../../src/lint/engine/compose.js';
import { DEFAULT_SETTINGS, lintDockerfile } from '../../src/lint/engine/linter.js';
import type { BuildContextInfo } from '../../src/lint/engine/rule.js';
import { composeRules } from '../../src/lint/rules/compose/index.js';
import { dockerfileRules } from '../../src/lint/rules/dockerfile/index.js';
import { loadCompose } from '../../src/parse/compose/loader.js';
import { createMatcher, parseDockerignore } from '../../src/parse/dockerignore/index.js';
import { repoRoot } from '../helpers/corpora.js';

/** A build context described in a doc example's fence: the files in it and its .dockerignore. */
function fakeBuildContext(context: NonNullable<DocExample['context']>): BuildContextInfo {
  const paths = new Set<string>(['']);
  for (const file of Object.keys(contextFiles(context))) {
    const parts = file.split('/');
    for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('/'));
  }
  const matcher =
    context.dockerignore === undefined
      ? undefined
      : createMatcher(parseDockerignore(context.dockerignore).patterns);
  const clean = (p: string) => p.replace(/^\.?\/+/, '').replace(/\/$/, '');
  return {
    dir: '/doc-example',
    exists: (p) => paths.has(clean(p) === '.' ? '' : clean(p)),
    ...(matcher
      ? { dockerignore: { path: '.dockerignore', excludes: (p: string) => matcher.matches(clean(p)) } }
      : {}),
  };
}

const rulesDir = join(repoRoot, 'src/lint/rules/dockerfile');
const SOURCE_ID = /^(hadolint|buildkit|trivy|checkov|kics|dclint|shellcheck):[\w.-]+$/;

describe('rule registry', () => {
  it('is generated from the rule files (run `npm run gen:rules`)', () => {
    expect(readFileSync(join(rulesDir, 'index.ts'), 'utf8')).toBe(
      renderRegistry(`${rulesDir}/`, 'dockerfile'),
    );
  });

  it('has unique kebab-case names that match their file names', () => {
    const files = readdirSync(rulesDir)
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(dockerfileRules.map((r) => r.name).sort()).toEqual(files);
    for (const rule of dockerfileRules) expect(rule.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

describe.each(dockerfileRules.map((r) => [r.name, r] as const))('rule %s', (name, rule) => {
  it('has complete metadata', () => {
    expect(rule.meta.description.length).toBeGreaterThan(10);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const source of rule.meta.sources ?? []) expect(source).toMatch(SOURCE_ID);
  });

  it('has a test file', () => {
    expect(existsSync(join(repoRoot, 'test/lint/rules/dockerfile', `${name}.test.ts`))).toBe(true);
  });

  const docPath = join(repoRoot, 'docs/rules', `${name}.md`);
  it('has a doc page whose header matches the metadata', () => {
    expect(existsSync(docPath), `missing ${docPath}`).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    const start = doc.indexOf(HEADER_START);
    const end = doc.indexOf(HEADER_END);
    expect(start, 'doc page lacks the generated header markers').toBe(0);
    const header = renderRuleHeader(rule);
    if (process.env.UPDATE_DOCS && doc.slice(0, end + HEADER_END.length) !== header) {
      writeFileSync(docPath, header + doc.slice(end + HEADER_END.length));
      return;
    }
    expect(doc.slice(0, end + HEADER_END.length)).toBe(header);
  });

  it('has doc examples that agree with the rule', () => {
    const { bad, good } = docExamples(readFileSync(docPath, 'utf8'));
    expect(bad.length, 'needs a ```dockerfile block under ### Bad').toBeGreaterThan(0);
    expect(good.length, 'needs a ```dockerfile block under ### Good').toBeGreaterThan(0);
    const run = ({ code, settings, context }: DocExample) =>
      lintDockerfile(code, {
        path: 'Dockerfile',
        rules: [{ rule, severity: rule.meta.severity, options: rule.meta.defaultOptions ?? {} }],
        ...(settings ? { settings } : {}),
        ...(context ? { buildContext: fakeBuildContext(context) } : {}),
      }).diagnostics.filter((d) => d.code === name);
    for (const example of bad)
      expect(run(example).length, `bad example not reported:\n${example.code}`).toBeGreaterThan(0);
    for (const example of good) expect(run(example), `good example reported:\n${example.code}`).toEqual([]);
  });
});

const composeRulesDir = join(repoRoot, 'src/lint/rules/compose');

describe('compose rule registry', () => {
  it('is generated from the rule files (run `npm run gen:rules`)', () => {
    expect(readFileSync(join(composeRulesDir, 'index.ts'), 'utf8')).toBe(
      renderRegistry(`${composeRulesDir}/`, 'compose'),
    );
  });

  it('has unique names, distinct from Dockerfile rule names', () => {
    const names = composeRules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of composeRules) {
      expect(rule.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(
        dockerfileRules.some((d) => d.name === rule.name),
        rule.name,
      ).toBe(false);
    }
  });
});

async function lintComposeExample(rule: AnyComposeRule, { code, settings, context }: DocExample) {
  const dir = await mkdtemp(join(tmpdir(), 'dw-doc-'));
  try {
    await writeFile(join(dir, 'compose.yaml'), code);
    for (const [file, text] of Object.entries(context ? contextFiles(context) : {})) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    const project = await loadCompose({ workingDir: dir, env: {} });
    return lintComposeProject(project, {
      rules: [{ rule, severity: rule.meta.severity, options: rule.meta.defaultOptions ?? {} }],
      settings: { ...DEFAULT_SETTINGS, ...settings },
    }).diagnostics.filter((d) => d.code === rule.name);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(composeRules.map((r) => [r.name, r] as const))('compose rule %s', (name, rule) => {
  it('has complete metadata and a test file', () => {
    expect(rule.meta.description.length).toBeGreaterThan(10);
    for (const source of rule.meta.sources ?? []) expect(source).toMatch(SOURCE_ID);
    expect(existsSync(join(repoRoot, 'test/lint/rules/compose', `${name}.test.ts`))).toBe(true);
  });

  const docPath = join(repoRoot, 'docs/rules/compose', `${name}.md`);
  it('has a doc page whose header matches the metadata', () => {
    expect(existsSync(docPath), `missing ${docPath}`).toBe(true);
    const doc = readFileSync(docPath, 'utf8');
    const end = doc.indexOf(HEADER_END);
    expect(doc.indexOf(HEADER_START)).toBe(0);
    const header = renderRuleHeader(rule);
    if (process.env.UPDATE_DOCS && doc.slice(0, end + HEADER_END.length) !== header) {
      writeFileSync(docPath, header + doc.slice(end + HEADER_END.length));
      return;
    }
    expect(doc.slice(0, end + HEADER_END.length)).toBe(header);
  });

  it('has doc examples that agree with the rule', async () => {
    const { bad, good } = docExamples(readFileSync(docPath, 'utf8'), 'yaml');
    expect(bad.length, 'needs a ```yaml block under ### Bad').toBeGreaterThan(0);
    expect(good.length, 'needs a ```yaml block under ### Good').toBeGreaterThan(0);
    for (const example of bad)
      expect(
        (await lintComposeExample(rule, example)).length,
        `bad example not reported:\n${example.code}`,
      ).toBeGreaterThan(0);
    for (const example of good)
      expect(await lintComposeExample(rule, example), `good example reported:\n${example.code}`).toEqual([]);
  });
});
