import type { PlannedFile } from '../../types.js';
import type { ReleaseContext, ReleaseOutput } from '../context.js';
import { DEPENDABOT_FILE, dependabotConfig } from './github-dependabot.js';
import { DOCKER_WORKFLOW, dockerWorkflow } from './github-docker.js';
import { PROMOTE_WORKFLOW, promoteWorkflow } from './github-promote.js';
import { githubDecisions, githubReadme } from './github-readme.js';

/**
 * `--ci github` (the default): the docker workflow, Dependabot for the pins and images and, at tier 4, the GitOps
 * promotion workflow, with their README sections and decisions.
 */
export function githubPipeline(ctx: ReleaseContext): ReleaseOutput {
  const files: PlannedFile[] = [{ kind: 'yaml', path: DOCKER_WORKFLOW, model: dockerWorkflow(ctx) }];
  if (ctx.tier === 4) files.push({ kind: 'yaml', path: PROMOTE_WORKFLOW, model: promoteWorkflow(ctx) });
  files.push({ kind: 'yaml', path: DEPENDABOT_FILE, model: dependabotConfig(ctx) });
  return { files, readme: githubReadme(ctx), decisions: githubDecisions(ctx) };
}
