import { defineRule } from '../../engine/rule.js';
import { pinVisitor, rpmPinned, ZYPPER_TOOLS } from '../support/pkg-rpm.js';

export default defineRule({
  name: 'zypper-pin-versions',
  meta: {
    description:
      '`zypper install` of a package without a version; pin versions for reproducible builds (opt-in)',
    type: 'suggestion',
    severity: 'warning',
    profile: false,
    messages: {
      unpinned: 'package `{{pkg}}` is not pinned; write the version, e.g. `{{pkg}}=1.2.3` or `{{pkg}}>=1.2`',
    },
    sources: ['hadolint:DL3037'],
    spec: '05-writing-dockerfiles-plan: Reproducible builds with pinned versions',
  },
  create(context) {
    return {
      RUN: pinVisitor(
        context,
        { tools: ZYPPER_TOOLS, subcommands: ['install', 'in'], pinned: rpmPinned },
        'unpinned',
      ),
    };
  },
});
