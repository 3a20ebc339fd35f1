import type { Range } from '../../../core/source.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, matchRunText, wordRange } from '../support/security-shell.js';

/** Package-manager options that accept unsigned or unverifiable packages, per tool. */
const FLAGS: readonly (readonly [readonly string[], readonly string[]])[] = [
  [
    ['apt-get', 'apt', 'aptitude'],
    ['--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes'],
  ],
  [['apk'], ['--allow-untrusted']],
  [['dnf', 'yum', 'tdnf', 'microdnf', 'yum-config-manager'], ['--nogpgcheck']],
  [['rpm'], ['--nosignature', '--nodigest', '--noverify', '--nofiledigest']],
  [['zypper'], ['--no-gpg-checks']],
];

/** Settings written to apt/yum configuration or passed with -o / --setopt. */
const CONFIG_TEXT: readonly RegExp[] = [
  /APT::Get::AllowUnauthenticated["']?(?:\s*=\s*|\s+)["']?(?:true|1|yes)\b/gi,
  /Acquire::AllowInsecureRepositories["']?(?:\s*=\s*|\s+)["']?(?:true|1|yes)\b/gi,
  /Acquire::AllowDowngradeToInsecureRepositories["']?(?:\s*=\s*|\s+)["']?(?:true|1|yes)\b/gi,
  // A local `file:` repository built in the same step (official postgres images) is not a download.
  /\[(?:[^\]\n]*\s)?trusted=yes\b[^\]\n]*\](?!\s*(?:copy|file):)/gi,
  /(?<![\w.])(?:[\w-]+\.)?(?:repo_)?gpgcheck\s*=\s*(?:0|false|no)\b/gi,
];

export default defineRule({
  name: 'unsigned-packages',
  meta: {
    description:
      'Package managers told to accept unsigned packages or repositories install whatever they are served',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      flag: '`{{tool}} {{flag}}` installs packages without checking their signatures',
      config: '`{{text}}` turns off package signature checks',
    },
    sources: [
      'checkov:CKV2_DOCKER_7',
      'checkov:CKV2_DOCKER_8',
      'checkov:CKV2_DOCKER_9',
      'checkov:CKV2_DOCKER_10',
      'checkov:CKV2_DOCKER_11',
    ],
    spec: '04-images-registry-security: 3. Container Security - Supply chain security',
  },
  create(context) {
    const hint =
      'Import the repository key (e.g. into /etc/apt/keyrings with `signed-by=`, or `rpm --import`) instead.';
    return {
      RUN(node) {
        const seen = new Set<number>();
        const report = (range: Range, messageId: 'flag' | 'config', data: Record<string, string>): void => {
          if (seen.has(range.start)) return;
          seen.add(range.start);
          context.report({ node, range, messageId, data, hint });
        };
        for (const { cmd, script } of commandsOf(context, node)) {
          for (const [tools, flags] of FLAGS) {
            if (!cmd.is(tools)) continue;
            for (const o of cmd.findOptions(flags)) {
              report(wordRange(script, o.word), 'flag', { tool: cmd.program ?? tools[0]!, flag: o.name });
            }
          }
        }
        for (const re of CONFIG_TEXT) {
          for (const { range, match } of matchRunText(node, re)) report(range, 'config', { text: match[0] });
        }
      },
    };
  },
});
