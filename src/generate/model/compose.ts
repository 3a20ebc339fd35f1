/**
 * Plain data for the Compose files `init` writes: the subset of the Compose specification we generate, typed.
 * Key order in these objects is the order printed, so builders set keys in the order a reader expects.
 */

export interface ComposeHealthcheck {
  readonly test?: readonly string[];
  /** Switched off on purpose (a worker with nothing to probe). */
  readonly disable?: boolean;
  readonly interval?: string;
  readonly timeout?: string;
  readonly retries?: number;
  readonly start_period?: string;
}

export interface ComposeDependsOn {
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  readonly restart?: boolean;
}

export interface ComposeSecretRef {
  readonly source: string;
  readonly target?: string;
}

export interface ComposeWatchRule {
  readonly action: 'sync' | 'rebuild' | 'sync+restart';
  readonly path: string;
  readonly target?: string;
  readonly ignore?: readonly string[];
}

export interface ComposeBuild {
  readonly context: string;
  readonly dockerfile?: string;
  readonly target?: string;
}

export interface ComposeEnvFile {
  readonly path: string;
  readonly required: boolean;
}

export interface ComposeService {
  /** Comment lines above a key of this service (without `# `), e.g. a reasoned `dockwright ignore=`. Not data. */
  readonly comments?: Readonly<Record<string, readonly string[]>>;
  readonly image?: string;
  readonly build?: ComposeBuild;
  readonly command?: readonly string[];
  readonly env_file?: readonly ComposeEnvFile[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly secrets?: readonly (string | ComposeSecretRef)[];
  readonly depends_on?: Readonly<Record<string, ComposeDependsOn>>;
  readonly healthcheck?: ComposeHealthcheck;
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** Run an init (tini) as PID 1 so SIGTERM reaches the app and zombies are reaped. */
  readonly init?: boolean;
  readonly networks?: readonly string[];
  readonly user?: string;
  readonly read_only?: boolean;
  /** Writable paths on a read-only root filesystem (`/tmp`, caches). */
  readonly tmpfs?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly cap_add?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly deploy?: {
    readonly resources: { readonly limits: { readonly cpus: string; readonly memory: string } };
  };
  readonly develop?: { readonly watch: readonly ComposeWatchRule[] };
}

export interface ComposeNetwork {
  readonly internal?: boolean;
}

export interface ComposeFileModel {
  /** Comment lines at the top of the file (without `# `). */
  readonly header: readonly string[];
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly networks?: Readonly<Record<string, ComposeNetwork>>;
  readonly volumes?: Readonly<Record<string, Record<string, never>>>;
  readonly secrets?: Readonly<Record<string, { readonly file: string }>>;
}
