import type { Severity } from '../../core/diagnostic.js';

/** Well-known secret formats (after gitleaks' and trivy's default rules; patterns written here). */
export interface SecretRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Cheap substring prefilter: the regex runs only when one of these occurs. */
  readonly keywords: readonly string[];
  /** The secret is the `secret` group, or the whole match. */
  readonly regex: RegExp;
  /** Minimum Shannon entropy of the secret (generic rules). */
  readonly entropy?: number;
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'private-key',
    title: 'Private key',
    severity: 'error',
    keywords: ['PRIVATE KEY'],
    regex:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/,
  },
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    severity: 'error',
    keywords: ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'A3T'],
    regex: /\b(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z2-7]{16})\b/,
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    severity: 'error',
    keywords: ['aws', 'AWS'],
    regex:
      /(?:aws|AWS)[\w.-]{0,20}(?:secret|SECRET)[\w.-]{0,20}['"]?\s*[:=]\s*['"]?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/,
  },
  {
    id: 'gcp-service-account',
    title: 'GCP service account key',
    severity: 'error',
    keywords: ['service_account'],
    regex: /"type"\s*:\s*"service_account"[\s\S]{0,2000}?"private_key_id"\s*:\s*"(?<secret>[a-f0-9]{40})"/,
  },
  {
    id: 'gcp-api-key',
    title: 'GCP API key',
    severity: 'error',
    keywords: ['AIza'],
    regex: /\b(?<secret>AIza[\w-]{35})(?![\w-])/,
  },
  {
    id: 'github-pat',
    title: 'GitHub personal access token',
    severity: 'error',
    keywords: ['ghp_'],
    regex: /\b(?<secret>ghp_[A-Za-z0-9]{36})\b/,
  },
  {
    id: 'github-oauth',
    title: 'GitHub OAuth token',
    severity: 'error',
    keywords: ['gho_'],
    regex: /\b(?<secret>gho_[A-Za-z0-9]{36})\b/,
  },
  {
    id: 'github-app-token',
    title: 'GitHub app token',
    severity: 'error',
    keywords: ['ghu_', 'ghs_'],
    regex: /\b(?<secret>gh[us]_[A-Za-z0-9]{36})\b/,
  },
  {
    id: 'github-refresh-token',
    title: 'GitHub refresh token',
    severity: 'error',
    keywords: ['ghr_'],
    regex: /\b(?<secret>ghr_[A-Za-z0-9]{36,76})\b/,
  },
  {
    id: 'github-fine-grained-pat',
    title: 'GitHub fine-grained token',
    severity: 'error',
    keywords: ['github_pat_'],
    regex: /\b(?<secret>github_pat_[A-Za-z0-9_]{82})\b/,
  },
  {
    id: 'gitlab-pat',
    title: 'GitLab personal access token',
    severity: 'error',
    keywords: ['glpat-'],
    regex: /\b(?<secret>glpat-[\w-]{20,})(?![\w-])/,
  },
  {
    id: 'slack-token',
    title: 'Slack token',
    severity: 'error',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xapp-'],
    regex: /\b(?<secret>(?:xox[bpars]|xapp)-[0-9A-Za-z-]{10,})(?![\w-])/,
  },
  {
    id: 'slack-webhook-url',
    title: 'Slack webhook URL',
    severity: 'error',
    keywords: ['hooks.slack.com'],
    regex: /(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{40,})/,
  },
  {
    id: 'stripe-secret-key',
    title: 'Stripe secret key',
    severity: 'error',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'sk_prod_', 'rk_prod_'],
    regex: /\b(?<secret>[rs]k_(?:live|test|prod)_[0-9A-Za-z]{10,99})\b/,
  },
  {
    id: 'npm-access-token',
    title: 'npm access token',
    severity: 'error',
    keywords: ['npm_'],
    regex: /\b(?<secret>npm_[A-Za-z0-9]{36})\b/,
  },
  {
    id: 'npmrc-auth-token',
    title: 'npm registry auth token',
    severity: 'error',
    keywords: ['_authToken', '_auth'],
    regex: /(?:_authToken|_auth)\s*=\s*(?<secret>[^\s$'"{][^\s'"]{7,})/,
  },
  {
    id: 'pypi-upload-token',
    title: 'PyPI upload token',
    severity: 'error',
    keywords: ['pypi-AgE'],
    regex: /\b(?<secret>pypi-AgE[\w-]{50,})(?![\w-])/,
  },
  {
    id: 'openai-api-key',
    title: 'OpenAI API key',
    severity: 'error',
    keywords: ['T3BlbkFJ'],
    regex:
      /\b(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})(?![\w-])/,
  },
  {
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    severity: 'error',
    keywords: ['sk-ant-'],
    regex: /\b(?<secret>sk-ant-(?:api|admin)\d\d-[\w-]{80,100}AA)(?![\w-])/,
  },
  {
    id: 'hugging-face-token',
    title: 'Hugging Face token',
    severity: 'error',
    keywords: ['hf_'],
    regex: /\b(?<secret>hf_[A-Za-z]{34})\b/,
  },
  {
    id: 'sendgrid-api-token',
    title: 'SendGrid API token',
    severity: 'error',
    keywords: ['SG.'],
    regex: /\b(?<secret>SG\.[\w-]{22}\.[\w-]{43})(?![\w-])/,
  },
  {
    id: 'jwt',
    title: 'JSON Web Token',
    severity: 'warning',
    keywords: ['eyJ'],
    regex: /\b(?<secret>ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/_-]{17,}\.(?:[A-Za-z0-9/_-]{10,}={0,2})?)(?![\w-])/,
  },
];

