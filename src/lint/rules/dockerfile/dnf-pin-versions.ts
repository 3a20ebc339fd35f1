import { defineRule } from '../../engine/rule.js';
import { DNF_TOOLS, pinVisitor, rpmPinned } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'dnf-pin-versions',
  meta: {
    description:
      '`dnf install` (also microdnf, dnf5, tdnf) of a package without a version; pin versions for reproducible builds (opt-in)',
    type: 'suggestion',
    severity: 'warning',
    profile: false,
    messages: {
      unpinned:
        'package `{{pkg}}` is not pinned; write the version, e.g. `{{pkg}}-1.2.3` or `{{pkg}}-1.2.3-1.el9`',
    },
    sources: ['hadolint:DL3041'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN: pinVisitor(
        context,
        {
          tools: DNF_TOOLS,
          subcommands: ['install', 'reinstall', 'downgrade', 'localinstall'],
          pinned: rpmPinned,
        },
        'unpinned',
      ),
    };
  },
});
