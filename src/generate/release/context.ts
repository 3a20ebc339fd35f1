import type { AppFacts } from '../../detect/types.js';
import type { Profile } from '../../lint/engine/rule.js';
import type { MarkdownBlock } from '../model/files.js';
import type { CiProvider, Decision, Layout, PlannedFile, TestStage } from '../types.js';
import type { RegistryTarget } from './registry.js';

/**
 * What the tier 3–4 generators (CI pipelines, scanning, signing, bake, Harbor, Falco, compliance) need to know
 * about the setup. Built once by `plan.ts` from the stack's plan; every generator is a pure function of it.
 */
export interface ReleaseContext {
  readonly tier: 3 | 4;
  readonly ci: CiProvider;
  readonly registry: RegistryTarget;
  /** Image name (lower-case, repository-safe), e.g. `node-express`. */
  readonly image: string;
  readonly app: AppFacts;
  readonly stack: string;
  readonly layout: Layout;
  /** Dockerfile stages the pipeline builds. */
  readonly stages: {
    readonly production: string;
    /** `null` when the stack has no test stage (then the pipeline says so instead of running one). */
    readonly test: TestStage | null;
    readonly dev: string | null;
  };
  /** Platforms to build and push: one at tier 3, the stack's list at tier 4 (or with `--multi-arch`). */
  readonly platforms: readonly string[];
  /** Review profile the pipeline's lint step uses (the tier's). */
  readonly profile: Profile;
  /** Pinned dockwright version the pipeline runs (`npx --yes dockwright@<version>`). */
  readonly dockwrightVersion: string;
  readonly defaultBranch: string;
  /** The app's port, when it serves one (Falco's expected listening port, README). */
  readonly port: number | null;
  /** The production stage's working directory (the app's files), e.g. `/app`; `/` when it sets none. */
  readonly appDir: string;
  /** Paths the app may write at run time: its tmpfs mounts and data volume (everything else is read-only). */
  readonly writablePaths: readonly string[];
  /** The user the container runs as. */
  readonly user: { readonly name: string; readonly uid: number } | null;
  /** Compose files written (empty when none). */
  readonly composeFiles: readonly string[];
  /** Paths of files other generators write, so a pipeline or doc can point at them. */
  readonly paths: ReleasePaths;
}

export interface ReleasePaths {
  /** The CI pipeline file of `ci` (`.github/workflows/docker.yml`, `.gitlab-ci.yml`, `Jenkinsfile`, `.circleci/config.yml`). */
  readonly pipeline: string;
  readonly trivyConfig: string;
  readonly trivyIgnore: string;
  /** `docker-bake.hcl` at tier 4, else `null`. */
  readonly bake: string | null;
  readonly harborValues: string | null;
  readonly falcoRules: string | null;
  readonly compliance: string | null;
  readonly cosignPolicy: string | null;
}

/** What one tier 3–4 generator contributes. */
export interface ReleaseOutput {
  readonly files: readonly PlannedFile[];
  /** Sections for README.Docker.md (headings at level 2/3). */
  readonly readme: readonly MarkdownBlock[];
  readonly decisions: readonly Decision[];
}

export const EMPTY_OUTPUT: ReleaseOutput = { files: [], readme: [], decisions: [] };
