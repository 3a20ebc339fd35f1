/**
 * The keys Quadlet documents, per section, and the only ones `migrate podman` may write.
 *
 * Source: podman-systemd.unit(5) (containers/podman `docs/source/markdown/podman-systemd.unit.5.md`,
 * the option tables of "Container units [Container]", "Pod units [Pod]", "Network units [Network]",
 * "Volume units [Volume]", "Build units [Build]" and "Quadlet section [Quadlet]"). Quadlet passes the
 * other sections to systemd untouched; for those we list only what we write (systemd.unit(5),
 * systemd.service(5)), and for `[Install]` exactly the four keys Quadlet says it applies
 * ("Currently, only the Alias, WantedBy, RequiredBy, and UpheldBy keys are supported").
 *
 * Deliberately a small subset of what podman-systemd.unit(5) offers is *used*; the allowlist is the
 * documented set so a test can assert every generated key is one of them.
 */

const CONTAINER_KEYS = [
  'AddCapability',
  'AddDevice',
  'AddHost',
  'Annotation',
  'AutoUpdate',
  'CgroupsMode',
  'ContainerName',
  'ContainersConfModule',
  'DNS',
  'DNSOption',
  'DNSSearch',
  'DropCapability',
  'Entrypoint',
  'Environment',
  'EnvironmentFile',
  'EnvironmentHost',
  'Exec',
  'ExposeHostPort',
  'GIDMap',
  'GlobalArgs',
  'Group',
  'GroupAdd',
  'HealthCmd',
  'HealthInterval',
  'HealthLogDestination',
  'HealthMaxLogCount',
  'HealthMaxLogSize',
  'HealthOnFailure',
  'HealthRetries',
  'HealthStartPeriod',
  'HealthStartupCmd',
  'HealthStartupInterval',
  'HealthStartupRetries',
  'HealthStartupSuccess',
  'HealthStartupTimeout',
  'HealthTimeout',
  'HostName',
  'Image',
  'IP',
  'IP6',
  'Label',
  'LogDriver',
  'LogOpt',
  'Mask',
  'Memory',
  'Mount',
  'Network',
  'NetworkAlias',
  'NoNewPrivileges',
  'Notify',
  'PidsLimit',
  'Pod',
  'PodmanArgs',
  'PublishPort',
  'Pull',
  'ReadOnly',
  'ReadOnlyTmpfs',
  'ReloadCmd',
  'ReloadSignal',
  'Retry',
  'RetryDelay',
  'Rootfs',
  'RunInit',
  'SeccompProfile',
  'Secret',
  'SecurityLabelDisable',
  'SecurityLabelFileType',
  'SecurityLabelLevel',
  'SecurityLabelNested',
  'SecurityLabelType',
  'ShmSize',
  'StartWithPod',
  'StopSignal',
  'StopTimeout',
  'SubGIDMap',
  'SubUIDMap',
  'Sysctl',
  'Timezone',
  'Tmpfs',
  'UIDMap',
  'Ulimit',
  'Unmask',
  'User',
  'UserNS',
  'Volume',
  'WorkingDir',
] as const;

const POD_KEYS = [
  'AddHost',
  'ContainersConfModule',
  'DNS',
  'DNSOption',
  'DNSSearch',
  'ExitPolicy',
  'GIDMap',
  'GlobalArgs',
  'HostName',
  'IP',
  'IP6',
  'Label',
  'Network',
  'NetworkAlias',
  'PodmanArgs',
  'PodName',
  'PublishPort',
  'ServiceName',
  'ShmSize',
  'SubGIDMap',
  'SubUIDMap',
  'UIDMap',
  'UserNS',
  'Volume',
] as const;

const NETWORK_KEYS = [
  'ContainersConfModule',
  'DisableDNS',
  'DNS',
  'Driver',
  'Gateway',
  'GlobalArgs',
  'InterfaceName',
  'Internal',
  'IPAMDriver',
  'IPRange',
  'IPv6',
  'Label',
  'NetworkDeleteOnStop',
  'NetworkName',
  'Options',
  'PodmanArgs',
  'Subnet',
] as const;

const VOLUME_KEYS = [
  'ContainersConfModule',
  'Copy',
  'Device',
  'Driver',
  'GlobalArgs',
  'Group',
  'Image',
  'Label',
  'Options',
  'PodmanArgs',
  'Type',
  'User',
  'VolumeName',
] as const;

const BUILD_KEYS = [
  'Annotation',
  'Arch',
  'AuthFile',
  'ContainersConfModule',
  'DNS',
  'DNSOption',
  'DNSSearch',
  'Environment',
  'File',
  'ForceRM',
  'GlobalArgs',
  'GroupAdd',
  'ImageTag',
  'Label',
  'Network',
  'PodmanArgs',
  'Pull',
  'Retry',
  'RetryDelay',
  'Secret',
  'SetWorkingDirectory',
  'Target',
  'TLSVerify',
  'Variant',
  'Volume',
] as const;

/** systemd.unit(5) `[Unit]` keys this converter writes (Quadlet translates `*.container` names in them). */
const UNIT_KEYS = [
  'Description',
  'Documentation',
  'Requires',
  'Wants',
  'After',
  'PartOf',
  'StartLimitBurst',
] as const;

/** systemd.service(5) `[Service]` keys this converter writes. */
const SERVICE_KEYS = ['Restart', 'RestartSec', 'TimeoutStartSec', 'Type', 'RemainAfterExit'] as const;

/** podman-systemd.unit(5), "Enabling unit files": the only `[Install]` keys Quadlet applies. */
const INSTALL_KEYS = ['Alias', 'WantedBy', 'RequiredBy', 'UpheldBy'] as const;

export type UnitKind = 'container' | 'pod' | 'network' | 'volume' | 'build';

/** The Quadlet section each unit kind must carry. */
export const MAIN_SECTION: Readonly<Record<UnitKind, string>> = {
  container: 'Container',
  pod: 'Pod',
  network: 'Network',
  volume: 'Volume',
  build: 'Build',
};

export const QUADLET_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  Container: new Set(CONTAINER_KEYS),
  Pod: new Set(POD_KEYS),
  Network: new Set(NETWORK_KEYS),
  Volume: new Set(VOLUME_KEYS),
  Build: new Set(BUILD_KEYS),
  Quadlet: new Set(['DefaultDependencies']),
  Unit: new Set(UNIT_KEYS),
  Service: new Set(SERVICE_KEYS),
  Install: new Set(INSTALL_KEYS),
};

/** Sections allowed in a unit of this kind: its own Quadlet section plus the pass-through systemd ones. */
export function allowedSections(kind: UnitKind): readonly string[] {
  return [MAIN_SECTION[kind], 'Quadlet', 'Unit', 'Service', 'Install'];
}

export function isDocumentedKey(section: string, key: string): boolean {
  return QUADLET_KEYS[section]?.has(key) ?? false;
}
