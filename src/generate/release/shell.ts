// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell parameter expansion (${VAR}), not templates
import type { ReleaseContext } from './context.js';
import type { RegistryTarget } from './registry.js';

/**
 * Shell snippets every pipeline shares (POSIX sh; run through ShellCheck in the tests). Variables are passed in by
 * name so each CI keeps its own syntax outside the script; inside, they are plain `$VAR`s.
 */

/**
 * Computes the image tags from git metadata into `$TAGS` (space-separated): `sha-<short>` always; for a release
 * tag `v1.2.3` also `1.2.3`, `1.2`, `1` (pre-releases only `1.2.3-rc.1`); for a branch its sanitised name.
 * Expects `$GIT_REF` (tag or branch name) and `$GIT_SHA` (full or short commit).
 */
export const TAGS_SCRIPT = [
  'TAGS="sha-$(printf %s "$GIT_SHA" | cut -c1-7)"',
  'case "$GIT_REF" in',
  '  v[0-9]*.[0-9]*.[0-9]*)',
  '    version="${GIT_REF#v}"',
  '    case "$version" in',
  '      *-*) TAGS="$TAGS $version" ;;',
  '      *)',
  '        major="${version%%.*}"',
  '        rest="${version#*.}"',
  '        TAGS="$TAGS $version $major.${rest%%.*} $major"',
  '        ;;',
  '    esac',
  '    ;;',
  '  *) TAGS="$TAGS $(printf %s "$GIT_REF" | tr -c \'A-Za-z0-9_.-\' \'-\' | cut -c1-128)" ;;',
  'esac',
].join('\n');

/** `-t ref:tag` arguments for every tag in `$TAGS` of `$IMAGE`, into `$TAG_ARGS`. */
export const TAG_ARGS_SCRIPT = [
  'TAG_ARGS=""',
  'for t in $TAGS; do TAG_ARGS="$TAG_ARGS -t $IMAGE:$t"; done',
].join('\n');

/** The OIDC issuer and identity a keyless signature from this CI carries. */
export interface KeylessIdentity {
  readonly issuer: string;
  /** Regular expression for `--certificate-identity-regexp` with `{OWNER}`/`{REPO}`-style placeholders left to the user. */
  readonly identityRegexp: string;
}

/** Keyless identity for GitHub and GitLab (their OIDC tokens); `null` where signing is key-based (Jenkins, CircleCI). */
export function keylessIdentity(
  ctx: ReleaseContext,
  workflowFile = '.github/workflows/docker.yml',
): KeylessIdentity | null {
  const branch = ctx.defaultBranch;
  switch (ctx.ci) {
    case 'github':
      return {
        issuer: 'https://token.actions.githubusercontent.com',
        identityRegexp: `^https://github\\.com/OWNER/REPO/${workflowFile.replace(/\./g, '\\.')}@refs/(heads/${branch}|tags/v.+)$`,
      };
    case 'gitlab':
      return {
        issuer: 'https://gitlab.com',
        identityRegexp: `^https://gitlab\\.com/GROUP/PROJECT//\\.gitlab-ci\\.yml@refs/(heads/${branch}|tags/v.+)$`,
      };
    default:
      return null;
  }
}

/** `cosign verify …` for an image reference (`$IMAGE@$DIGEST` or a literal), keyless or with the public key. */
export function cosignVerifyCommand(ctx: ReleaseContext, ref: string, publicKey = 'cosign.pub'): string {
  const id = keylessIdentity(ctx);
  if (!id) return `cosign verify --key ${publicKey} ${ref}`;
  return `cosign verify ${ref} --certificate-oidc-issuer ${id.issuer} --certificate-identity-regexp '${id.identityRegexp}'`;
}

