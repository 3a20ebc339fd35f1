// biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions are written as ${{ … }}
import type { YamlValue } from '../../model/yaml.js';
import type { ReleaseContext } from '../context.js';
import { imageReference, placeholders, type RegistryTarget, type RegistryVariable } from '../registry.js';
import { uses } from './actions.js';

/**
 * How a GitHub Actions job names the image and logs in to `ctx.registry`: OIDC federation where the cloud offers
 * it (no stored keys), the workflow's own token for ghcr.io, a stored token for Docker Hub and Harbor.
 */

/** `${{ vars.X }}` or `${{ secrets.X }}` for a registry variable. */
export function ghExpression(target: RegistryTarget, name: string): string {
  const variable = target.variables.find((v) => v.name === name);
  // ghcr.io: the owner defaults to the repository owner, so the workflow runs with nothing configured.
  if (target.id === 'ghcr' && name === 'GHCR_OWNER')
    return '${{ vars.GHCR_OWNER || github.repository_owner }}';
  return variable?.secret ? `\${{ secrets.${name} }}` : `\${{ vars.${name} }}`;
}

/** The image name (no tag) as a workflow expression, before lower-casing. */
export function imageExpression(target: RegistryTarget): string {
  return imageReference(target, (name) => ghExpression(target, name));
}

/** The name attestations use (`subject-name`): Docker Hub images are `index.docker.io/…`. */
export function subjectExpression(target: RegistryTarget): string {
  return imageReference({ ...target, host: target.canonicalHost }, (name) => ghExpression(target, name));
}

/** The registry variables the GitHub workflow reads (the others are for CIs without OIDC). */
export function usedVariables(target: RegistryTarget): RegistryVariable[] {
  const f = target.federation;
  const login =
    f?.kind === 'aws'
      ? [f.role, f.region]
      : f?.kind === 'gcp'
        ? [f.provider, f.serviceAccount, f.location]
        : f?.kind === 'azure'
          ? [f.clientId, f.tenantId, f.subscriptionId, f.registryName]
          : !f && target.credentials
            ? [target.credentials.username, target.credentials.password]
            : [];
  const names = new Set([...placeholders(`${target.host}/${target.repository}`), ...login]);
  return target.variables.filter((v) => names.has(v.name));
}

/** The registry host as a workflow expression (`ghcr.io`, `${{ vars.ACR_NAME }}.azurecr.io` …). */
function hostExpression(target: RegistryTarget): string {
  return target.host.replace(/\{([A-Z0-9_]+)\}/g, (_, name: string) => ghExpression(target, name));
}

/** Permissions a job needs to log in and push (`write`) or pull (`read`). */
export function registryPermissions(ctx: ReleaseContext, access: 'read' | 'write'): Record<string, string> {
  const f = ctx.registry.federation;
  return {
    ...(f?.kind === 'github-token' ? { packages: access } : {}),
    // The cloud logins exchange the job's OIDC token for short-lived credentials.
    ...(f && f.kind !== 'github-token' ? { 'id-token': 'write' } : {}),
  };
}

/** The steps that log the job's Docker client in to the registry. */
export function loginSteps(ctx: ReleaseContext): YamlValue[] {
  const t = ctx.registry;
  const f = t.federation;
  const v = (name: string) => ghExpression(t, name);
  const registry = hostExpression(t);
  if (f?.kind === 'github-token') {
    return [
      {
        name: 'Log in to ghcr.io',
        uses: uses('login'),
        with: {
          registry: 'ghcr.io',
          username: '${{ github.actor }}',
          password: '${{ secrets.GITHUB_TOKEN }}',
        },
      },
    ];
  }
  if (f?.kind === 'aws') {
    return [
      {
        name: 'AWS credentials (OIDC, no stored keys)',
        uses: uses('awsCredentials'),
        with: { 'role-to-assume': v(f.role), 'aws-region': v(f.region) },
      },
      {
        name: 'Log in to Amazon ECR',
        // docker/login-action recognises an ECR host and uses the credentials of the previous step.
        uses: uses('login'),
        with: { registry },
      },
    ];
  }
  if (f?.kind === 'gcp') {
    return [
      {
        name: 'Google Cloud credentials (Workload Identity Federation)',
        id: 'gcp-auth',
        uses: uses('gcpAuth'),
        with: {
          workload_identity_provider: v(f.provider),
          service_account: v(f.serviceAccount),
          token_format: 'access_token',
        },
      },
      {
        name: 'Log in to Artifact Registry',
        uses: uses('login'),
        with: {
          registry,
          username: 'oauth2accesstoken',
          password: '${{ steps.gcp-auth.outputs.access_token }}',
        },
      },
    ];
  }
  if (f?.kind === 'azure') {
    return [
      {
        name: 'Azure login (OIDC federated credential)',
        uses: uses('azureLogin'),
        with: {
          'client-id': v(f.clientId),
          'tenant-id': v(f.tenantId),
          'subscription-id': v(f.subscriptionId),
        },
      },
      {
        name: 'Log in to Azure Container Registry',
        env: { ACR_NAME: v(f.registryName) },
        run: 'az acr login --name "$ACR_NAME"',
      },
    ];
  }
  const credentials = t.credentials!;
  return [
    {
      name: `Log in to ${t.title}`,
      uses: uses('login'),
      with: {
        ...(t.id === 'hub' ? {} : { registry }),
        username: v(credentials.username),
        password: v(credentials.password),
      },
    },
  ];
}

/**
 * A step that lower-cases the image name (repository names must be lower-case; `github.repository_owner` may not
 * be) and exposes it as `steps.image.outputs.name` and, for attestations, `steps.image.outputs.subject`.
 */
export function imageNameStep(ctx: ReleaseContext): YamlValue {
  return {
    name: 'Image name',
    id: 'image',
    env: { IMAGE: imageExpression(ctx.registry), SUBJECT: subjectExpression(ctx.registry) },
    run: [
      'lower() { printf %s "$1" | tr "[:upper:]" "[:lower:]"; }',
      'echo "name=$(lower "$IMAGE")" >> "$GITHUB_OUTPUT"',
      'echo "subject=$(lower "$SUBJECT")" >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  };
}
