import { basename, type FsView } from './fs-view.js';
import type { ExistingDockerFiles } from './types.js';

const COMPOSE = /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/i;
const PLATFORM = new Set([
  'Procfile',
  'fly.toml',
  'railway.json',
  'railway.toml',
  'nixpacks.toml',
  'nixpacks.json',
  'railpack.json',
  'app.yaml',
  'app.json',
  'render.yaml',
  'heroku.yml',
  'vercel.json',
  'netlify.toml',
  'Dockerrun.aws.json',
  'skaffold.yaml',
  'devcontainer.json',
  '.devcontainer.json',
  'Tiltfile',
  'okteto.yml',
  'Chart.yaml',
]);

function ciProvider(path: string): string | undefined {
  if (/^(?:.*\/)?\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github';
  if (/(?:^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return 'gitlab';
  if (/(?:^|\/)\.circleci\/config\.ya?ml$/.test(path)) return 'circleci';
  if (/(?:^|\/)Jenkinsfile$/.test(path)) return 'jenkins';
  if (/(?:^|\/)azure-pipelines\.ya?ml$/.test(path)) return 'azure';
  if (/(?:^|\/)bitbucket-pipelines\.ya?ml$/.test(path)) return 'bitbucket';
  if (/(?:^|\/)\.drone\.ya?ml$/.test(path)) return 'drone';
  if (/(?:^|\/)cloudbuild\.ya?ml$/.test(path)) return 'cloudbuild';
  if (/(?:^|\/)\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)$/.test(path)) return 'woodpecker';
  return undefined;
}

/** Cheap pre-filter so the per-provider patterns run on a handful of paths, not every file of a large tree. */
const CI_HINT = /workflows\/|gitlab-ci|circleci|Jenkinsfile|pipelines\.ya?ml|\.drone\.|cloudbuild|woodpecker/;

const BUILDS_IMAGE =
  /docker\/build-push-action|docker\s+(?:image\s+)?build\b|docker\s+buildx|buildah\s+(?:bud|build)|kaniko|podman\s+build|redhat-actions\/buildah-build|ko\s+build|jib/;

/** Docker, Compose, CI and platform files anywhere in the walked tree. */
export function existingDockerFiles(view: FsView, paths: Iterable<string>): ExistingDockerFiles {
  const dockerfiles: string[] = [];
  const compose: string[] = [];
  const dockerignore: string[] = [];
  const ci: { provider: string; path: string; buildsImage: boolean }[] = [];
  const platform: string[] = [];
  for (const path of paths) {
    const name = basename(path);
    const lower = name.toLowerCase();
    if (
      lower === 'dockerfile' ||
      lower === 'containerfile' ||
      /^(?:docker|container)file\.[\w.-]+$/.test(lower) ||
      /\.(?:docker|container)file$/.test(lower)
    ) {
      if (!lower.endsWith('.dockerignore')) dockerfiles.push(path);
      else dockerignore.push(path);
    } else if (lower === '.dockerignore' || lower === '.containerignore' || lower.endsWith('.dockerignore'))
      dockerignore.push(path);
    else if (COMPOSE.test(name)) compose.push(path);
    else if (PLATFORM.has(name)) platform.push(path);
    else if (CI_HINT.test(path)) {
      const provider = ciProvider(path);
      if (provider) ci.push({ provider, path, buildsImage: BUILDS_IMAGE.test(view.read(path) ?? '') });
    }
  }
  const sort = (a: string, b: string) => a.split('/').length - b.split('/').length || a.localeCompare(b);
  return {
    dockerfiles: dockerfiles.sort(sort),
    compose: compose.sort(sort),
    dockerignore: dockerignore.sort(sort),
    ci: ci.sort((a, b) => sort(a.path, b.path)),
    platform: platform.sort(sort),
  };
}
