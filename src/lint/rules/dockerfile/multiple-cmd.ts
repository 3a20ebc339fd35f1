import { defineRule } from '../../engine/rule.js';
import { reportAllButLast } from '../support/structure-multiple.js';

export default defineRule({
  name: 'multiple-cmd',
  meta: {
    description: 'Only the last CMD of a stage takes effect; remove the earlier ones',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      multiple:
        'Multiple {{keyword}} instructions in stage {{stage}}: only the last one (line {{line}}) is used, this one is ignored',
    },
    sources: ['hadolint:DL4003', 'buildkit:MultipleInstructionsDisallowed', 'trivy:DS-0016'],
    spec: '01-docker-mastery-tiers: Must Follow — Exec form for CMD/ENTRYPOINT (signal handling)',
  },
  create(context) {
    return reportAllButLast(context, 'CMD');
  },
});
