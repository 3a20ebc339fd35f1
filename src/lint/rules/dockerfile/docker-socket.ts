import type { Range } from '../../../core/source.js';
import { defineRule } from '../../engine/rule.js';

const SOCKET = /(?:^|\/)(?:var\/)?run\/docker\.sock$/;

function isSocketPath(value: string): boolean {
  return SOCKET.test(
    value
      .replace(/^unix:\/\//, '')
      .replace(/^["']|["']$/g, '')
      .replace(/\/+$/, ''),
  );
}

export default defineRule({
  name: 'docker-socket',
  meta: {
    description:
      'An image built around the Docker socket gives its container root on the host; avoid /var/run/docker.sock',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      volume:
        '`VOLUME {{path}}` expects the Docker socket to be mounted: whoever controls the container controls the host',
      mount: "`RUN --mount` with the Docker socket lets this build step control the host's Docker daemon",
      env: '`{{key}}={{value}}` points the image at the host Docker socket: the container would control the host',
    },
    spec: '04-images-registry-security: 3. Container Security',
  },
  create(context) {
    const hint =
      'Use a rootless or remote builder (BuildKit, Kaniko, a TCP endpoint with TLS) instead of the host socket.';
    return {
      VOLUME(node) {
        for (const p of node.paths) {
          if (isSocketPath(p.value)) {
            context.report({ node, range: p.range, messageId: 'volume', data: { path: p.value }, hint });
          }
        }
      },
      RUN(node) {
        for (const mount of node.mounts) {
          const opt = mount.options.find(
            (o) =>
              ['source', 'src', 'target', 'dst', 'destination'].includes(o.key) &&
              isSocketPath(o.value ?? ''),
          );
          if (!opt) continue;
          const range: Range = opt.range;
          context.report({ node, range, messageId: 'mount', hint });
        }
      },
      ENV(node) {
        for (const p of node.pairs) {
          if (p.key === 'DOCKER_HOST' && /^["']?unix:\/\//.test(p.value) && isSocketPath(p.value)) {
            context.report({
              node,
              range: p.range,
              messageId: 'env',
              data: { key: p.key, value: p.value },
              hint,
            });
          }
        }
      },
    };
  },
});
