import { backingService } from '../services.js';
import type { ReleaseContext } from './context.js';

/**
 * Falco rules scoped to the app's image (falcosecurity/rules format: a YAML list of `list`, `macro`, `rule` and
 * requirement items). Four detections: a shell in the container, an outbound connection to a port the app has no
 * reason to use, a write below binary directories or the app directory, a package manager run at runtime.
 *
 * Upstream macros reused (present in falcosecurity/rules `rules/falco_rules.yaml`, read at f69f433 and 000705e):
 * `spawned_process`, `container`, `never_true`. Everything else is defined here with the app's prefix so the file
 * neither depends on nor changes upstream items. The outbound and write macros leave out `evt.dir` (enter events
 * carry no result, so the result test alone keeps exit events) and, unlike upstream `outbound`, do not exempt
 * private networks: a connection to an unexpected private address is lateral movement.
 */

export type FalcoPriority =
  | 'EMERGENCY'
  | 'ALERT'
  | 'CRITICAL'
  | 'ERROR'
  | 'WARNING'
  | 'NOTICE'
  | 'INFORMATIONAL'
  | 'INFO'
  | 'DEBUG';

export type FalcoItem =
  | { readonly required_engine_version: string }
  | { readonly required_plugin_versions: readonly { readonly name: string; readonly version: string }[] }
  | { readonly list: string; readonly items: readonly (string | number)[] }
  | { readonly macro: string; readonly condition: string }
  | {
      readonly rule: string;
      readonly desc: string;
      readonly condition: string;
      readonly output: string;
      readonly priority: FalcoPriority;
      readonly tags: readonly string[];
    };

/** Engine and container plugin versions the 2026 default ruleset requires (research notes §7.2). */
export const FALCO_ENGINE_VERSION = '0.57.0';
export const FALCO_CONTAINER_PLUGIN = { name: 'container', version: '0.4.0' } as const;

/** Where dockwright's Dockerfiles put the app in the runtime image (WORKDIR of every stack's final stage). */
/** Binary directories plus the app's directory (unless the image keeps its files at `/`). */
export function protectedDirs(ctx: Pick<ReleaseContext, 'appDir'>): string[] {
  const app = ctx.appDir.replace(/\/+$/, '');
  return app === '' || BINARY_DIRS.includes(app) ? [...BINARY_DIRS] : [...BINARY_DIRS, app];
}

const BINARY_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];
const SHELLS = ['ash', 'bash', 'csh', 'dash', 'fish', 'ksh', 'sh', 'tcsh', 'zsh', 'busybox'];
/** Process names are cut to 15 characters by the kernel; every name here is shorter. */
const PACKAGE_MANAGERS = [
  'apk',
  'apt',
  'apt-get',
  'aptitude',
  'dpkg',
  'rpm',
  'yum',
  'dnf',
  'microdnf',
  'pip',
  'pip3',
  'pipx',
  'uv',
  'poetry',
  'conda',
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'corepack',
  'gem',
  'bundle',
  'go',
  'cargo',
  'rustup',
  'composer',
  'mvn',
  'gradle',
  'nuget',
];

/** `prisma-api` → `prisma_api`: list and macro names must be identifiers. */
export function falcoPrefix(image: string): string {
  return image.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'app';
}

