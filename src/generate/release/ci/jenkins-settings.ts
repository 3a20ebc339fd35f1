import type { JenkinsEnvEntry } from '../../model/jenkinsfile.js';
import { groovyString } from '../../print/jenkinsfile.js';
import type { ReleaseContext } from '../context.js';
import { COSIGN_IMAGE, imageSettings, KUSTOMIZE_IMAGE, TRIVY_IMAGE } from './jenkins-shell.js';

/** What a Jenkins admin configures for the Jenkinsfile: credential ids and kinds, and the non-secret settings. */

/** The Jenkins credential a registry login binds as `REGISTRY_CREDS` (not `REGISTRY`: bake reads that variable). */
export interface RegistryCredential {
  readonly id: string;
  readonly kind: 'Username with password' | 'Secret file';
  readonly description: string;
}

export function registryCredential(ctx: ReleaseContext): RegistryCredential {
  switch (ctx.registry.id) {
    case 'ecr':
      return {
        id: 'aws-ecr-push',
        kind: 'Username with password',
        description:
          'access key ID (username) and secret access key (password) of an IAM user allowed only ecr:GetAuthorizationToken and push to this repository',
      };
    case 'gcr':
      return {
        id: 'gcp-artifact-registry-key',
        kind: 'Secret file',
        description: 'JSON key of a service account with roles/artifactregistry.writer on the repository',
      };
    default: {
      const creds = ctx.registry.credentials;
      const what = creds
        ? ctx.registry.variables
            .filter((v) => v.name === creds.username || v.name === creds.password)
            .map((v) => v.description)
            .join('; ')
        : '';
      return { id: 'registry-credentials', kind: 'Username with password', description: what };
    }
  }
}

export const COSIGN_KEY_ID = 'cosign-key';
export const COSIGN_PASSWORD_ID = 'cosign-password';
export const DEPLOY_REPO_ID = 'deploy-repo';

/** Every credential id the Jenkinsfile refers to, in first-use order. */
export function jenkinsCredentialIds(ctx: ReleaseContext): string[] {
  return [
    registryCredential(ctx).id,
    COSIGN_KEY_ID,
    COSIGN_PASSWORD_ID,
    ...(ctx.tier === 4 ? [DEPLOY_REPO_ID] : []),
  ];
}

/** Non-secret settings in the top-level `environment`: what the image name and the promotion need. */
export function jenkinsSettings(ctx: ReleaseContext): JenkinsEnvEntry[] {
  const byName = new Map(ctx.registry.variables.map((v) => [v.name, v]));
  const registry = imageSettings(ctx).map((name, i) => ({
    name,
    value: groovyString(byName.get(name)?.example ?? ''),
    ...(i === 0 ? { comment: `${ctx.registry.title} settings (not secrets): replace the examples.` } : {}),
  }));
  const deploy: JenkinsEnvEntry[] =
    ctx.tier === 4
      ? [
          {
            name: 'DEPLOY_REPO_URL',
            value: groovyString('https://github.com/acme/deploy.git'),
            comment: 'GitOps deploy repository the Promote stage opens a pull request against.',
          },
          { name: 'DEPLOY_REPO_SLUG', value: groovyString('acme/deploy') },
          { name: 'DEPLOY_BASE_BRANCH', value: groovyString('main') },
          { name: 'DEPLOY_OVERLAY', value: groovyString('overlays/production') },
          { name: 'DEPLOY_API_URL', value: groovyString('https://api.github.com') },
        ]
      : [];
  const tools: JenkinsEnvEntry[] = [
    {
      name: 'TRIVY_IMAGE',
      value: groovyString(TRIVY_IMAGE),
      comment: 'Scanner and signer run as pinned images (tag + digest); bump both together.',
    },
    { name: 'COSIGN_IMAGE', value: groovyString(COSIGN_IMAGE) },
    ...(ctx.tier === 4 ? [{ name: 'KUSTOMIZE_IMAGE', value: groovyString(KUSTOMIZE_IMAGE) }] : []),
  ];
  return [...registry, ...deploy, ...tools];
}
