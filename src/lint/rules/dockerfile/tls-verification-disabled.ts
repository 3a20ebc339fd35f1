import type { Range } from '../../../core/source.js';
import type { Word } from '../../../parse/shell/index.js';
import { defineRule } from '../../engine/rule.js';
import { commandsOf, matchRunText, wordRange } from '../support/security-shell.js';

const FALSE = /^(?:0|false|no|off)$/i;

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, '$2');
}

/** Environment variables that turn certificate checks off: what they disable, or undefined. */
function envDisables(name: string, value: string): string | undefined {
  const v = unquote(value);
  switch (name.toUpperCase()) {
    case 'NODE_TLS_REJECT_UNAUTHORIZED':
      return v === '0' ? 'NODE_TLS_REJECT_UNAUTHORIZED=0 (Node.js)' : undefined;
    case 'PYTHONHTTPSVERIFY':
      return v === '0' ? 'PYTHONHTTPSVERIFY=0 (Python)' : undefined;
    case 'NPM_CONFIG_STRICT_SSL':
      return FALSE.test(v) ? `${name}=${v} (npm)` : undefined;
    case 'GIT_SSL_NO_VERIFY':
      // git only checks that the variable exists.
      return `${name} (git)`;
    case 'GOINSECURE':
      return v ? 'GOINSECURE (Go modules)' : undefined;
    default:
      return undefined;
  }
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const APT_VERIFY =
  /Acquire::https::(?:[^\s:"'=]+::)?Verify-(?:Peer|Host)["']?(?:\s*=\s*|\s+)["']?(?:false|0|no)\b/gi;

export default defineRule({
  name: 'tls-verification-disabled',
  meta: {
    description:
      'Turning off TLS certificate verification lets anyone on the network swap what the build downloads',
    type: 'problem',
    severity: 'error',
    profile: 'dev',
    messages: {
      disabled: '{{what}} turns off TLS certificate verification; fix the CA bundle instead',
    },
    sources: [
      'checkov:CKV2_DOCKER_2',
      'checkov:CKV2_DOCKER_3',
      'checkov:CKV2_DOCKER_5',
      'checkov:CKV2_DOCKER_6',
      'checkov:CKV2_DOCKER_12',
      'checkov:CKV2_DOCKER_13',
      'checkov:CKV2_DOCKER_14',
      'checkov:CKV2_DOCKER_15',
    ],
    spec: '04-images-registry-security: 3. Container Security - Supply chain security',
  },
  create(context) {
    const hint =
      'Install the corporate/proxy CA (`COPY ca.crt /usr/local/share/ca-certificates/` + `update-ca-certificates`) or point the tool at it (`--cacert`, `NODE_EXTRA_CA_CERTS`, `cafile`).';
    return {
      ENV(node) {
        for (const p of node.pairs) {
          const what = envDisables(p.key, p.value);
          if (what)
            context.report({
              node,
              range: p.range,
              messageId: 'disabled',
              data: { what: `ENV ${what}` },
              hint,
            });
        }
      },
      ARG(node) {
        for (const d of node.declarations) {
          if (d.defaultValue === undefined) continue;
          const what = envDisables(d.name, d.defaultValue);
          if (what)
            context.report({
              node,
              range: d.range,
              messageId: 'disabled',
              data: { what: `ARG ${what}` },
              hint,
            });
        }
      },
      RUN(node) {
        const seen = new Set<string>();
        const report = (range: Range, what: string): void => {
          const key = `${range.start}:${range.end}`;
          if (seen.has(key)) return;
          seen.add(key);
          context.report({ node, range, messageId: 'disabled', data: { what }, hint });
        };
        for (const { cmd, script } of commandsOf(context, node)) {
          const at = (w: Word): Range => wordRange(script, w);
          // FOO=x cmd, env FOO=x cmd, export FOO=x
          const assigned: { name: string; value: string; range: Range }[] = cmd.node.assignments.flatMap(
            (a) =>
              a.value?.value !== undefined
                ? [{ name: a.name, value: a.value.value, range: script.sourceRange(a) }]
                : [],
          );
          const assignWords = [
            ...cmd.wrappers.flatMap((w) => w.args),
            ...(cmd.is(['export', 'declare', 'typeset', 'readonly']) ? cmd.args : []),
          ];
          for (const w of assignWords) {
            const m = w.value !== undefined ? ASSIGNMENT.exec(w.value) : null;
            if (m) assigned.push({ name: m[1]!, value: m[2]!, range: at(w) });
          }
          for (const a of assigned) {
            const what = envDisables(a.name, a.value);
            if (what) report(a.range, what);
          }
          if (cmd.is('curl')) {
            for (const o of cmd.findOptions(['-k', '--insecure'])) report(at(o.word), `curl ${o.name}`);
          } else if (cmd.is('wget')) {
            for (const o of cmd.findOptions(['--no-check-certificate']))
              report(at(o.word), 'wget --no-check-certificate');
          } else if (cmd.is('git')) {
            for (const o of cmd.findOptions(['-c'])) {
              const m = o.value ? /^http\.(?:.*\.)?sslverify=(.*)$/i.exec(o.value) : null;
              if (m && FALSE.test(m[1]!)) report(at(o.valueWord ?? o.word), `git -c ${o.value}`);
            }
            const pos = cmd.positionalArgs();
            const i = pos.findIndex((w) => /^http\.(?:.*\.)?sslverify$/i.test(w.value ?? ''));
            if (pos[0]?.value === 'config' && i > 0 && FALSE.test(pos[i + 1]?.value ?? '')) {
              report(at(pos[i]!), `git config ${pos[i]!.value} ${pos[i + 1]!.value}`);
            }
          } else if (cmd.is(['npm', 'yarn', 'pnpm'])) {
            for (const o of cmd.findOptions(['--strict-ssl', '--no-strict-ssl'])) {
              if (o.name === '--no-strict-ssl' || FALSE.test(o.value ?? ''))
                report(at(o.word), `${cmd.program} ${o.word.value}`);
            }
            const pos = cmd.positionalArgs().map((w) => w.value ?? '');
            const setAt = pos[0] === 'config' && pos[1] === 'set' ? 2 : pos[0] === 'set' ? 1 : -1;
            if (setAt > 0) {
              const [k, inline] = (pos[setAt] ?? '').split('=', 2);
              const v = inline ?? pos[setAt + 1] ?? '';
              if (k === 'strict-ssl' && FALSE.test(v)) {
                report(cmd.sourceRange, `${cmd.program} config set strict-ssl ${v}`);
              }
            }
          } else if (cmd.is(['dnf', 'yum', 'microdnf', 'tdnf', 'yum-config-manager'])) {
            for (const o of cmd.findOptions(['--setopt'])) {
              const m = o.value ? /^(?:.*\.)?sslverify=(.*)$/i.exec(o.value) : null;
              if (m && FALSE.test(m[1]!))
                report(at(o.valueWord ?? o.word), `${cmd.program} --setopt=${o.value}`);
            }
          }
        }
        for (const { range, match } of matchRunText(node, APT_VERIFY)) report(range, `apt ${match[0]}`);
      },
    };
  },
});