/** Ports of the backing services the app talks to (from the compose catalog), plus DNS. */
export function allowedPorts(ctx: ReleaseContext): number[] {
  const ports = new Set<number>([53]);
  for (const s of ctx.app.services) {
    const address = backingService(s.name)?.address;
    const port = address ? Number(address.slice(address.lastIndexOf(':') + 1)) : Number.NaN;
    if (Number.isInteger(port)) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

const CONTAINER_FIELDS =
  'container=%container.name id=%container.id image=%container.image.repository:%container.image.tag';
const PROCESS_FIELDS =
  'process=%proc.name cmdline=%proc.cmdline parent=%proc.pname user=%user.name uid=%user.uid';

export function falcoRules(ctx: ReleaseContext): FalcoItem[] {
  const p = falcoPrefix(ctx.image);
  const img = ctx.image;
  const dirs = protectedDirs(ctx);
  const protectedPaths = dirs.map((d) => `fd.name startswith "${d}/"`).join(' or ');
  // The app's own tmpfs mounts and data volume may sit below its directory (Next's .next/cache, SQLite data).
  const writable = ctx.writablePaths.filter((w) => dirs.some((d) => w === d || w.startsWith(`${d}/`)));
  const expectedWrites = writable.length
    ? `(${writable.map((w) => `fd.name startswith "${w}/"`).join(' or ')})`
    : '(never_true)';
  return [
    { required_engine_version: FALCO_ENGINE_VERSION },
    { required_plugin_versions: [FALCO_CONTAINER_PLUGIN] },
    {
      macro: `${p}_container`,
      condition: `(container.image.repository endswith "/${img}" or container.image.repository = "${img}")`,
    },
    { list: `${p}_shell_binaries`, items: SHELLS },
    { list: `${p}_package_managers`, items: PACKAGE_MANAGERS },
    { list: `${p}_allowed_ports`, items: allowedPorts(ctx) },
    {
      macro: `${p}_outbound`,
      condition:
        '(evt.type = connect and (fd.typechar = 4 or fd.typechar = 6) and fd.ip != "0.0.0.0" and fd.net != "127.0.0.0/8" and (evt.rawres >= 0 or evt.res = EINPROGRESS))',
    },
    {
      macro: `${p}_open_write`,
      condition: "(evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = 'f')",
    },
    { macro: `${p}_protected_paths`, condition: `(${protectedPaths})` },
    { macro: `${p}_expected_shells`, condition: '(never_true)' },
    { macro: `${p}_expected_outbound`, condition: '(never_true)' },
    { macro: `${p}_expected_writes`, condition: expectedWrites },
    {
      rule: `Shell in ${img} container`,
      desc: `A shell started in a ${img} container. The image runs its process directly, so a shell means docker exec / kubectl exec or code execution through the app. Tune with ${p}_expected_shells.`,
      condition: `spawned_process and container and ${p}_container and proc.name in (${p}_shell_binaries) and not ${p}_expected_shells`,
      output: `Shell started in ${img} container (${PROCESS_FIELDS} terminal=%proc.tty ${CONTAINER_FIELDS})`,
      priority: 'WARNING',
      tags: ['dockwright', img, 'container', 'process', 'shell', 'mitre_execution', 'T1059'],
    },
    {
      rule: `Unexpected outbound connection from ${img} container`,
      desc: `A ${img} container connected to a port outside ${p}_allowed_ports (its backing services and DNS). Add the ports of APIs the app calls (443 for HTTPS) to that list, or narrow further with ${p}_expected_outbound.`,
      condition: `${p}_outbound and container and ${p}_container and not fd.sport in (${p}_allowed_ports) and not ${p}_expected_outbound`,
      output: `Unexpected outbound connection from ${img} container (connection=%fd.name ip=%fd.sip port=%fd.sport proto=%fd.l4proto ${PROCESS_FIELDS} ${CONTAINER_FIELDS})`,
      priority: 'WARNING',
      tags: ['dockwright', img, 'container', 'network', 'mitre_command_and_control', 'TA0011'],
    },
    {
      rule: `Write below binary or app directory in ${img} container`,
      desc: `A file below ${dirs.join(', ')} was opened for writing in a ${img} container (attempts included: the root filesystem is read-only, so a write means tampering). Tune with ${p}_expected_writes.`,
      condition: `${p}_open_write and container and ${p}_container and ${p}_protected_paths and not ${p}_expected_writes`,
      output: `Write below binary or app directory in ${img} container (file=%fd.name result=%evt.res ${PROCESS_FIELDS} ${CONTAINER_FIELDS})`,
      priority: 'ERROR',
      tags: ['dockwright', img, 'container', 'filesystem', 'mitre_persistence', 'TA0003'],
    },
    {
      rule: `Package manager run in ${img} container`,
      desc: `A package manager ran in a ${img} container. Images are built in CI; installing software at run time is drift or an intruder fetching tools.`,
      condition: `spawned_process and container and ${p}_container and proc.name in (${p}_package_managers)`,
      output: `Package manager run in ${img} container (${PROCESS_FIELDS} ${CONTAINER_FIELDS})`,
      priority: 'ERROR',
      tags: ['dockwright', img, 'container', 'process', 'software_mgmt', 'mitre_persistence', 'TA0003'],
    },
  ];
}
