import { defineComposeRule } from '../../engine/compose.js';
import { stringList } from '../support/compose-sec-util.js';

/** Capabilities outside Docker's default set that amount to (or lead to) host control. */
const DANGEROUS: Record<string, string> = {
  SYS_ADMIN: 'mount filesystems and much of what root can do; the usual container-escape capability',
  SYS_MODULE: 'load kernel modules',
  SYS_PTRACE: 'inspect and inject into other processes',
  SYS_RAWIO: 'raw I/O on host devices and memory',
  SYS_BOOT: 'reboot the host',
  SYS_TIME: 'change the host clock',
  NET_ADMIN: 'reconfigure interfaces, routes and firewall rules',
  DAC_READ_SEARCH: 'read any file by handle (the "shocker" escape)',
  BPF: 'load eBPF programs into the kernel',
  PERFMON: 'trace the kernel',
  MAC_ADMIN: 'change the AppArmor/SELinux policy',
  MAC_OVERRIDE: 'bypass the AppArmor/SELinux policy',
  SYSLOG: 'read kernel logs and addresses',
  LINUX_IMMUTABLE: 'alter immutable files',
};

const normalize = (cap: string) => cap.trim().toUpperCase().replace(/^CAP_/, '');

export default defineComposeRule({
  name: 'capabilities',
  meta: {
    description:
      'Do not add `ALL` or host-level capabilities (`SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`…); in the hardened profile, start from `cap_drop: [ALL]`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      all: 'Service `{{service}}` adds every capability (`cap_add: [ALL]`), almost as much as `privileged`',
      dangerous: 'Service `{{service}}` adds `{{cap}}`: it can {{effect}}',
      noDropAll:
        'Service `{{service}}` keeps Docker’s default capabilities; drop them all (`cap_drop: [ALL]`) and add back only what it needs',
    },
    sources: ['kics:container_capabilities_unrestricted'],
    spec: '02-production-self-check: Run as non-root and drop capabilities unless the workload genuinely needs them',
  },
  create(context) {
    const hardened = context.settings.profile === 'hardened';
    return {
      service(name, service) {
        const added = stringList(service.cap_add);
        const dropped = stringList(service.cap_drop).map(normalize);
        added.forEach((raw, i) => {
          const cap = normalize(raw);
          if (dropped.includes(cap)) return;
          if (cap === 'ALL') {
            context.report({
              path: ['services', name, 'cap_add', i],
              messageId: 'all',
              data: { service: name },
            });
          } else if (DANGEROUS[cap]) {
            context.report({
              path: ['services', name, 'cap_add', i],
              messageId: 'dangerous',
              data: { service: name, cap, effect: DANGEROUS[cap] },
            });
          }
        });
        // privileged is reported by its own rule; dropping does not apply there.
        if (hardened && !dropped.includes('ALL') && service.privileged !== true) {
          context.report({
            path: ['services', name, ...(service.cap_drop !== undefined ? ['cap_drop'] : [])],
            at: 'key',
            messageId: 'noDropAll',
            data: { service: name },
          });
        }
      },
    };
  },
});
