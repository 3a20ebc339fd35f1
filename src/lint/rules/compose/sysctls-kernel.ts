import { defineComposeRule } from '../../engine/compose.js';
import { stringList } from '../support/compose-sec-util.js';

/** The sysctls Docker accepts because they are namespaced (runc / moby `validateSysctl`). */
const IPC = /^(?:kernel\.(?:msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+)$/;
const NET = /^net\..+/;
const UTS = /^kernel\.(?:hostname|domainname)$/;

/** Host devices that give raw access to memory, the kernel or disks. */
const DANGEROUS_DEVICE =
  /^\/dev\/(?:mem|kmem|port|kmsg|(?:sd|hd|vd|xvd)[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|dm-\d+|md\d+|loop(?:-control|\d+)|mapper(?:\/.*)?|disk\/.+|bus\/usb|cpu\/\d+\/msr|vfio\/vfio)$/;

export default defineComposeRule({
  name: 'sysctls-kernel',
  meta: {
    description:
      'Do not set host-wide sysctls, pass raw host devices (`/dev/mem`, disks, `/dev/kmsg`), open all device cgroups or disable the OOM killer',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      notNamespaced:
        'Service `{{service}}` sets sysctl `{{name}}`, which is not namespaced: Docker refuses it (set it on the host, if at all)',
      hostNetwork:
        'Service `{{service}}` sets `{{name}}` with `network_mode: host`: it would change the host’s network stack, and Docker refuses it',
      device: 'Service `{{service}}` gets host device `{{device}}`: raw access to {{what}}',
      cgroupAll: 'Service `{{service}}` may create and use any host device (`device_cgroup_rules: {{rule}}`)',
      oomKillDisable:
        'Service `{{service}}` disables the OOM killer{{noLimit}}: under memory pressure the host, not the container, suffers',
    },
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    return {
      service(name, service) {
        const sysctls = service.sysctls;
        const entries: [string, string | number][] = Array.isArray(sysctls)
          ? sysctls.map((s, i) => [String(s).split('=')[0]!.trim(), i])
          : sysctls && typeof sysctls === 'object'
            ? Object.keys(sysctls).map((k) => [k, k])
            : [];
        for (const [key, at] of entries) {
          const path = ['services', name, 'sysctls', at];
          if (NET.test(key)) {
            if (service.network_mode === 'host')
              context.report({
                path,
                at: 'key',
                messageId: 'hostNetwork',
                data: { service: name, name: key },
              });
          } else if (!IPC.test(key) && !UTS.test(key)) {
            context.report({
              path,
              at: 'key',
              messageId: 'notNamespaced',
              data: { service: name, name: key },
            });
          }
        }
        stringList(service.devices).forEach((spec, i) => {
          const device = (spec.split(':')[0] ?? '').replace(/\/+$/, '');
          if (!DANGEROUS_DEVICE.test(device)) return;
          const what = /^\/dev\/(?:mem|kmem|port)$/.test(device)
            ? 'physical memory and I/O ports'
            : device === '/dev/kmsg'
              ? 'the kernel log'
              : /msr|vfio|bus\/usb/.test(device)
                ? 'hardware beyond the container'
                : 'a host disk, bypassing file permissions';
          context.report({
            path: ['services', name, 'devices', i],
            messageId: 'device',
            data: { service: name, device, what },
          });
        });
        stringList(service.device_cgroup_rules).forEach((rule, i) => {
          if (!/^[abc]\s+\*:\*\s+[rwm]*m[rwm]*$/.test(rule.trim()) && !/^a\s/.test(rule.trim())) return;
          context.report({
            path: ['services', name, 'device_cgroup_rules', i],
            messageId: 'cgroupAll',
            data: { service: name, rule },
          });
        });
        if (service.oom_kill_disable === true) {
          const limited =
            service.mem_limit !== undefined ||
            (service.deploy as { resources?: { limits?: { memory?: unknown } } } | undefined)?.resources
              ?.limits?.memory !== undefined;
          context.report({
            path: ['services', name, 'oom_kill_disable'],
            messageId: 'oomKillDisable',
            data: { service: name, noLimit: limited ? '' : ' without a memory limit' },
          });
        }
      },
    };
  },
});