/**
 * GitOps promotion: point the deploy repository's kustomize overlay at an immutable digest, on a new branch,
 * and push it for review. Expects `$DEPLOY_REPO` (clone URL with credentials from the CI), `$DEPLOY_OVERLAY`
 * (e.g. `overlays/production`), `$IMAGE` (name without tag) and `$DIGEST` (`sha256:…`). Sets `$PROMOTE_BRANCH`.
 * Opening the pull/merge request is left to each CI (gh, GitLab push options, the host's API).
 */
export const PROMOTE_SCRIPT = [
  'case "$DIGEST" in sha256:*) ;; *) echo "DIGEST must be sha256:… (got: $DIGEST)" >&2; exit 1 ;; esac',
  'PROMOTE_BRANCH="promote/$(basename "$IMAGE")-$(printf %s "$DIGEST" | cut -c8-19)"',
  'rm -rf deploy-repo',
  'git clone --depth 1 "$DEPLOY_REPO" deploy-repo',
  'cd deploy-repo/"$DEPLOY_OVERLAY"',
  'kustomize edit set image "app=$IMAGE@$DIGEST"',
  'git checkout -b "$PROMOTE_BRANCH"',
  'git add kustomization.yaml',
  'git -c user.name="dockwright-promote" -c user.email="ci@invalid" commit -m "Promote $(basename "$IMAGE") to $DIGEST"',
  'git push origin "$PROMOTE_BRANCH"',
  'cd - >/dev/null',
].join('\n');

/** Where a login script finds the CI's OIDC token for cloud federation (`null`: only stored credentials). */
export interface LoginTokens {
  /** Variable holding a JWT with audience `sts.amazonaws.com`. */
  readonly aws: string | null;
  /** Variable holding a JWT with audience `https://iam.googleapis.com/<provider>` (or the provider's allowed audience). */
  readonly gcp: string | null;
  /** Variable holding a JWT with audience `api://AzureADTokenExchange`. */
  readonly azure: string | null;
}

const writeDockerConfig = [
  // One config.json every tool reads (docker, buildctl, skopeo, cosign, trivy): no tool-specific login commands.
  'mkdir -p "${DOCKER_CONFIG:=$HOME/.docker}"',
  // Docker Hub's credentials live under its legacy index URL in config.json.
  'case "$REGISTRY_HOST" in docker.io) key=https://index.docker.io/v1/ ;; *) key="$REGISTRY_HOST" ;; esac',
  'auth="$(printf \'%s:%s\' "$REGISTRY_USER" "$REGISTRY_PASSWORD" | base64 | tr -d \'\\n\')"',
  'printf \'{"auths":{"%s":{"auth":"%s"}}}\\n\' "$key" "$auth" > "$DOCKER_CONFIG/config.json"',
  'unset auth key REGISTRY_PASSWORD',
];

/**
 * Logs in to the target registry by writing `$DOCKER_CONFIG/config.json`. Expects `$REGISTRY_HOST` (rendered host).
 * Cloud registries exchange the CI's OIDC token for a short-lived registry password (ECR through the AWS CLI,
 * Artifact Registry and ACR through their documented token-exchange endpoints with curl + jq, so no cloud SDK is
 * needed in the job image); the others use the stored user/password variables of `target.credentials`.
 */
