import { defineRule } from '../../engine/rule.js';
import { exposePorts, parsePortRange, portPartRange } from '../support/structure-util.js';

export default defineRule({
  name: 'expose-port-range',
  meta: {
    description:
      'EXPOSE ports must be numbers (or ranges) between 0 and 65535 with a tcp, udp or sctp protocol',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      outOfRange: "Port {{port}} in EXPOSE '{{value}}' is outside 0-65535",
      reversed: "Port range '{{port}}' in EXPOSE starts after it ends; write it low-high",
      notNumeric: "EXPOSE '{{value}}' is not a port number or range; the build fails",
      protocol: "Unknown protocol '{{proto}}' in EXPOSE '{{value}}'; use tcp, udp or sctp",
    },
    sources: ['hadolint:DL3011', 'trivy:DS-0008'],
    spec: '03-dockerfile-fundamentals: EXPOSE — document the port (does not publish it)',
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const p of exposePorts(context.model, node)) {
          const { spec, value, arg } = p;
          const port = spec.containerPort;
          const portRange = portPartRange(p, port);
          const range = parsePortRange(port.text);
          if (!range) {
            context.report({ node, range: arg.range, messageId: 'notNumeric', data: { value } });
            continue;
          }
          const [start, end] = range;
          const bad = [start, end].find((n) => n > 65535);
          if (bad !== undefined) {
            context.report({ node, range: portRange, messageId: 'outOfRange', data: { port: bad, value } });
          } else if (start > end) {
            context.report({ node, range: portRange, messageId: 'reversed', data: { port: port.text } });
          }
          if (spec.proto && !['tcp', 'udp', 'sctp'].includes(spec.proto.text.toLowerCase())) {
            const protoRange = portPartRange(p, spec.proto);
            context.report({
              node,
              range: protoRange,
              messageId: 'protocol',
              data: { proto: spec.proto.text, value },
            });
          }
        }
      },
    };
  },
});
