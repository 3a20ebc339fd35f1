import type { Range } from '../../../core/source.js';
import { defineRule } from '../../engine/rule.js';
import { isKeyFingerprint, isSecretName, tokenFormat } from '../support/security-secrets.js';

export default defineRule({
  name: 'secrets-in-arg-env',
  meta: {
    description:
      'ARG/ENV names or values that look like secrets end up in the image history; use RUN --mount=type=secret',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      name: '{{keyword}} `{{key}}` looks like a secret: ARG and ENV values are stored in the image history',
      value: '{{keyword}} `{{key}}` holds what looks like a {{kind}}: it is stored in the image history',
    },
    sources: ['hadolint:DL3064', 'buildkit:SecretsUsedInArgOrEnv', 'trivy:DS-0031'],
    spec: '02-production-self-check: No secrets in ENV, ARG, or COPY - use --mount=type=secret or runtime injection',
  },
  create(context) {
    const hint =
      'Pass it with `docker build --secret id=x,env=X` and read it in `RUN --mount=type=secret,id=x,env=X …`, or inject it at runtime.';
    const check = (
      keyword: string,
      node: Parameters<typeof context.report>[0]['node'],
      key: string,
      keyRange: Range,
      value: string | undefined,
      valueRange: Range | undefined,
      checkName: boolean,
    ): void => {
      const kind = value ? tokenFormat(value) : undefined;
      if (kind && valueRange) {
        context.report({ node, range: valueRange, messageId: 'value', data: { keyword, key, kind }, hint });
      } else if (checkName && isSecretName(key) && !isKeyFingerprint(key, value)) {
        context.report({ node, range: keyRange, messageId: 'name', data: { keyword, key }, hint });
      }
    };
    return {
      ENV(node) {
        for (const p of node.pairs) check('ENV', node, p.key, p.keyRange, p.value, p.valueRange, true);
      },
      ARG(node, stage) {
        // BuildKit checks ARG names inside stages; a global ARG only reaches FROM unless a stage re-declares it.
        for (const d of node.declarations) {
          check('ARG', node, d.name, d.nameRange, d.defaultValue, d.defaultRange, stage !== undefined);
        }
      },
    };
  },
});
