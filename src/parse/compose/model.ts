/**
 * The resolved, normalised Compose model: what `docker compose config` prints. Short
 * syntaxes are expanded to their long form so rules read one shape; unknown and `x-*`
 * keys are kept as written. All of it is plain data (JSON/YAML-serialisable).
 */

export interface PortConfig {
  name?: string;
  mode: string;
  host_ip?: string;
  target: number;
  /** A port or a range (`"8000-8010"`), as a string like compose-go prints it. */
  published?: string;
  protocol: string;
  app_protocol?: string;
  [key: string]: unknown;
}

export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | string;
  /** Absolute host path for binds; the volume name for named volumes; absent for anonymous ones. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string; [key: string]: unknown };
  volume?: { nocopy?: boolean; subpath?: string; [key: string]: unknown };
  tmpfs?: { size?: number | string; mode?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface DependsOnConfig {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' | string;
  required: boolean;
  restart?: boolean;
  [key: string]: unknown;
}

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number | string;
  [key: string]: unknown;
}

export interface EnvFileConfig {
  path: string;
  required: boolean;
  format?: string;
}

export interface BuildConfig {
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  labels?: Record<string, string>;
  additional_contexts?: Record<string, string>;
  target?: string;
  [key: string]: unknown;
}

export interface HealthcheckConfig {
  test?: string[];
  interval?: string;
  timeout?: string;
  start_period?: string;
  start_interval?: string;
  retries?: number;
  disable?: boolean;
  [key: string]: unknown;
}

export interface ComposeService {
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  container_name?: string;
  depends_on?: Record<string, DependsOnConfig>;
  environment?: Record<string, string | null>;
  env_file?: EnvFileConfig[];
  healthcheck?: HealthcheckConfig;
  labels?: Record<string, string>;
  networks?: Record<string, Record<string, unknown> | null>;
  network_mode?: string;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: VolumeMount[];
  secrets?: FileReference[];
  configs?: FileReference[];
  profiles?: string[];
  restart?: string;
  user?: string;
  privileged?: boolean;
  read_only?: boolean;
  scale?: number;
  deploy?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ComposeResource {
  name?: string;
  external?: boolean;
  [key: string]: unknown;
}

export interface ComposeModel {
  name: string;
  services: Record<string, ComposeService>;
  networks: Record<string, ComposeResource>;
  volumes: Record<string, ComposeResource>;
  secrets: Record<string, ComposeResource>;
  configs: Record<string, ComposeResource>;
  models?: Record<string, Record<string, unknown>>;
  /** Services switched off by profiles (not in `services`), for rules and `depends_on` checks. */
  [key: string]: unknown;
}
