import type { AppFacts, ProjectFacts } from '../detect/types.js';
import type { Profile } from '../lint/engine/rule.js';
import type { BakeFileModel } from './model/bake.js';
import type { ComposeFileModel, ComposeService, ComposeWatchRule } from './model/compose.js';
import type { DockerfileModel } from './model/dockerfile.js';
import type { DockerignoreModel, EnvExampleModel, MarkdownModel, NginxSiteModel } from './model/files.js';
import type { JenkinsfileModel } from './model/jenkinsfile.js';
import type { YamlFileModel } from './model/yaml.js';
import type { ReleaseContext } from './release/context.js';

export type Tier = 1 | 2 | 3 | 4;
export type FinalImage = 'official' | 'slim' | 'alpine' | 'distroless' | 'scratch';
export type Registry = 'hub' | 'ghcr' | 'ecr' | 'gcr' | 'acr' | 'harbor';
export type CiProvider = 'github' | 'gitlab' | 'jenkins' | 'circleci';

export interface SetupOptions {
  readonly tier: Tier;
  /** Which app of a monorepo (name or path, as `detect --app`). Default: the first app. */
  readonly app?: string;
  readonly port?: number;
  readonly finalImage?: FinalImage;
  readonly registry?: Registry;
  readonly ci?: CiProvider;
  /** Write compose files even at tier 1. */
  readonly compose?: boolean;
  readonly multiArch?: boolean;
}

/** Why the plan chose something: shown by `init` and documented in README.Docker.md. */
export interface Decision {
  readonly topic: string;
  readonly choice: string;
  readonly reason: string;
}

export interface BaseImageChoice {
  readonly stage: string;
  readonly image: string;
  readonly reason: string;
}

export type PlannedFile =
  | { readonly kind: 'dockerfile'; readonly path: string; readonly model: DockerfileModel }
  | { readonly kind: 'compose'; readonly path: string; readonly model: ComposeFileModel }
  | { readonly kind: 'dockerignore'; readonly path: string; readonly model: DockerignoreModel }
  | { readonly kind: 'env-example'; readonly path: string; readonly model: EnvExampleModel }
  | { readonly kind: 'markdown'; readonly path: string; readonly model: MarkdownModel }
  | { readonly kind: 'nginx'; readonly path: string; readonly model: NginxSiteModel }
  /** CI pipelines, trivy.yaml, Harbor values, Falco rules, dependabot.yml … (tiers 3–4). */
  | { readonly kind: 'yaml'; readonly path: string; readonly model: YamlFileModel }
  | { readonly kind: 'bake'; readonly path: string; readonly model: BakeFileModel }
  | { readonly kind: 'jenkinsfile'; readonly path: string; readonly model: JenkinsfileModel }
  /** Line-based files without a richer model (`.trivyignore`, a seccomp note …). */
  | { readonly kind: 'text'; readonly path: string; readonly model: { readonly lines: readonly string[] } };

export type FileKind = PlannedFile['kind'];

/** Where things go, relative to the project root (`/`-separated). */
export interface Layout {
  /** Build context directory (`.` = the project root). */
  readonly context: string;
  /** Dockerfile path from the project root. */
  readonly dockerfile: string;
  /** The app directory from the build context (`.` when the context is the app). */
  readonly appInContext: string;
}

export interface SetupPlan {
  readonly tier: Tier;
  /** The review profile the self-check lints with. */
  readonly profile: Profile;
  readonly stack: string;
  readonly app: AppFacts;
  readonly layout: Layout;
  readonly finalImage: FinalImage;
  readonly images: readonly BaseImageChoice[];
  /** The user the container runs as; `null` = root (tier 1 only). */
  readonly user: { readonly name: string; readonly uid: number } | null;
  readonly ports: readonly number[];
  readonly decisions: readonly Decision[];
  /** The options as resolved (what `.dockwright.yaml` stores so a re-run reproduces the output). */
  readonly options: SetupOptions & { readonly finalImage: FinalImage };
  readonly files: readonly PlannedFile[];
  /**
   * Secret files compose.yaml reads (`./secrets/*.txt`). `init` creates the missing ones with random content
   * (mode 0600) and never overwrites or prints them; they are not part of the reproducible output.
   */
  readonly secretFiles: readonly SecretFile[];
  /** Tiers 3–4: what the CI, scanning, signing, bake … generators were given (`null` below tier 3). */
  readonly release: ReleaseContext | null;
}

