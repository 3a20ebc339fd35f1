import { defineRule } from '../../engine/rule.js';
import { pipCall, runCommands, srcRange } from '../support/pkg-shell.js';

export default defineRule({
  name: 'pip-trusted-host',
  meta: {
    description:
      'pip `--trusted-host` turns off TLS checks and `--extra-index-url` opens the door to dependency confusion; use a TLS index with `--index-url`',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      trustedHost:
        '`{{option}}` disables TLS verification for {{host}}: anyone on the path can swap packages; fix the certificate instead',
      extraIndex:
        '`{{option}}` merges a second index with PyPI: a public package with the same name as a private one can win (dependency confusion); use a single `--index-url` that proxies PyPI',
      plainHttp: 'the package index `{{url}}` is plain HTTP: packages can be swapped in transit; use https',
    },
    sources: ['checkov:CKV2_DOCKER_4', 'checkov:CKV2_DOCKER_16'],
    spec: '04-images-registry-security: Supply chain security',
  },
  create(context) {
    return {
      ENV(node) {
        for (const pair of node.pairs) {
          const key = pair.key.toUpperCase();
          const value = pair.value.replace(/^["']|["']$/g, '');
          if (key === 'PIP_TRUSTED_HOST') {
            context.report({
              node,
              range: pair.keyRange,
              messageId: 'trustedHost',
              data: { option: pair.key, host: value },
            });
          } else if (key === 'PIP_EXTRA_INDEX_URL') {
            context.report({
              node,
              range: pair.keyRange,
              messageId: 'extraIndex',
              data: { option: pair.key },
            });
          } else if (key === 'PIP_INDEX_URL' && /^http:\/\//i.test(value)) {
            context.report({ node, range: pair.valueRange, messageId: 'plainHttp', data: { url: value } });
          }
        }
      },
      RUN(node) {
        for (const rc of runCommands(context, node)) {
          const call = pipCall(rc.cmd);
          if (call) {
            for (const o of call.options) {
              if (o.name === '--trusted-host') {
                const host = o.value ?? 'that host';
                context.report({
                  node,
                  range: srcRange(rc, o.word),
                  messageId: 'trustedHost',
                  data: { option: o.name, host },
                });
              } else if (o.name === '--extra-index-url') {
                context.report({
                  node,
                  range: srcRange(rc, o.word),
                  messageId: 'extraIndex',
                  data: { option: o.name },
                });
              } else if (
                (o.name === '-i' || o.name === '--index-url') &&
                o.value &&
                /^http:\/\//i.test(o.value) &&
                o.valueWord
              ) {
                context.report({
                  node,
                  range: srcRange(rc, o.valueWord),
                  messageId: 'plainHttp',
                  data: { url: o.value },
                });
              }
            }
            // `pip config set global.trusted-host x`
            if (call.subcommand === 'config') {
              const key = call.operands.find((w) =>
                /(?:^|\.)(?:trusted-host|extra-index-url)$/.test(w.value ?? ''),
              );
              if (key) {
                const trusted = (key.value ?? '').endsWith('trusted-host');
                context.report({
                  node,
                  range: srcRange(rc, key),
                  messageId: trusted ? 'trustedHost' : 'extraIndex',
                  data: { option: key.value ?? '', host: call.operands.at(-1)?.value ?? 'that host' },
                });
              }
            }
          }
        }
      },
    };
  },
});
