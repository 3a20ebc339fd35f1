import { defineComposeRule } from '../../engine/compose.js';
import { securityOpts, splitSecurityOpt } from '../support/compose-sec-util.js';

const WHAT: Record<string, string> = {
  seccomp:
    'the seccomp filter that blocks dangerous system calls (keyctl, unshare, mount, kernel module loading…)',
  apparmor: 'the AppArmor profile that confines file, mount and /proc access',
  label: 'SELinux separation between containers and the host',
  systempaths: 'the masking of sensitive /proc and /sys paths',
};

export default defineComposeRule({
  name: 'unconfined-profiles',
  meta: {
    description:
      'Keep the default seccomp, AppArmor and SELinux confinement: `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` and `systempaths=unconfined` remove it',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      unconfined: 'Service `{{service}}` sets `{{option}}`, turning off {{what}}',
    },
    sources: ['kics:default_seccomp_profile_disabled', 'kics:seccomp_disabled'],
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    return {
      service(name, service) {
        securityOpts(service).forEach((option, i) => {
          const [key, value] = splitSecurityOpt(option);
          const off =
            ((key === 'seccomp' || key === 'apparmor' || key === 'systempaths') &&
              value.toLowerCase() === 'unconfined') ||
            (key === 'label' && value.toLowerCase() === 'disable');
          if (!off) return;
          context.report({
            path: ['services', name, 'security_opt', i],
            messageId: 'unconfined',
            data: { service: name, option, what: WHAT[key]! },
            ...(key === 'seccomp'
              ? {
                  hint: 'If one system call is missing, write a custom profile (`seccomp=./profile.json`) based on Docker’s default.',
                }
              : {}),
          });
        });
      },
    };
  },
});
