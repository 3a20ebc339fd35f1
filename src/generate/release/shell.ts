import type { ReleaseContext } from './context.js';

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
