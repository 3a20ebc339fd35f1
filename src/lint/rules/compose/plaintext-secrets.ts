// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written as ${NAME}
import { defineComposeRule } from '../../engine/compose.js';
import {
  hasInterpolation,
  isSecretVariable,
  isTrivialValue,
  literalParts,
  mask,
  rawEnvironmentValue,
  unquote,
  writtenText,
} from '../support/compose-sec-util.js';
import { isKeyFingerprint, tokenFormat } from '../support/security-secrets.js';

export default defineComposeRule({
  name: 'plaintext-secrets',
  meta: {
    description:
      'Do not write credentials in `environment` or `build.args`: pass them with `secrets:` (or at least `${VAR}` from an untracked env file)',
    type: 'problem',
    severity: 'warning',
    profile: 'dev',
    messages: {
      byName:
        'Service `{{service}}` sets `{{name}}` to a literal value ({{masked}}) in the compose file; use `secrets:` (e.g. `{{name}}_FILE: /run/secrets/…`) or `${{{name}}}`',
      byFormat:
        'Service `{{service}}` has what looks like a {{kind}} in `{{name}}` ({{masked}}); move it to `secrets:` and rotate it',
      buildArg:
        'Service `{{service}}` passes `{{name}}` as a build argument ({{masked}}): it is kept in the image history; use a build secret (`build.secrets`)',
    },
    spec: '02-production-self-check: Secrets are not baked into images or committed; they come from a secret store or runtime injection',
  },
  create(context) {
    return {
      service(service, config) {
        for (const name of Object.keys(config.environment ?? {})) {
          const raw = rawEnvironmentValue(context, service, name);
          if (raw === undefined) continue; // env_file or not written in a compose file
          const path = ['services', service, 'environment', name];
          const literal = literalParts(raw);
          const kind = tokenFormat(literal);
          if (kind) {
            context.report({
              path,
              messageId: 'byFormat',
              data: { service, name, kind, masked: mask(literal) },
            });
            continue;
          }
          if (hasInterpolation(raw) || !isSecretVariable(name)) continue;
          if (isTrivialValue(raw) || isKeyFingerprint(name, raw)) continue;
          context.report({ path, messageId: 'byName', data: { service, name, masked: mask(raw) } });
        }
        const args = config.build?.args ?? {};
        for (const name of Object.keys(args)) {
          const path = ['services', service, 'build', 'args', name];
          const written = writtenText(context, path);
          if (!written) continue;
          const loc = context.locate(path);
          // Map syntax: the located value; list syntax `- NAME=value`.
          let raw = unquote(written.text);
          if (!loc?.keyRange) {
            if (!raw.startsWith(`${name}=`)) continue;
            raw = raw.slice(name.length + 1);
          } else if (unquote(loc.source.text.slice(loc.keyRange.start, loc.keyRange.end)) !== name) continue;
          const literal = literalParts(raw);
          const kind = tokenFormat(literal);
          // Interpolated or not, a build argument ends up in the image history.
          const byName = isSecretVariable(name) && !isTrivialValue(String(args[name] ?? ''));
          if (!kind && !byName) continue;
          const shown = hasInterpolation(raw) && !kind ? raw : mask(literal);
          context.report({ path, messageId: 'buildArg', data: { service, name, masked: shown } });
        }
      },
    };
  },
});
