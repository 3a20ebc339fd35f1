import { defineComposeRule } from '../../engine/compose.js';
import { cleanHostPath, engineSocket } from '../support/compose-sec-util.js';

/** Host paths that must not be bind-mounted at all (the path itself only). */
const EXACT = new Set([
  '/',
  '/etc',
  '/home',
  '/usr',
  '/var',
  '/lib',
  '/lib64',
  '/bin',
  '/sbin',
  '/opt',
  '/srv',
  '/mnt',
  '/media',
]);
/** Host paths that must not be mounted, nor anything below them. */
const TREES = [
  '/proc',
  '/sys',
  '/boot',
  '/dev',
  '/root',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/rancher',
  '/etc/kubernetes',
  '/etc/docker',
  '/etc/ssh',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/passwd',
  '/etc/group',
  '/etc/pam.d',
  '/etc/systemd',
  '/etc/cron.d',
  '/etc/crontab',
  '/etc/rancher',
  '/lib/modules',
  '/usr/lib/modules',
];
/** Below these, the read-only mounts monitoring agents use are normal. */
const READ_ONLY_OK = [
  /^\/sys\/fs\/cgroup$/,
  /^\/proc\/(?:stat|meminfo|cpuinfo|loadavg|uptime|diskstats|vmstat)$/,
  /^\/dev\/(?:disk|shm)$/,
];
/** Per-user credentials: `~/.ssh`, `/home/me/.kube`, … */
const USER_SECRETS =
  /(?:^~|^\/root|^\/home\/[^/]+|^\/Users\/[^/]+)(?:\/[^/]+)*?\/(\.ssh|\.kube|\.aws|\.gnupg|\.docker|\.config\/gcloud|\.azure|\.netrc|\.password-store|\.vault-token)(?:\/|$)/;

export function sensitiveReason(path: string, readOnly: boolean): string | undefined {
  const p = cleanHostPath(path);
  if (engineSocket(p) || /^\/(?:var\/)?run(?:\/|$)/.test(p)) return undefined; // docker-socket-mount
  const user = USER_SECRETS.exec(p);
  if (user) return `credentials (${user[1]})`;
  if (/^(?:~|\/home\/[^/]+|\/Users\/[^/]+)$/.test(p)) return 'a home directory';
  if (EXACT.has(p)) return p === '/' ? 'the host root filesystem' : 'a host system directory';
  for (const tree of TREES) {
    if (p === tree || p.startsWith(`${tree}/`)) {
      if (readOnly && READ_ONLY_OK.some((re) => re.test(p))) return undefined;
      return tree === '/proc' || tree === '/sys' || tree === '/dev'
        ? 'kernel and device interfaces'
        : 'host system state';
    }
  }
  return undefined;
}

export default defineComposeRule({
  name: 'sensitive-host-path',
  meta: {
    description:
      'Bind mounts of host system directories (`/`, `/etc`, `/proc`, `/sys`, `/dev`, `/root`, `/var/lib/docker`, `~/.ssh`…) expose or let the container alter the host',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      sensitive:
        'Service `{{service}}` bind-mounts `{{source}}` ({{reason}}){{mode}}; mount only the specific file or directory it needs',
      volumeDevice:
        'Volume `{{volume}}` binds host path `{{source}}` ({{reason}}); mount only the specific directory needed',
    },
    sources: ['kics:volume_has_sensitive_host_directory'],
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    return {
      service(name, service) {
        for (const [i, volume] of (service.volumes ?? []).entries()) {
          if (volume.type !== 'bind' || typeof volume.source !== 'string') continue;
          const reason = sensitiveReason(volume.source, volume.read_only === true);
          if (!reason) continue;
          context.report({
            path: ['services', name, 'volumes', i],
            messageId: 'sensitive',
            data: {
              service: name,
              source: volume.source,
              reason,
              mode: volume.read_only ? ', read-only' : ', writable',
            },
          });
        }
      },
      projectExit() {
        // `driver: local` volumes with `o: bind` are bind mounts in disguise.
        for (const [name, volume] of Object.entries(context.model.volumes)) {
          const opts = volume.driver_opts as Record<string, unknown> | undefined;
          if (!opts || typeof opts.device !== 'string' || !/\bbind\b/.test(String(opts.o ?? ''))) continue;
          const reason = sensitiveReason(opts.device, /\bro\b/.test(String(opts.o ?? '')));
          if (!reason) continue;
          context.report({
            path: ['volumes', name, 'driver_opts', 'device'],
            messageId: 'volumeDevice',
            data: { volume: name, source: opts.device, reason },
          });
        }
      },
    };
  },
});