export const SECRET_KEYWORDS: readonly string[] = [...new Set(SECRET_RULES.flatMap((r) => r.keywords))];

export interface SecretMatch {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  /** Masked: never the secret itself. */
  readonly masked: string;
  readonly line: number;
}

/**
 * Mask a secret. `prefix` keeps the first characters when they are the token's well-known format
 * marker (`AKIA`, `ghp_`, `npm_`) so people can tell what leaked; free-form values are fully masked.
 */
export function mask(value: string, prefix = 0): string {
  const v = value.trim();
  const keep = v.length > 12 ? Math.min(prefix, 4) : 0;
  return `${v.slice(0, keep)}${'*'.repeat(Math.max(4, Math.min(v.length - keep, 16)))}`;
}

export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function prefixOf(secret: string, rule: SecretRule): number {
  const k = rule.keywords.find((kw) => secret.startsWith(kw));
  return k ? k.length : 0;
}

const PLACEHOLDER = /EXAMPLE|example|xxxxxxxx|XXXXXXXX|your[_-]?(?:token|key)|<[a-z_-]+>|\$\{|\$\(/;

/** Run the rules over a text; `keywordsFound` lets a caller skip texts with no keyword at all. */
export function scanText(text: string, maxMatches = 10): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const rule of SECRET_RULES) {
    if (!rule.keywords.some((k) => text.includes(k))) continue;
    const re = new RegExp(rule.regex.source, `${rule.regex.flags.replace('g', '')}g`);
    for (const m of text.matchAll(re)) {
      const secret = m.groups?.secret ?? m[0];
      if (rule.id !== 'private-key' && PLACEHOLDER.test(secret)) continue;
      if (rule.entropy !== undefined && entropy(secret) < rule.entropy) continue;
      const line = text.slice(0, m.index).split('\n').length;
      out.push({
        rule: rule.id,
        title: rule.title,
        severity: rule.severity,
        masked:
          rule.id === 'private-key'
            ? '-----BEGIN … PRIVATE KEY----- (redacted)'
            : mask(secret, prefixOf(secret, rule)),
        line,
      });
      if (out.length >= maxMatches) return out;
    }
  }
  return out;
}

/** BuildKit's SecretsUsedInArgOrEnv: a key is secret-looking when a `_`-separated word is one of these. */
const SECRET_WORDS = new Set([
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
]);
const NOT_SECRET_KEY =
  /(?:_FILE|_PATH|_DIR|_URL|_URI|_HOST|_PORT|_NAME|_ID|_USER|_USERNAME|_TYPE|_ALGORITHM|_SIZE|_LENGTH|_ENABLED|_MODE)$/i;

export function isSecretKey(key: string): boolean {
  if (NOT_SECRET_KEY.test(key)) return false;
  const words = key.toLowerCase().split(/[_\-.]/);
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_WORDS.has(key.toLowerCase());
}

/** A value that is clearly not a literal secret: empty, a variable reference, a file path, a boolean. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    v.startsWith('$') ||
    v.startsWith('/') ||
    /^(?:true|false|yes|no|none|null|changeme|\*+)$/i.test(v) ||
    PLACEHOLDER.test(v)
  );
}

/** Mask every secret-looking value in a command line: rule matches and secret-named `K=V` pairs. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of SECRET_RULES) {
    if (!rule.keywords.some((k) => out.includes(k))) continue;
    const re = new RegExp(rule.regex.source, `${rule.regex.flags.replace('g', '')}g`);
    out = out.replace(re, (...args) => {
      const m = args[0] as string;
      const groups = args[args.length - 1] as Record<string, string> | undefined;
      const secret = typeof groups === 'object' && groups?.secret ? groups.secret : m;
      return m.replace(
        secret,
        rule.id === 'private-key' ? '(redacted private key)' : mask(secret, prefixOf(secret, rule)),
      );
    });
  }
  return out.replace(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (m, key: string, value: string) => {
    const v = value.replace(/^["']|["']$/g, '');
    return isSecretKey(key) && !isPlaceholderValue(v) && !v.includes('*') ? `${key}=${mask(v)}` : m;
  });
}
