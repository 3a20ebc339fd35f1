/** What a context path looks like when it holds credentials; undefined when it does not. */
export function secretFileKind(path: string): string | undefined {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const parts = clean.split('/');
  const base = (parts.at(-1) ?? '').toLowerCase();
  const lower = clean.toLowerCase();
  if (
    base === '.env' ||
    (/^\.env\./.test(base) && !/\.(?:example|sample|template|dist|defaults?|schema|tpl)$/.test(base))
  ) {
    return 'environment file';
  }
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(base)) return 'SSH private key';
  if (base === '.ssh') return 'SSH directory';
  if (parts.includes('.ssh') && !/\.pub$|^(?:known_hosts|config|authorized_keys)$/.test(base))
    return 'SSH key';
  if (/\.(?:key|p12|pfx|jks|keystore)$/.test(base) && !/(?:^|[-_.])pub(?:lic)?(?:[-_.]|$)/.test(base))
    return 'private key';
  // A glob (`*.pem`) usually means certificate bundles; only a named .pem file is judged.
  if (
    /\.pem$/.test(base) &&
    !/[*?[]/.test(base) &&
    !/(?:^|[-_.])(?:ca|cacert|cert|certs|certificate|chain|fullchain|bundle|root|pub|public|trust)(?:[-_.]|$)/.test(
      base,
    )
  ) {
    return 'PEM key';
  }
  if (base === '.npmrc' || base === '.yarnrc.yml') return `${base} (may hold registry tokens)`;
  if (base === '.pypirc' || base === '.netrc' || base === '_netrc') return `${base} (credentials)`;
  if (base === '.git-credentials') return 'git credentials';
  if (lower.endsWith('.aws/credentials') || base === '.aws') return 'AWS credentials';
  if (lower.endsWith('.docker/config.json')) return 'Docker registry credentials';
  if (base === 'kubeconfig' || lower.endsWith('.kube/config') || base === '.kube') return 'kubeconfig';
  return undefined;
}

/** Context files checked when a COPY sends the whole context (`COPY . .`). */
export const CONTEXT_SECRET_FILES: readonly string[] = [
  '.env',
  '.env.local',
  '.env.production',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.aws/credentials',
  '.docker/config.json',
  '.kube/config',
  'kubeconfig',
  'id_rsa',
  'id_ed25519',
  '.ssh',
];

/** Files that are secret only when they hold a literal token (`.npmrc` is often plain registry config). */
export function needsContentCheck(path: string): boolean {
  const base = path.replace(/\/+$/, '').split('/').at(-1)?.toLowerCase() ?? '';
  return base === '.npmrc' || base === '.yarnrc.yml';
}

/** npm/yarn config text that carries a literal credential (not a `${VAR}` reference). */
export function hasLiteralRegistryToken(text: string): boolean {
  return /(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)["']?\s*[=:]\s*["']?(?!\$\{)[^\s"'$]{6,}/.test(
    text,
  );
}
