import type { Formatter } from './types.js';
import { groupByFile, xmlEscape } from './util.js';

/** JUnit XML for CI test tabs: one `<testsuite>` per file, one failing `<testcase>` per finding (a clean file passes). */
export const junit: Formatter = (diagnostics, { files }) => {
  const groups = groupByFile(diagnostics, files);
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  let tests = 0;
  const suites: string[] = [];
  for (const [file, list] of groups) {
    const name = xmlEscape(file);
    if (list.length === 0) {
      tests++;
      suites.push(`  <testsuite name="${name}" tests="1" failures="0" errors="0" skipped="0">`);
      suites.push(`    <testcase classname="${name}" name="dockwright"/>`);
      suites.push('  </testsuite>');
      continue;
    }
    tests += list.length;
    suites.push(
      `  <testsuite name="${name}" tests="${list.length}" failures="${list.length}" errors="0" skipped="0">`,
    );
    for (const d of list) {
      const where = `${d.file}:${d.start.line}:${d.start.column}`;
      const body = [`${where}: ${d.severity}: ${d.message} [${d.code}]`, ...(d.hint ? [d.hint] : [])].join(
        '\n',
      );
      suites.push(
        `    <testcase classname="${name}" name="${xmlEscape(`${d.code} ${d.start.line}:${d.start.column}`)}">`,
      );
      suites.push(
        `      <failure message="${xmlEscape(d.message)}" type="${xmlEscape(d.severity)}">${xmlEscape(body)}</failure>`,
      );
      suites.push('    </testcase>');
    }
    suites.push('  </testsuite>');
  }
  out.push(
    `<testsuites name="dockwright" tests="${tests}" failures="${diagnostics.length}" errors="0">`,
    ...suites,
    '</testsuites>',
  );
  return `${out.join('\n')}\n`;
};
