import { defineRule } from '../../engine/rule.js';
import { reportAllButLast } from '../support/structure-multiple.js';

export default defineRule({
  name: 'multiple-healthcheck',
  meta: {
    description: 'Only the last HEALTHCHECK of a stage takes effect; remove the earlier ones',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      multiple:
        'Multiple {{keyword}} instructions in stage {{stage}}: only the last one (line {{line}}) is used, this one is ignored',
    },
    sources: ['hadolint:DL3012', 'buildkit:MultipleInstructionsDisallowed', 'trivy:DS-0023'],
    spec: '01-docker-mastery-tiers: Must Follow — HEALTHCHECK for all long-running containers',
  },
  create(context) {
    return reportAllButLast(context, 'HEALTHCHECK');
  },
});
