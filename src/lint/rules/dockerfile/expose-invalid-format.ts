import { defineRule } from '../../engine/rule.js';
import { exposePorts } from '../support/structure-util.js';

export default defineRule({
  name: 'expose-invalid-format',
  meta: {
    description:
      'EXPOSE takes container ports only; an IP address or host:container mapping belongs in `docker run -p` / Compose `ports`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      mapping:
        "EXPOSE should not define an IP address or host-port mapping, found '{{value}}'; Docker ignores everything but the container port — write '{{port}}' and publish with -p/ports",
    },
    sources: ['buildkit:ExposeInvalidFormat'],
    spec: '03-dockerfile-fundamentals: EXPOSE — document the port (does not publish it)',
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const p of exposePorts(context.model, node)) {
          const { spec, value, arg } = p;
          if (!spec.ip && !spec.hostPort) continue;
          const port = value.slice(spec.containerPort.start);
          context.report({
            node,
            range: arg.range,
            messageId: 'mapping',
            data: { value, port },
            // Only a literal word is rewritten; the container port (and protocol) is what BuildKit keeps.
            ...(p.literal ? { fix: { range: arg.range, text: port } } : {}),
          });
        }
      },
    };
  },
});
