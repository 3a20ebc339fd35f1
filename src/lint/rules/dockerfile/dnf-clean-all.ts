import { defineRule } from '../../engine/rule.js';
import { cleanVisitor, DNF_TOOLS, RPM_DOWNLOADING } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'dnf-clean-all',
  meta: {
    description:
      '`dnf install` (also microdnf, dnf5, tdnf) without `dnf clean all` in the same RUN leaves metadata and packages in the image',
    type: 'suggestion',
    severity: 'warning',
    profile: 'production',
    messages: {
      missing:
        '`{{command}}` leaves the package cache in this layer; end the RUN with `{{tool}} clean all` (or mount a cache on /var/cache/{{dir}})',
    },
    sources: ['hadolint:DL3040', 'trivy:DS-0019', 'trivy:DS-0027'],
    spec: '02-production-self-check: Package caches cleaned in same layer',
  },
  create(context) {
    const visit = cleanVisitor(
      {
        ...context,
        // Fill in the tool-specific parts of the message.
        report: (d) => {
          const tool = String(d.data?.command ?? 'dnf').split(' ')[0] ?? 'dnf';
          const dir =
            tool === 'microdnf' ? 'yum' : tool === 'dnf5' ? 'libdnf5' : tool === 'tdnf' ? 'tdnf' : 'dnf';
          context.report({ ...d, data: { ...d.data, tool, dir } });
        },
      },
      {
        tools: DNF_TOOLS,
        subcommands: RPM_DOWNLOADING,
        cleans: (cmd) => cmd.is([...DNF_TOOLS, 'yum'], 'clean', 'all'),
        cacheDirs: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5', '/var/cache/tdnf'],
      },
      'missing',
    );
    return { RUN: visit };
  },
});
