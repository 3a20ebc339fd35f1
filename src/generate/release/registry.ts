import type { Registry } from '../types.js';

/**
 * Where the image is pushed, per provider: its name and how a pipeline logs in. Values the user must set are
 * `{VARIABLE}` placeholders; each CI generator renders them in its own syntax (`${{ vars.X }}`, `$X`, `env.X`).
 */
export interface RegistryTarget {
  readonly id: Registry;
  readonly title: string;
  /** Registry host, e.g. `ghcr.io`, `{AWS_ACCOUNT_ID}.dkr.ecr.{AWS_REGION}.amazonaws.com`. */
  readonly host: string;
  /** Repository path below the host, ending in the image name, e.g. `{DOCKERHUB_NAMESPACE}/api`. */
  readonly repository: string;
  /** Variables the user configures in the CI system (non-secret settings and secrets). */
  readonly variables: readonly RegistryVariable[];
  /** Login with a CI-native short-lived identity, when the provider federates one (no stored keys). */
  readonly federation: RegistryFederation | null;
  /** Login with a stored credential (a token or robot account): the variable names of user and password. */
  readonly credentials: { readonly username: string; readonly password: string } | null;
  /** For `subject-name` of attestations and for cosign: the fully qualified name without a tag. */
  readonly canonicalHost: string;
  /** Notes for README.Docker.md: how to create the repository and the identity. */
  readonly setup: readonly string[];
}

export interface RegistryVariable {
  readonly name: string;
  readonly secret: boolean;
  readonly description: string;
  readonly example: string;
}

export type RegistryFederation =
  /** GitHub's own token (`GITHUB_TOKEN` with `packages: write`) — ghcr.io on GitHub Actions. */
  | { readonly kind: 'github-token' }
  /** IAM role assumed through the CI's OIDC token (aws-actions/configure-aws-credentials). */
  | { readonly kind: 'aws'; readonly role: string; readonly region: string }
  /** Workload Identity Federation (google-github-actions/auth). */
  | {
      readonly kind: 'gcp';
      readonly provider: string;
      readonly serviceAccount: string;
      readonly location: string;
    }
  /** Entra ID app with a federated credential (azure/login), then `az acr login`. */
  | {
      readonly kind: 'azure';
      readonly clientId: string;
      readonly tenantId: string;
      readonly subscriptionId: string;
      readonly registryName: string;
    };

const v = (name: string, description: string, example: string, secret = false): RegistryVariable => ({
  name,
  secret,
  description,
  example,
});

