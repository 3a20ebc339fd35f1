import type { CommandSpec } from '../command.js';

const failureThreshold = {
  type: 'string',
  valueName: 'level',
  choices: ['error', 'warning', 'info', 'style', 'none'],
  description: 'Exit 1 when a finding is at or above this severity (default: warning)',
} as const;

/** Every command, registered up front; implementations load on demand. */
export const commands: readonly CommandSpec[] = [
  {
    name: 'lint',
    aliases: ['review'],
    summary: 'Review Dockerfiles and .dockerignore files',
    usage: 'dockwright lint [paths...] [options]',
    description:
      'A directory means every Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile and .dockerignore in it.\nNo path means the current directory.',
    formats: ['stylish', 'json', 'compact'],
    options: {
      'failure-threshold': failureThreshold,
    },
    examples: ['dockwright lint', 'dockwright lint Dockerfile --format json', 'dockwright review services/'],
    load: () => import('./lint.js'),
  },
  {
    name: 'detect',
    summary: 'Detect language, framework, package manager, entrypoint, port and services of a project',
    usage: 'dockwright detect [dir] [options]',
    formats: ['text', 'json'],
    options: {},
    pending: 'issue 5 (detect)',
  },
  {
    name: 'init',
    summary: 'Write a production-grade Docker setup for a project (tiers 1-4)',
    usage: 'dockwright init [dir] [options]',
    formats: ['text', 'json'],
    options: {},
    pending: 'issues 6 and 7 (init)',
  },
  {
    name: 'analyze',
    summary: 'Analyze a built image: layers, wasted space, secrets, user, SBOM',
    usage: 'dockwright analyze <image.tar | oci-dir | image-ref> [options]',
    formats: ['text', 'json'],
    options: {},
    pending: 'issue 8 (analyze)',
  },
  {
    name: 'verify',
    summary: 'Build and run a setup on the engine that is present (Docker, Podman, Buildah)',
    usage: 'dockwright verify [dir] [options]',
    formats: ['text', 'json'],
    options: {},
    pending: 'issue 9 (verify)',
  },
  {
    name: 'explain',
    summary: 'Explain a build or runtime failure from its log',
    usage: 'dockwright explain [log-file] [options]',
    formats: ['text', 'json'],
    options: {},
    pending: 'issue 10 (explain)',
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name || c.aliases?.includes(name));
}
