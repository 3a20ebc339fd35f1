import { closestMatch } from '../../../core/suggest.js';
import { defineRule } from '../../engine/rule.js';

const OCI = 'org.opencontainers.image.';

/** The annotation keys of the OCI image spec (annotations.md, "Pre-Defined Annotation Keys"). */
const OCI_KEYS = [
  'created',
  'authors',
  'url',
  'documentation',
  'source',
  'version',
  'revision',
  'vendor',
  'licenses',
  'ref.name',
  'title',
  'description',
  'base.digest',
  'base.name',
];

type Check = (value: string) => boolean;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const URL_LIKE = /^(?:https?|git|ssh):\/\/[^\s/$.?#][^\s]*$|^git@[\w.-]+:[\w./-]+$/;
const GIT_HASH = /^[0-9a-f]{7,64}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
// SPDX license expression syntax: ids (and LicenseRef-…) joined by AND / OR / WITH, with parentheses.
const SPDX_TOKEN = /^(?:\(|\)|AND|OR|WITH|[A-Za-z0-9][A-Za-z0-9.+-]*)$/;

const CHECKS: Record<string, { check: Check; kind: string }> = {
  created: {
    check: (v) => RFC3339.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
    kind: 'an RFC 3339 date-time',
  },
  url: { check: (v) => URL_LIKE.test(v), kind: 'a URL' },
  documentation: { check: (v) => URL_LIKE.test(v), kind: 'a URL' },
  source: { check: (v) => URL_LIKE.test(v), kind: 'a URL' },
  revision: { check: (v) => GIT_HASH.test(v), kind: 'a VCS revision (git commit hash)' },
  licenses: {
    check: (v) =>
      v
        .replace(/([()])/g, ' $1 ')
        .trim()
        .split(/\s+/)
        .every((t) => SPDX_TOKEN.test(t)),
    kind: 'an SPDX license expression',
  },
  'base.digest': { check: (v) => DIGEST.test(v), kind: 'a digest (sha256:…)' },
};

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))
    ? v.slice(1, -1)
    : v;
}

export default defineRule({
  name: 'oci-label-values',
  meta: {
    description:
      'OCI `org.opencontainers.image.*` labels must use the spec’s keys and well-formed values (URL, RFC 3339 date, git hash, SPDX expression)',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      unknownKey:
        '`{{key}}` is not an OCI annotation key{{suggestion}}; registries and scanners will ignore it',
      empty: 'Label `{{key}}` is empty',
      invalid: 'Label `{{key}}` should be {{kind}}, not `{{value}}`',
    },
    sources: [
      'hadolint:DL3048',
      'hadolint:DL3051',
      'hadolint:DL3052',
      'hadolint:DL3053',
      'hadolint:DL3054',
      'hadolint:DL3055',
    ],
    spec: '01-docker-mastery-tiers: LABEL for OCI image metadata',
  },
  create(context) {
    return {
      LABEL(node) {
        for (const pair of node.pairs) {
          const keyResult = context.model.expand(node, pair.key);
          if ('error' in keyResult || keyResult.unmatched.length) continue;
          const key = unquote(keyResult.value);
          if (!key.startsWith(OCI)) continue;
          const name = key.slice(OCI.length);
          if (!OCI_KEYS.includes(name)) {
            const near = closestMatch(name, OCI_KEYS);
            context.report({
              node,
              range: pair.keyRange,
              messageId: 'unknownKey',
              data: { key, suggestion: near ? ` (did you mean \`${OCI}${near}\`?)` : '' },
            });
            continue;
          }
          const valueResult = context.model.expand(node, pair.value);
          // Values from build args (`${VERSION}`) are only known at build time.
          if ('error' in valueResult || valueResult.unmatched.length || valueResult.used.length) continue;
          const value = valueResult.value.trim();
          if (value === '') {
            context.report({ node, range: pair.range, messageId: 'empty', data: { key } });
            continue;
          }
          const rule = CHECKS[name];
          if (rule && !rule.check(value)) {
            context.report({
              node,
              range: pair.valueRange,
              messageId: 'invalid',
              data: { key, kind: rule.kind, value },
            });
          }
        }
      },
    };
  },
});
