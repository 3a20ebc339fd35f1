import { defineRule } from '../../engine/rule.js';
import { exposePorts, parsePortRange } from '../support/structure-util.js';

export default defineRule({
  name: 'expose-ssh-port',
  meta: {
    description: 'Do not expose SSH (port 22); use `docker exec` / `kubectl exec` to get into a container',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      ssh: "EXPOSE '{{value}}' opens the SSH port 22; containers should not run an SSH server — use docker exec / kubectl exec",
    },
    sources: ['trivy:DS-0004', 'checkov:CKV_DOCKER_1'],
    spec: '01-docker-mastery-tiers: Must Follow — One process per container (PID 1 best practices)',
  },
  create(context) {
    return {
      EXPOSE(node) {
        for (const p of exposePorts(context.model, node)) {
          const proto = p.spec.proto?.text.toLowerCase();
          if (proto !== undefined && proto !== 'tcp') continue;
          const range = parsePortRange(p.spec.containerPort.text);
          if (!range || range[0] > 22 || range[1] < 22) continue;
          context.report({ node, range: p.arg.range, messageId: 'ssh', data: { value: p.value } });
        }
      },
    };
  },
});
