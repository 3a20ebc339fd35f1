/**
 * The Kubernetes secrets deploy/harbor-values.yaml points at. The chart would otherwise fall back to published
 * defaults (admin password `Harbor12345`, secret key `not-a-secure-key`, database password `changeit`, registry
 * password `harbor_registry_password`), so every credential is an `existingSecret` the operator creates first.
 *
 * Value names and the keys each secret must hold: goharbor/harbor-helm `values.yaml` (commit 0023d08, the stored
 * copy read for issue 7; the 1.19.x chart keeps these keys).
 */
export interface HarborSecret {
  /** Secret name written into the values file. */
  readonly name: string;
  /** The values key that names it, e.g. `existingSecretAdminPassword`. */
  readonly valuesKey: string;
  readonly purpose: string;
  /** The keys the chart reads from the secret. */
  readonly keys: readonly string[];
  /** Shell lines that create it (bash; values come from a generator or a prompt, never from this file). */
  readonly create: readonly string[];
}

export const HARBOR_NAMESPACE = 'harbor';

/** The TLS secret of the ingress (`expose.tls.secret.secretName`). */
export const HARBOR_TLS_SECRET = 'harbor-tls';

export const HARBOR_SECRETS: readonly HarborSecret[] = [
  {
    name: 'harbor-admin',
    valuesKey: 'existingSecretAdminPassword',
    purpose: 'initial password of the `admin` user',
    keys: ['HARBOR_ADMIN_PASSWORD'],
    create: [
      `kubectl -n ${HARBOR_NAMESPACE} create secret generic harbor-admin \\`,
      '  --from-literal=HARBOR_ADMIN_PASSWORD="$(openssl rand -base64 24)"',
    ],
  },
  {
    name: 'harbor-secret-key',
    valuesKey: 'existingSecretSecretKey',
    purpose: 'encryption key for stored credentials, exactly 16 characters',
    keys: ['secretKey'],
    create: [
      `kubectl -n ${HARBOR_NAMESPACE} create secret generic harbor-secret-key \\`,
      '  --from-literal=secretKey="$(openssl rand -hex 8)"',
    ],
  },
  {
    name: 'harbor-registry-credentials',
    valuesKey: 'registry.credentials.existingSecret',
    purpose: 'registry password for Harbor core and its htpasswd line',
    keys: ['REGISTRY_PASSWD', 'REGISTRY_HTPASSWD'],
    create: [
      'REGISTRY_PASSWD="$(openssl rand -base64 24)"',
      `kubectl -n ${HARBOR_NAMESPACE} create secret generic harbor-registry-credentials \\`,
      '  --from-literal=REGISTRY_PASSWD="$REGISTRY_PASSWD" \\',
      '  --from-literal=REGISTRY_HTPASSWD="$(htpasswd -nbB harbor-registry "$REGISTRY_PASSWD")"',
    ],
  },
  {
    name: 'harbor-database',
    valuesKey: 'database.external.existingSecret',
    purpose: 'password of the PostgreSQL user Harbor connects as',
    keys: ['password'],
    create: [
      `kubectl -n ${HARBOR_NAMESPACE} create secret generic harbor-database \\`,
      '  --from-literal=password="<the harbor database user’s password>"',
    ],
  },
];

/** The registry user name the htpasswd line above is made for (`registry.credentials.username`). */
export const HARBOR_REGISTRY_USER = 'harbor-registry';

/** Creating the ingress certificate secret (when cert-manager does not manage it). */
export const HARBOR_TLS_CREATE: readonly string[] = [
  `kubectl -n ${HARBOR_NAMESPACE} create secret tls ${HARBOR_TLS_SECRET} --cert=harbor.crt --key=harbor.key`,
];
