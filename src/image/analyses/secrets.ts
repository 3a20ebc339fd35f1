import type { ImageModel } from '../model.js';
import { type Finding, finding, listSome } from './common.js';
import type { ContentFacts } from './content.js';
import { isPlaceholderValue, isSecretKey, mask, scanText } from './secret-rules.js';

const SENSITIVE_NAMES = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.env',
  'credentials.json',
  'credential.json',
  'credentials.xml',
  'password.txt',
  'secret_token.rb',
  'kubeconfig',
]);
const SENSITIVE_EXT =
  /\.(?:secret|ovpn|private_key|jks|keystore|p12|pfx|psafe3|agilekeychain|keychain|kdbx)$/i;
const SENSITIVE_PATHS =
  /\/\.aws\/credentials$|\/\.docker\/config\.json$|\/\.kube\/config$|\/\.ssh\/id_[a-z0-9]+$/;

export function isSensitiveFile(path: string): boolean {
  if (/\/node_modules\/|^\/usr\/(?:share|lib|include)\//.test(path)) return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.env\.(?:example|sample|template|dist|defaults?)$/i.test(base)) return false;
  return (
    SENSITIVE_NAMES.has(base) ||
    /^\.env\.[\w-]+$/.test(base) ||
    SENSITIVE_EXT.test(base) ||
    SENSITIVE_PATHS.test(path)
  );
}

/** BuildKit's `RUN |2 A=1 B=2 /bin/sh -c …` prefix: the build args of that step, values included. */
export function buildArgsOf(createdBy: string): [string, string][] {
  const m = /^(?:RUN\s+)?\|(\d+)\s+(.*)$/s.exec(createdBy);
  if (!m) return [];
  const n = Number(m[1]);
  const out: [string, string][] = [];
  let rest = m[2]!;
  for (let i = 0; i < n; i++) {
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/.exec(rest);
    if (!kv) break;
    out.push([kv[1]!, kv[2]!.replace(/^["']|["']$/g, '')]);
    rest = rest.slice(kv[0].length);
  }
  return out;
}

/**
 * Secrets in file contents (from the content scan), secret-looking ENV values, build args and
 * tokens in history `created_by`, and credential files present in any layer. Values are masked.
 */
export function secrets(model: ImageModel, options: { facts?: ContentFacts } = {}): Finding[] {
  const out: Finding[] = [];
  const deletedLater = (path: string, layer: number) => {
    const visible = model.files.get(path);
    return !visible || visible.layer !== layer;
  };
  for (const s of options.facts?.secrets ?? []) {
    const gone = deletedLater(s.path, s.layer);
    out.push(
      finding(
        model,
        'image/secret-in-file',
        s.severity,
        `${s.title} in ${s.path}:${s.line} (layer ${s.layer + 1}${gone ? ', removed later but still in that layer' : ''}): ${s.masked}`,
        'Revoke it, then pass secrets with RUN --mount=type=secret instead of copying them into the image.',
        [`gitleaks:${s.rule}`],
      ),
    );
  }
  for (const kv of model.config.env) {
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    const value = eq < 0 ? '' : kv.slice(eq + 1);
    const matches = scanText(value, 1);
    if (matches[0]) {
      out.push(
        finding(
          model,
          'image/secret-in-env',
          'error',
          `ENV ${key} holds a ${matches[0].title}: ${matches[0].masked}`,
          'Pass it at run time (docker run -e, a secrets manager), not in the image.',
          ['buildkit:SecretsUsedInArgOrEnv'],
        ),
      );
    } else if (isSecretKey(key) && !isPlaceholderValue(value)) {
      out.push(
        finding(
          model,
          'image/secret-in-env',
          'error',
          `ENV ${key} looks like a secret: ${mask(value)}`,
          'Pass it at run time (docker run -e, a secrets manager), not in the image.',
          ['buildkit:SecretsUsedInArgOrEnv'],
        ),
      );
    }
  }
  model.config.history.forEach((h, i) => {
    const text = h.createdBy;
    if (!text) return;
    const flagged = new Set<string>();
    for (const [k, v] of buildArgsOf(text)) {
      const hit = scanText(v, 1)[0];
      if ((isSecretKey(k) && !isPlaceholderValue(v)) || hit) {
        flagged.add(k);
        out.push(
          finding(
            model,
            'image/secret-in-history',
            'error',
            `build arg ${k} is recorded in the image history (step ${i + 1}): ${hit?.masked ?? mask(v)}`,
            'Build args are stored in the image config; use RUN --mount=type=secret for credentials.',
            ['buildkit:SecretsUsedInArgOrEnv'],
          ),
        );
      }
    }
    // Token formats elsewhere in the command (the build-arg prefix is already reported above).
    const rest = flagged.size
      ? text.replace(
          /^(?:RUN\s+)?\|\d+\s+(?:[A-Za-z_][A-Za-z0-9_]*=(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*)*/s,
          '',
        )
      : text;
    for (const m of scanText(rest, 3)) {
      out.push(
        finding(
          model,
          'image/secret-in-history',
          'error',
          `${m.title} in the image history (step ${i + 1}): ${m.masked}`,
          'Anyone who pulls the image can read its history.',
        ),
      );
    }
    // Legacy builder: `/bin/sh -c #(nop)  ENV TOKEN=…` and `ARG` lines.
    const env = /#\(nop\)\s+(?:ENV|ARG)\s+([A-Za-z_][A-Za-z0-9_]*)[= ](\S+)/.exec(text);
    if (env && !flagged.has(env[1]!) && isSecretKey(env[1]!) && !isPlaceholderValue(env[2]!)) {
      out.push(
        finding(
          model,
          'image/secret-in-history',
          'error',
          `${env[1]} is set in the image history (step ${i + 1}): ${mask(env[2]!)}`,
        ),
      );
    }
  });
  const files = new Map<string, number[]>();
  for (const l of model.layers) {
    for (const e of l.entries) {
      if (e.type !== 'file' || !isSensitiveFile(e.path)) continue;
      files.set(e.path, [...(files.get(e.path) ?? []), l.index]);
    }
  }
  for (const [path, layers] of files) {
    const visible = model.files.has(path);
    out.push(
      finding(
        model,
        'image/sensitive-file',
        'warning',
        `credential file ${path} in layer ${listSome(layers.map((l) => String(l + 1)))}${visible ? '' : ' (deleted later, but still in the layer)'}`,
        'Add it to .dockerignore; mount credentials at build time with RUN --mount=type=secret.',
        ['dockle:CIS-DI-0010'],
      ),
    );
  }
  return out;
}
