import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  circleciScripts,
  gitlabScripts,
  type PipelineScript,
  shellcheckAll,
  shellcheckVersion,
} from './gitlab-scripts.js';
import { caseName, fileAt, releaseMatrix, releaseSetup } from './matrix.js';

/**
 * Every shell script of every GitLab (`before_script` + `script`, POSIX sh) and CircleCI (`run.command`, bash)
 * pipeline of the matrix, checked by ShellCheck in one batch: zero findings.
 */
describe(`ShellCheck ${shellcheckVersion()} over GitLab and CircleCI scripts`, () => {
  it('finds nothing in 72 pipelines', async () => {
    const scripts: PipelineScript[] = [];
    const cases = releaseMatrix().filter((c) => c.ci === 'gitlab' || c.ci === 'circleci');
    expect(cases).toHaveLength(72);
    for (const c of cases) {
      const s = await releaseSetup(c);
      const path = c.ci === 'gitlab' ? '.gitlab-ci.yml' : '.circleci/config.yml';
      const doc = parseYaml(fileAt(s, path)!.content) as Record<string, unknown>;
      scripts.push(
        ...(c.ci === 'gitlab' ? gitlabScripts(caseName(c), doc) : circleciScripts(caseName(c), doc)),
      );
    }
    expect(scripts.length).toBeGreaterThan(700);
    expect(shellcheckAll(scripts)).toEqual([]);
  });

  it('would report a finding (the check can fail)', () => {
    const findings = shellcheckAll([
      { origin: 'probe', shell: 'sh', text: 'for t in $(ls); do echo $t; done' },
    ]);
    expect(findings.length).toBeGreaterThan(0);
  });
});
