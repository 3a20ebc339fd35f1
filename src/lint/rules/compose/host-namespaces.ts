import { defineComposeRule } from '../../engine/compose.js';

const KEYS = [
  [
    'network_mode',
    'network',
    'sees and binds every host interface and reaches services listening on localhost',
  ],
  ['pid', 'PID', 'sees and can signal or ptrace every host process'],
  ['ipc', 'IPC', 'shares host shared memory and semaphores'],
  ['uts', 'UTS', 'can change the host name'],
  ['userns_mode', 'user', 'opts out of user-namespace remapping: root in the container is root on the host'],
  ['cgroup', 'cgroup', 'sees the host cgroup tree'],
] as const;

export default defineComposeRule({
  name: 'host-namespaces',
  meta: {
    description:
      'Sharing the host network, PID, IPC, UTS or user namespace removes container isolation; keep the container in its own namespaces',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      shared:
        'Service `{{service}}` shares the host {{namespace}} namespace (`{{key}}: host`): it {{effect}}',
    },
    sources: [
      'kics:shared_host_network_namespace',
      'kics:host_namespace_is_shared',
      'kics:shared_host_ipc_namespace',
      'kics:shared_host_user_namespace',
    ],
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    return {
      service(name, service) {
        for (const [key, namespace, effect] of KEYS) {
          const value = service[key];
          if (typeof value !== 'string' || value.trim().toLowerCase() !== 'host') continue;
          context.report({
            path: ['services', name, key],
            messageId: 'shared',
            data: { service: name, namespace, key, effect },
          });
        }
      },
    };
  },
});
