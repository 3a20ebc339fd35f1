import { defineRule } from '../../engine/rule.js';
import { cleanVisitor, RPM_DOWNLOADING, YUM_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'yum-clean-all',
  meta: {
    description:
      '`yum install` without `yum clean all` in the same RUN leaves metadata and packages in the image',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        '`{{command}}` leaves the yum cache in this layer; end the RUN with `yum clean all` (or mount a cache on /var/cache/yum)',
    },
    sources: ['hadolint:DL3032', 'trivy:DS-0015'],
    spec: '02-production-self-check: Package caches cleaned in same layer',
  },
  create(context) {
    return {
      RUN: cleanVisitor(
        context,
        {
          tools: YUM_TOOLS,
          subcommands: RPM_DOWNLOADING,
          cleans: (cmd) => cmd.is(['yum', 'dnf'], 'clean', 'all'),
          cacheDirs: ['/var/cache/yum'],
        },
        'missing',
      ),
    };
  },
});
