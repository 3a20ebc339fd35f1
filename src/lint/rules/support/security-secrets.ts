/**
 * BuildKit's SecretsUsedInArgOrEnv heuristic (frontend/dockerfile/dockerfile2llb/convert.go, getSecretsRegex):
 * a token delimited by `_` or the ends of the name, unless an allow token is present the same way.
 */
const SECRET_NAME =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED_NAME = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !ALLOWED_NAME.test(name);
}

/**
 * `ENV GPG_KEY 7169605F…` (official python images): a public key fingerprint used to verify downloads, not a
 * secret. BuildKit reports it; we do not.
 */
export function isKeyFingerprint(name: string, value: string | undefined): boolean {
  if (!/(?:^|_)(?:GPG|PGP)(?:_|$)/i.test(name) || value === undefined) return false;
  const v = value.replace(/^(["'])(.*)\1$/s, '$2').trim();
  return /^(?:(?:0x)?[0-9A-F]{16,40})(?:[\s,]+(?:0x)?[0-9A-F]{16,40})*$/i.test(v);
}

/** Well-known credential formats: [label, pattern]. */
const TOKEN_FORMATS: readonly (readonly [string, RegExp])[] = [
  ['AWS access key id', /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/],
  ['GitHub token', /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}/],
  ['GitHub fine-grained token', /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/],
  ['GitLab token', /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/],
  ['Slack token', /(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}/],
  ['Stripe live key', /(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,}/],
  ['npm token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/],
  ['Google API key', /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}/],
  ['OpenAI/Anthropic API key', /(?<![A-Za-z0-9_])sk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{32,}/],
  ['private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/],
  ['JSON web token', /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['password in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s@/$]{3,}@[^\s]/i],
];

/** The kind of credential a value looks like, if any. */
export function tokenFormat(value: string): string | undefined {
  for (const [label, re] of TOKEN_FORMATS) if (re.test(value)) return label;
  return undefined;
}
