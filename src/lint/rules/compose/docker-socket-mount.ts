import type { ComposeService } from '../../../parse/compose/model.js';
import { defineComposeRule } from '../../engine/compose.js';
import { cleanHostPath, engineSocket } from '../support/compose-sec-util.js';

export default defineComposeRule({
  name: 'docker-socket-mount',
  meta: {
    description:
      'Mounting the Docker (or Podman, containerd) socket hands the container root on the host; use a filtering socket proxy or avoid it',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      socket:
        'Service `{{service}}` mounts the {{engine}} socket `{{source}}`{{readOnly}}: whoever controls the container controls the host',
      runDir:
        'Service `{{service}}` mounts `{{source}}`, which holds the {{engine}} socket: whoever controls the container controls the host',
    },
    sources: ['kics:docker_socket_mounted_in_container'],
    spec: '04-images-registry-security: Container security',
  },
  create(context) {
    const check = (name: string, service: ComposeService) => {
      for (const [i, volume] of (service.volumes ?? []).entries()) {
        if (volume.type !== 'bind' || typeof volume.source !== 'string') continue;
        const source = cleanHostPath(volume.source);
        const engine = engineSocket(source);
        if (engine) {
          context.report({
            path: ['services', name, 'volumes', i],
            messageId: 'socket',
            data: {
              service: name,
              engine,
              source: volume.source,
              readOnly: volume.read_only ? ' (`:ro` does not help: the API is still writable)' : '',
            },
            hint: 'Put a socket proxy (e.g. tecnativa/docker-socket-proxy) in front that allows only the API calls needed, or use rootless Docker.',
          });
        } else if (
          /^\/(?:var\/)?run(?:\/docker|\/podman|\/containerd)?$/.test(source) &&
          !/^\/(?:var\/)?run\/(?:secrets|user)/.test(volume.target)
        ) {
          context.report({
            path: ['services', name, 'volumes', i],
            messageId: 'runDir',
            data: {
              service: name,
              source: volume.source,
              engine: source.endsWith('podman')
                ? 'Podman'
                : source.endsWith('containerd')
                  ? 'containerd'
                  : 'Docker',
            },
          });
        }
      }
    };
    return { service: check };
  },
});
