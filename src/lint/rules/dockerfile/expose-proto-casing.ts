import { defineRule } from '../../engine/rule.js';
import { exposePorts, portPartRange } from '../support/structure-util.js';

export default defineRule({
  name: 'expose-proto-casing',
  meta: {
    description: 'Write EXPOSE protocols in lower case (`80/tcp`, not `80/TCP`)',
    type: 'style',
    severity: 'style',
    profile: 'dev',
    fixable: 'safe',
    messages: {
      casing: "Protocol in EXPOSE '{{value}}' should be lower case: '{{fixed}}'",
    },
    sources: ['buildkit:ExposeProtoCasing'],
    spec: '03-dockerfile-fundamentals: EXPOSE — document the port (does not publish it)',
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const p of exposePorts(context.model, node)) {
          const proto = p.spec.proto;
          if (!proto || proto.text === proto.text.toLowerCase()) continue;
          const range = portPartRange(p, proto);
          const lower = proto.text.toLowerCase();
          context.report({
            node,
            range,
            messageId: 'casing',
            data: { value: p.value, fixed: `${p.value.slice(0, proto.start)}${lower}` },
            ...(p.literal ? { fix: { range, text: lower } } : {}),
          });
        }
      },
    };
  },
});
