/** One interface over Docker, Podman and Buildah for `dockwright verify`. */
import type { ImageModel } from '../image/model.js';

export type EngineName = 'docker' | 'podman' | 'buildah';
export type ResourceKind = 'container' | 'image' | 'network' | 'volume';

export interface BuildRequest {
  /** Build context directory. */
  readonly context: string;
  /** Dockerfile path (absolute, or relative to the context); default `<context>/Dockerfile`. */
  readonly dockerfile?: string;
  readonly tag: string;
  readonly target?: string;
  readonly noCache?: boolean;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** `host` where the engine has no bridge network (builds that reach a registry need it then). */
  readonly network?: string;
  /** `os/arch[/variant]`. */
  readonly platform?: string;
  /** Where the engine writes the image id (docker `--iidfile`, podman/buildah `--iidfile`). */
  readonly iidFile?: string;
  readonly onOutput?: (chunk: string) => void;
  readonly timeoutMs?: number;
}

export interface BuildResult {
  readonly ok: boolean;
  /** The engine's full build output (plain progress). */
  readonly log: string;
  readonly imageId?: string;
}

export interface PortMapping {
  readonly host: number;
  readonly container: number;
  readonly protocol?: 'tcp' | 'udp';
}

export interface HealthOverride {
  /** Replaces the image's test (`CMD-SHELL` string). */
  readonly cmd?: string;
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly retries?: number;
}

export interface RunRequest {
  readonly image: string;
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly ports?: readonly PortMapping[];
  readonly env?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly readOnly?: boolean;
  readonly capDrop?: readonly string[];
  readonly capAdd?: readonly string[];
  readonly securityOpt?: readonly string[];
  readonly tmpfs?: readonly string[];
  /** `-v` specs (`volume:/path`, `/host:/path:ro`). */
  readonly volumes?: readonly string[];
  readonly network?: string;
  readonly networkAliases?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly health?: HealthOverride;
  /** Seconds `stop` waits before SIGKILL (the container's own default). */
  readonly stopTimeout?: number;
  readonly stopSignal?: string;
  /** `--init`: a tiny init as PID 1 forwards signals and reaps zombies. */
  readonly init?: boolean;
  /** `--add-host name:ip` (host networking: Compose service names mapped to 127.0.0.1). */
  readonly addHosts?: readonly string[];
  /** `--memory` (compose `deploy.resources.limits.memory`, `mem_limit`), e.g. `256m` or bytes. */
  readonly memory?: string;
  /** `--cpus` (compose `deploy.resources.limits.cpus`). */
  readonly cpus?: string;
  /** `--pids-limit`. */
  readonly pidsLimit?: number;
  /** `--no-healthcheck` (compose `healthcheck: { disable: true }`). */
  readonly noHealthcheck?: boolean;
  /** `--workdir`. */
  readonly workdir?: string;
}

export interface ContainerState {
  /** created, running, exited, dead… */
  readonly status: string;
  readonly running: boolean;
  readonly health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** The last health probe outputs, newest last. */
  readonly healthLog: readonly string[];
}

export interface ImageInfo {
  readonly id: string;
  readonly size: number;
  readonly user: string;
  readonly healthcheck?: readonly string[];
  readonly exposedPorts: readonly string[];
  readonly env: readonly string[];
  readonly stopSignal?: string;
}

export interface StopResult {
  readonly ms: number;
  readonly exitCode: number;
  /** True when the engine had to SIGKILL it (exit 137 after the grace period). */
  readonly killed: boolean;
}

export interface ContainerEngine {
  readonly name: EngineName;
  /** What was picked and how it builds, e.g. `docker 20.10.24 (classic client, built-in BuildKit)`. */
  readonly description: string;
  /** Buildah only builds. */
  readonly canRun: boolean;
  /** Whether Compose v2 (`docker compose`) is available. */
  readonly hasCompose: boolean;
  build(req: BuildRequest): Promise<BuildResult>;
  imageInfo(ref: string): Promise<ImageInfo | undefined>;
  hasImage(ref: string): Promise<boolean>;
  /** Read the image for the analyses (a `save` stream into the image reader). */
  readImage(ref: string): Promise<ImageModel>;
  run(req: RunRequest): Promise<{ readonly ok: boolean; readonly id?: string; readonly error?: string }>;
  state(id: string): Promise<ContainerState | undefined>;
  exec(id: string, command: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  logs(id: string, tailLines?: number): Promise<string>;
  /** SIGTERM (or the image's stop signal), SIGKILL after `graceSeconds`. */
  stop(id: string, graceSeconds: number): Promise<StopResult>;
  remove(kind: ResourceKind, ids: readonly string[]): Promise<void>;
  /** Ids/names of everything carrying `label` (`key=value`). */
  listLabelled(label: string): Promise<Record<ResourceKind, string[]>>;
  createNetwork(name: string, labels: Readonly<Record<string, string>>): Promise<boolean>;
  createVolume(name: string, labels: Readonly<Record<string, string>>): Promise<boolean>;
  /** Whether a network exists (verify uses host networking when the default bridge does not). */
  networkExists(name: string): Promise<boolean>;
  /** Run `docker compose <args>` (only when `hasCompose`). */
  compose?(
    args: readonly string[],
    cwd: string,
    timeoutMs?: number,
  ): Promise<{ code: number; stdout: string; stderr: string }>;
}

export type Env = Readonly<Record<string, string | undefined>>;