export function registryLoginScript(target: RegistryTarget, tokens: LoginTokens): string {
  const fed = target.federation;
  const lines: string[] = [];
  if (fed?.kind === 'aws' && tokens.aws) {
    lines.push(
      `creds="$(aws sts assume-role-with-web-identity --role-arn "$${fed.role}" --role-session-name ci-push --web-identity-token "$${tokens.aws}" --duration-seconds 3600 --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)"`,
      'AWS_ACCESS_KEY_ID="$(printf %s "$creds" | cut -f1)"',
      'AWS_SECRET_ACCESS_KEY="$(printf %s "$creds" | cut -f2)"',
      'AWS_SESSION_TOKEN="$(printf %s "$creds" | cut -f3)"',
      'export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
      'unset creds',
      'REGISTRY_USER=AWS',
      `REGISTRY_PASSWORD="$(aws ecr get-login-password --region "$${fed.region}")"`,
    );
  } else if (fed?.kind === 'gcp' && tokens.gcp) {
    lines.push(
      // Workload Identity Federation: CI token → federated token (STS) → service-account access token.
      'federated="$(curl -fsS https://sts.googleapis.com/v1/token \\',
      `  --data-urlencode "audience=//iam.googleapis.com/$${fed.provider}" \\`,
      '  --data-urlencode "grant_type=urn:ietf:params:oauth:grant-type:token-exchange" \\',
      '  --data-urlencode "requested_token_type=urn:ietf:params:oauth:token-type:access_token" \\',
      '  --data-urlencode "scope=https://www.googleapis.com/auth/cloud-platform" \\',
      '  --data-urlencode "subject_token_type=urn:ietf:params:oauth:token-type:jwt" \\',
      `  --data-urlencode "subject_token=$${tokens.gcp}" | jq -r .access_token)"`,
      'REGISTRY_USER=oauth2accesstoken',
      'REGISTRY_PASSWORD="$(curl -fsS -X POST -H "Authorization: Bearer $federated" -H "Content-Type: application/json" \\',
      `  -d '{"scope":["https://www.googleapis.com/auth/cloud-platform"]}' \\`,
      `  "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/$${fed.serviceAccount}:generateAccessToken" | jq -r .accessToken)"`,
      'unset federated',
    );
  } else if (fed?.kind === 'azure' && tokens.azure) {
    lines.push(
      // Entra ID client-assertion flow with the CI token, then ACR's exchange for a registry refresh token.
      `aad="$(curl -fsS "https://login.microsoftonline.com/$${fed.tenantId}/oauth2/v2.0/token" \\`,
      `  --data-urlencode "client_id=$${fed.clientId}" \\`,
      '  --data-urlencode "scope=https://management.azure.com/.default" \\',
      '  --data-urlencode "grant_type=client_credentials" \\',
      '  --data-urlencode "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer" \\',
      `  --data-urlencode "client_assertion=$${tokens.azure}" | jq -r .access_token)"`,
      'REGISTRY_USER=00000000-0000-0000-0000-000000000000',
      'REGISTRY_PASSWORD="$(curl -fsS "https://$REGISTRY_HOST/oauth2/exchange" \\',
      '  --data-urlencode "grant_type=access_token" \\',
      '  --data-urlencode "service=$REGISTRY_HOST" \\',
      `  --data-urlencode "tenant=$${fed.tenantId}" \\`,
      '  --data-urlencode "access_token=$aad" | jq -r .refresh_token)"',
      'unset aad',
    );
  } else if (target.credentials) {
    lines.push(
      `REGISTRY_USER="$${target.credentials.username}"`,
      `REGISTRY_PASSWORD="$${target.credentials.password}"`,
    );
  } else {
    throw new Error(`${target.id}: no OIDC token and no stored credentials to log in with`);
  }
  return [...lines, ...writeDockerConfig].join('\n');
}

/** Packages a login needs on an Alpine-based job image (`apk add`). */
export function loginPackages(target: RegistryTarget, tokens: LoginTokens): string[] {
  const fed = target.federation;
  if (fed?.kind === 'aws' && tokens.aws) return ['aws-cli'];
  if ((fed?.kind === 'gcp' && tokens.gcp) || (fed?.kind === 'azure' && tokens.azure)) return ['curl', 'jq'];
  return [];
}

/**
 * Extracts the image digest buildx wrote to `--metadata-file` (`bake-metadata.json`) into `$DIGEST`, without jq:
 * the file is pretty-printed JSON with one `"containerimage.digest": "sha256:…"` line per target.
 */
export const METADATA_DIGEST_SCRIPT =
  'DIGEST="$(sed -n \'s/.*"containerimage.digest": *"\\(sha256:[0-9a-f]*\\)".*/\\1/p\' bake-metadata.json | head -n 1)"';
