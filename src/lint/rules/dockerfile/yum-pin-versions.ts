import { defineRule } from '../../engine/rule.js';
import { pinVisitor, rpmPinned, YUM_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'yum-pin-versions',
  meta: {
    description:
      '`yum install` of a package without a version; pin versions for reproducible builds (opt-in)',
    type: 'suggestion',
    severity: 'warning',
    profile: false,
    messages: {
      unpinned:
        'package `{{pkg}}` is not pinned; write the version, e.g. `{{pkg}}-1.2.3` or `{{pkg}}-1.2.3-1.el9`',
    },
    sources: ['hadolint:DL3033'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN: pinVisitor(
        context,
        {
          tools: YUM_TOOLS,
          subcommands: ['install', 'reinstall', 'downgrade', 'localinstall'],
          pinned: rpmPinned,
        },
        'unpinned',
      ),
    };
  },
});