export interface SecretFile {
  readonly path: string;
  readonly kind: 'password' | 'rabbitmq-config';
}

export interface RenderedFile {
  readonly path: string;
  /** `config` is `.dockwright.yaml`, added by the CLI. */
  readonly kind: FileKind | 'config';
  readonly content: string;
}

/** Read-only view of the project tree; stacks ask it whether optional files exist before copying them. */
export interface ProjectFiles {
  exists(path: string): boolean;
  readText(path: string): string | undefined;
}

/** What a stack needs to plan one app. */
export interface StackInput {
  readonly facts: ProjectFacts;
  readonly app: AppFacts;
  readonly tier: Tier;
  readonly options: SetupOptions;
  readonly files: ProjectFiles;
  readonly layout: Layout;
}

/** The development variant of the app service (compose.override.yaml). */
export interface DevService {
  readonly target: string;
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
  readonly watch: readonly ComposeWatchRule[];
  readonly notes: readonly string[];
  /**
   * The dev container's probe, when the production one cannot run in the dev stage (a distroless runtime's
   * `/nodejs/bin/node`, a probe binary copied only into the runtime stage).
   */
  readonly healthcheck?: ComposeService['healthcheck'];
}

/** What a stack contributes; the core turns it into files per tier. */
export interface StackPlan {
  readonly dockerfile: DockerfileModel;
  /** Language-specific `.dockerignore` groups (the core adds the common ones). */
  readonly ignore: DockerignoreModel['groups'];
  readonly finalImage: FinalImage;
  readonly images: readonly BaseImageChoice[];
  readonly user: { readonly name: string; readonly uid: number } | null;
  /** Port the container listens on; `null` for workers and CLIs. */
  readonly port: number | null;
  /** The production service's probe for compose (same as the image HEALTHCHECK). */
  readonly healthcheck: ComposeService['healthcheck'] | null;
  /** Variables the image sets (documented in README/.env.example). */
  readonly environment: Readonly<Record<string, string>>;
  /** Writable paths that need a volume (SQLite files). */
  readonly dataDir: string | null;
  readonly dev: DevService | null;
  readonly extraFiles: readonly PlannedFile[];
  readonly decisions: readonly Decision[];
  /** Lines for README.Docker.md about this stack. */
  readonly readme: readonly string[];
  /**
   * Tiers 3–4: the Dockerfile's `test` stage (built `FROM` the build stage; `docker build --target test` runs the
   * project's tests). `null` when the stack has none at this tier.
   */
  readonly test?: TestStage | null;
  /**
   * Paths the app writes at run time (besides `dataDir`), mounted as tmpfs when compose makes the root
   * filesystem read-only (tier 3+). `/tmp` is always added by the core.
   */
  readonly writablePaths?: readonly string[];
  /**
   * Platforms the final image can be built for (tier 4 bake, `--multi-arch`), e.g. linux/amd64, linux/arm64,
   * linux/arm/v7 — only those every base image of the Dockerfile publishes.
   */
  readonly platforms?: readonly string[];
}

export interface TestStage {
  /** Stage name in the Dockerfile (always `test`). */
  readonly stage: string;
  /** What the stage runs, for README.Docker.md and the CI pipeline's description. */
  readonly command: string;
  /** Where the command came from (a `test` script, pytest in the dependencies, `go test` …). */
  readonly reason: string;
}

export interface Stack {
  readonly id: string;
  /** Languages this stack generates for. */
  readonly languages: readonly string[];
  plan(input: StackInput): StackPlan;
}