/** The registry target for an image name (lower-case, already safe for a repository path). */
export function registryTarget(id: Registry, image: string): RegistryTarget {
  switch (id) {
    case 'hub':
      return {
        id,
        title: 'Docker Hub',
        host: 'docker.io',
        canonicalHost: 'index.docker.io',
        repository: `{DOCKERHUB_NAMESPACE}/${image}`,
        variables: [
          v('DOCKERHUB_NAMESPACE', 'Docker Hub user or organisation that owns the repository', 'acme'),
          v('DOCKERHUB_USERNAME', 'Docker Hub user the pipeline logs in as', 'acme-ci'),
          v(
            'DOCKERHUB_TOKEN',
            'a Docker Hub access token with Read & Write scope (not the password)',
            '',
            true,
          ),
        ],
        federation: null,
        credentials: { username: 'DOCKERHUB_USERNAME', password: 'DOCKERHUB_TOKEN' },
        setup: [
          `Create the repository \`{DOCKERHUB_NAMESPACE}/${image}\` on Docker Hub, or let the first push create it (private by default on paid plans).`,
          'Create an access token under Account settings → Personal access tokens (or an organisation access token) with Read & Write scope; store it as a CI secret, never a password.',
        ],
      };
    case 'ghcr':
      return {
        id,
        title: 'GitHub Container Registry',
        host: 'ghcr.io',
        canonicalHost: 'ghcr.io',
        repository: `{GHCR_OWNER}/${image}`,
        variables: [
          v('GHCR_OWNER', 'GitHub user or organisation (lower-case) that owns the package', 'acme'),
          v('GHCR_USERNAME', 'outside GitHub Actions: the user the token belongs to', 'acme-ci'),
          v('GHCR_TOKEN', 'outside GitHub Actions: a token with write:packages', '', true),
        ],
        federation: { kind: 'github-token' },
        credentials: { username: 'GHCR_USERNAME', password: 'GHCR_TOKEN' },
        setup: [
          'On GitHub Actions the workflow pushes with its own `GITHUB_TOKEN` (`packages: write`); no secret to create.',
          'Outside GitHub Actions, create a fine-grained or classic token with `write:packages` and store it as a CI secret.',
          'After the first push, link the package to the repository and set its visibility under the package settings.',
        ],
      };
    case 'ecr':
      return {
        id,
        title: 'Amazon ECR',
        host: '{AWS_ACCOUNT_ID}.dkr.ecr.{AWS_REGION}.amazonaws.com',
        canonicalHost: '{AWS_ACCOUNT_ID}.dkr.ecr.{AWS_REGION}.amazonaws.com',
        repository: image,
        variables: [
          v('AWS_ACCOUNT_ID', 'the AWS account that owns the repository', '123456789012'),
          v('AWS_REGION', 'the repository’s region', 'eu-west-1'),
          v(
            'AWS_ROLE_ARN',
            'IAM role the pipeline assumes through OIDC (trust policy limited to this repository)',
            'arn:aws:iam::123456789012:role/ci-push',
          ),
          v(
            'AWS_ACCESS_KEY_ID',
            'only where the CI has no OIDC (Jenkins): a key of a push-only IAM user',
            '',
            true,
          ),
          v('AWS_SECRET_ACCESS_KEY', 'only where the CI has no OIDC (Jenkins)', '', true),
        ],
        federation: { kind: 'aws', role: 'AWS_ROLE_ARN', region: 'AWS_REGION' },
        credentials: null,
        setup: [
          `Create the repository with scan on push: \`aws ecr create-repository --repository-name ${image} --image-scanning-configuration scanOnPush=true\`. Tags stay mutable because the pipeline moves the branch and \`buildcache\` tags; release tags are never re-pushed, and deployments use the digest, which cannot change.`,
          'Add the CI’s OIDC provider to IAM (token.actions.githubusercontent.com, gitlab.com, oidc.circleci.com/org/<id>) and a role whose trust policy allows only this repository’s default branch and tags, with ecr:GetAuthorizationToken plus push actions on this repository.',
        ],
      };
    case 'gcr':
      return {
        id,
        title: 'Google Artifact Registry',
        host: '{GCP_REGION}-docker.pkg.dev',
        canonicalHost: '{GCP_REGION}-docker.pkg.dev',
        repository: `{GCP_PROJECT_ID}/{GAR_REPOSITORY}/${image}`,
        variables: [
          v('GCP_PROJECT_ID', 'the Google Cloud project', 'acme-prod'),
          v('GCP_REGION', 'the Artifact Registry location', 'europe-west1'),
          v('GAR_REPOSITORY', 'the Docker-format Artifact Registry repository', 'containers'),
          v(
            'GCP_WORKLOAD_IDENTITY_PROVIDER',
            'full resource name of the Workload Identity provider',
            'projects/123456/locations/global/workloadIdentityPools/ci/providers/github',
          ),
          v(
            'GCP_SERVICE_ACCOUNT',
            'service account with roles/artifactregistry.writer',
            'ci-push@acme-prod.iam.gserviceaccount.com',
          ),
          v(
            'GCP_SA_KEY',
            'only where the CI has no OIDC (Jenkins): a JSON key of the service account',
            '',
            true,
          ),
        ],
        federation: {
          kind: 'gcp',
          provider: 'GCP_WORKLOAD_IDENTITY_PROVIDER',
          serviceAccount: 'GCP_SERVICE_ACCOUNT',
          location: 'GCP_REGION',
        },
        credentials: null,
        setup: [
          'Container Registry (gcr.io) is shut down; images go to Artifact Registry: `gcloud artifacts repositories create {GAR_REPOSITORY} --repository-format=docker --location={GCP_REGION}` (enable immutable tags in its settings).',
          'Create a Workload Identity pool and provider for the CI’s OIDC issuer, limited by an attribute condition to this repository, and let it impersonate a service account with roles/artifactregistry.writer.',
        ],
      };
    case 'acr':
      return {
        id,
        title: 'Azure Container Registry',
        host: '{ACR_NAME}.azurecr.io',
        canonicalHost: '{ACR_NAME}.azurecr.io',
        repository: image,
        variables: [
          v('ACR_NAME', 'the registry name (the part before .azurecr.io)', 'acme'),
          v(
            'AZURE_CLIENT_ID',
            'Entra ID application (or managed identity) with AcrPush on the registry',
            '00000000-0000-0000-0000-000000000000',
          ),
          v('AZURE_TENANT_ID', 'the Entra ID tenant', '00000000-0000-0000-0000-000000000000'),
          v(
            'AZURE_SUBSCRIPTION_ID',
            'the subscription that holds the registry',
            '00000000-0000-0000-0000-000000000000',
          ),
          v(
            'ACR_USERNAME',
            'only where the CI has no OIDC (Jenkins): a repository-scoped token name',
            'ci-push',
          ),
          v('ACR_PASSWORD', 'only where the CI has no OIDC (Jenkins): the token’s password', '', true),
        ],
        federation: {
          kind: 'azure',
          clientId: 'AZURE_CLIENT_ID',
          tenantId: 'AZURE_TENANT_ID',
          subscriptionId: 'AZURE_SUBSCRIPTION_ID',
          registryName: 'ACR_NAME',
        },
        credentials: { username: 'ACR_USERNAME', password: 'ACR_PASSWORD' },
        setup: [
          'Create an Entra ID app registration (or user-assigned managed identity) with a federated credential for this repository’s branch and tags, and grant it the AcrPush role on the registry.',
          'Leave the registry’s admin user disabled; a CI without federation (Jenkins) logs in with a repository-scoped token instead.',
        ],
      };
    case 'harbor':
      return {
        id,
        title: 'Harbor',
        host: '{HARBOR_HOST}',
        canonicalHost: '{HARBOR_HOST}',
        repository: `{HARBOR_PROJECT}/${image}`,
        variables: [
          v('HARBOR_HOST', 'the Harbor host name (its externalURL without https://)', 'harbor.example.com'),
          v('HARBOR_PROJECT', 'the Harbor project', 'apps'),
          v('HARBOR_USERNAME', 'a project robot account, e.g. robot$apps+ci', 'robot$apps+ci'),
          v('HARBOR_PASSWORD', 'the robot account’s secret', '', true),
        ],
        federation: null,
        credentials: { username: 'HARBOR_USERNAME', password: 'HARBOR_PASSWORD' },
        setup: [
          'Create the project with "Prevent vulnerable images from running" and "Automatically scan images on push" on, plus a tag immutability rule for release tags (see harbor-values.yaml notes at tier 4).',
          'Create a project robot account with push and pull on repositories only; store its name and secret as CI secrets.',
        ],
      };
  }
}

/** `host/repository` with placeholders rendered by `render` (each CI's variable syntax). */
export function imageReference(target: RegistryTarget, render: (variable: string) => string): string {
  return `${target.host}/${target.repository}`.replace(/\{([A-Z0-9_]+)\}/g, (_, name: string) =>
    render(name),
  );
}

/** Every `{VARIABLE}` a template uses, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Z0-9_]+)\}/g)].map((m) => m[1]!))];
}
