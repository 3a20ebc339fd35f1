import type { MarkdownBlock } from '../model/files.js';
import type { CiProvider, Decision, PlannedFile } from '../types.js';
import { bakeFile } from './bake.js';
import { circleciPipeline } from './ci/circleci.js';
import { githubPipeline } from './ci/github.js';
import { gitlabPipeline } from './ci/gitlab.js';
import { jenkinsPipeline } from './ci/jenkins.js';
import { complianceDoc } from './compliance.js';
import type { ReleaseContext, ReleaseOutput, ReleasePaths } from './context.js';
import { harborValues } from './harbor.js';
import { runtimeSecurity } from './runtime-security.js';
import { scanning } from './scan.js';
import { signing } from './signing.js';

export type { ReleaseContext, ReleaseOutput, ReleasePaths } from './context.js';
export { type RegistryTarget, registryTarget } from './registry.js';

/** The pipeline file each CI reads. */
export const PIPELINE_PATHS: Readonly<Record<CiProvider, string>> = {
  github: '.github/workflows/docker.yml',
  gitlab: '.gitlab-ci.yml',
  jenkins: 'Jenkinsfile',
  circleci: '.circleci/config.yml',
};

/** Where tier 3–4 files go (relative to the project root). */
export function releasePaths(tier: 3 | 4, ci: CiProvider): ReleasePaths {
  return {
    pipeline: PIPELINE_PATHS[ci],
    trivyConfig: 'trivy.yaml',
    trivyIgnore: '.trivyignore',
    bake: tier === 4 ? 'docker-bake.hcl' : null,
    harborValues: tier === 4 ? 'deploy/harbor-values.yaml' : null,
    falcoRules: tier === 4 ? 'deploy/falco-rules.yaml' : null,
    compliance: tier === 4 ? 'COMPLIANCE.md' : null,
    cosignPolicy: tier === 4 ? 'deploy/cosign-policy.yaml' : null,
  };
}

function pipeline(ctx: ReleaseContext): ReleaseOutput {
  switch (ctx.ci) {
    case 'github':
      return githubPipeline(ctx);
    case 'gitlab':
      return gitlabPipeline(ctx);
    case 'jenkins':
      return jenkinsPipeline(ctx);
    case 'circleci':
      return circleciPipeline(ctx);
  }
}

/** Every tier 3–4 file, README section and decision, in a stable order. */
export function releaseFiles(ctx: ReleaseContext): ReleaseOutput {
  const parts: ReleaseOutput[] = [pipeline(ctx), scanning(ctx), signing(ctx)];
  if (ctx.tier === 4) parts.push(bakeFile(ctx), harborValues(ctx), runtimeSecurity(ctx), complianceDoc(ctx));
  const files: PlannedFile[] = [];
  const readme: MarkdownBlock[] = [];
  const decisions: Decision[] = [];
  for (const p of parts) {
    files.push(...p.files);
    readme.push(...p.readme);
    decisions.push(...p.decisions);
  }
  return { files, readme, decisions };
}
