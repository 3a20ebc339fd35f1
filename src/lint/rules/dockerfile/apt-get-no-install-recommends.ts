import { defineRule } from '../../engine/rule.js';
import { commandHeadRange, findInRun, insertAfter, StageMarks } from '../support/pkg-shell.js';

const RECOMMENDS_OFF = /^APT::Install-Recommends=(?:0|false|no|off)$/i;

export default defineRule({
  name: 'apt-get-no-install-recommends',
  meta: {
    description:
      'apt-get install without `--no-install-recommends` pulls in recommended packages the image does not need',
    type: 'suggestion',
    severity: 'info',
    profile: 'production',
    fixable: 'unsafe',
    messages: {
      missing:
        '`{{command}}` without `--no-install-recommends` also installs recommended packages; add the flag and list what you need',
    },
    sources: ['hadolint:DL3015', 'trivy:DS-0029'],
    spec: '04-images-registry-security: Security vulnerabilities - Regular base image updates, minimal installs',
  },
  create(context) {
    // `APT::Install-Recommends "false"` written to apt's configuration by an earlier RUN applies to every later call.
    const configured = new StageMarks();
    return {
      RUN(node, stage) {
        for (const rc of findInRun(context, node, ['apt-get', 'apt'], 'install')) {
          const { cmd } = rc;
          if (configured.has(stage) || cmd.hasFlag('--no-install-recommends')) continue;
          if (cmd.hasFlag('-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act')) continue;
          if (cmd.flagValues('-o', '--option').some((v) => RECOMMENDS_OFF.test(v))) continue;
          const sub = cmd.positionalArgs()[0];
          if (!sub) continue;
          context.report({
            node,
            range: commandHeadRange(rc),
            messageId: 'missing',
            data: { command: `${cmd.program} install` },
            fix: insertAfter(rc, sub, ' --no-install-recommends'),
          });
        }
        if (/APT::Install-Recommends\W+(?:0|false)\b/i.test(node.line.text)) configured.mark(stage);
      },
    };
  },
});
