import { defineRule } from '../../engine/rule.js';
import { cleanVisitor, ZYPPER_DOWNLOADING, ZYPPER_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'zypper-clean',
  meta: {
    description:
      '`zypper install` without `zypper clean` in the same RUN leaves repository metadata and packages in the image',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        '`{{command}}` leaves the zypper cache in this layer; end the RUN with `zypper clean -a` (or mount a cache on /var/cache/zypp)',
    },
    sources: ['hadolint:DL3036', 'trivy:DS-0020'],
    spec: '02-production-self-check: Package caches cleaned in same layer',
  },
  create(context) {
    return {
      RUN: cleanVisitor(
        context,
        {
          tools: ZYPPER_TOOLS,
          subcommands: ZYPPER_DOWNLOADING,
          cleans: (cmd) => cmd.is('zypper', ['clean', 'cc']),
          cacheDirs: ['/var/cache/zypp'],
        },
        'missing',
      ),
    };
  },
});
