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
    summary: 'Review Dockerfiles, Compose files and .dockerignore files',
    usage: 'dockwright lint [paths...] [options]',
    description:
      'A directory means every Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile, compose file and .dockerignore\nin it (respecting .gitignore). No path means the current directory.',
    formats: ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit', 'compact'],
    options: {
      profile: {
        type: 'string',
        valueName: 'name',
        choices: ['dev', 'production', 'hardened'],
        description: 'Rule set for a tier: dev (tier 1), production (tiers 2-3, default), hardened (tier 4)',
      },
      config: {
        type: 'string',
        short: 'c',
        valueName: 'file',
        description: 'Use this config instead of .dockwright.yaml found upward',
      },
      rule: {
        type: 'string',
        multiple: true,
        valueName: 'id=level',
        description: 'Set a rule level (off|error|warning|info|style); repeatable',
      },
      fix: { type: 'boolean', description: 'Apply safe fixes to the files' },
      'fix-unsafe': {
        type: 'boolean',
        description: 'Also apply fixes that may change what gets built (pinning, flags)',
      },
      'fix-dry-run': {
        type: 'boolean',
        description: 'Print the safe fixes as a unified diff; write nothing',
      },
      'failure-threshold': failureThreshold,
      'max-warnings': {
        type: 'string',
        valueName: 'n',
        description: 'Exit 1 when there are more than n warnings',
      },
      output: {
        type: 'string',
        short: 'o',
        valueName: 'file',
        description: 'Write the report to a file instead of stdout',
      },
      context: {
        type: 'string',
        valueName: 'dir',
        description: "Build context (default: each Dockerfile's folder)",
      },
      'build-arg': {
        type: 'string',
        multiple: true,
        valueName: 'k=v',
        description: 'Build argument for variable expansion; repeatable',
      },
      'no-shellcheck': {
        type: 'boolean',
        description: 'Do not run ShellCheck on RUN commands (it runs when shellcheck is on PATH)',
      },
    },
    examples: ['dockwright lint', 'dockwright lint Dockerfile --format json', 'dockwright review services/'],
    load: () => import('./lint.js'),
  },
  {
    name: 'rules',
    summary: "List the review rules, or show one rule's documentation",
    usage: 'dockwright rules [rule-id] [options]',
    description:
      "A rule id may also be another tool's id (DL3008, JSONArgsRecommended) to find its equivalent.",
    formats: ['text', 'json'],
    options: {},
    examples: ['dockwright rules', 'dockwright rules DL3008', 'dockwright rules --format json'],
    load: () => import('./rules.js'),
  },
  {
    name: 'detect',
    summary: 'Detect language, framework, package manager, entrypoint, port and services of a project',
    usage: 'dockwright detect [dir] [options]',
    description:
      'Each fact names the file that justified it. In a monorepo every deployable app is listed; --app picks one.\nJSON output is versioned (schemaVersion) and documented in docs/detect-schema.md.',
    formats: ['text', 'json'],
    options: {
      app: {
        type: 'string',
        valueName: 'name|path',
        description: 'Only this app of a monorepo (package name, directory or binary)',
      },
      json: { type: 'boolean', description: 'Same as --format json' },
    },
    examples: [
      'dockwright detect',
      'dockwright detect services/api --format json',
      'dockwright detect --app web',
    ],
    load: () => import('./detect.js'),
  },
  {
    name: 'init',
    summary: 'Write a production-grade Docker setup for a project (tiers 1-4)',
    usage: 'dockwright init [dir] [options]',
    description:
      'Detects the project, plans a setup for the tier (1: Dockerfile + .dockerignore; 2: + non-root, health checks,\ncompose.yaml with backing services, dev override, .env.example, README.Docker.md; 3: + build → test → production\nstages, read-only hardened runtime, CI pipeline (--ci), registry (--registry), Trivy and Cosign; 4: + bake\nmulti-arch, SBOM and SLSA provenance, GitOps promotion, Harbor values, Falco rules, COMPLIANCE.md), writes it\natomically and reviews the result with its own rules. Interactive on a terminal; every question has a flag.\nExisting files are never overwritten without --force. Choices are saved under `init:` in .dockwright.yaml, so a\nre-run is identical. Stacks: Node.js/Bun, Python, Go, Rust, Java, .NET, static sites.\nTier 4 pins every base and service image by digest, resolved again at each run (nothing is saved): a re-run writes\nidentical files while the tags still point at the same digests; --digest holds a digest, --diff shows a moved one.',
    formats: ['text', 'json'],
    options: {
      tier: {
        type: 'string',
        valueName: 'n',
        choices: ['1', '2', '3', '4'],
        description: 'Scale tier (default 1, or the saved one)',
      },
      lang: {
        type: 'string',
        valueName: 'name',
        description: 'Language (python|node|go|rust|java|dotnet|static); default: detected',
      },
      path: {
        type: 'string',
        valueName: 'dir',
        description: 'Project directory (scaffold-script form: init <name> --path <dir>)',
      },
      app: { type: 'string', valueName: 'name|path', description: 'Which app of a monorepo' },
      port: { type: 'string', valueName: 'n', description: 'Port the app listens on (default: detected)' },
      'final-image': {
        type: 'string',
        valueName: 'kind',
        choices: ['official', 'slim', 'alpine', 'distroless', 'scratch'],
        description:
          'Final stage base (default: official at tier 1, alpine at tier 2, distroless at tiers 3–4 where the stack allows)',
      },
      registry: {
        type: 'string',
        valueName: 'name',
        choices: ['hub', 'ghcr', 'ecr', 'gcr', 'acr', 'harbor'],
        description: 'Registry the tier 3–4 pipeline pushes to (default hub; saved)',
      },
      ci: {
        type: 'string',
        valueName: 'name',
        choices: ['github', 'gitlab', 'jenkins', 'circleci'],
        description: 'CI provider of the tier 3–4 release pipeline (default github; saved)',
      },
      compose: { type: 'boolean', description: 'Also write compose files at tier 1' },
      'multi-arch': {
        type: 'boolean',
        description: 'Build every platform the stack supports already at tier 3 (always at tier 4; saved)',
      },
      'pin-digests': {
        type: 'boolean',
        description:
          'Tier 4 (on by default): pin every base and service image by @sha256 digest, from the registry, else the local engine',
      },
      'no-pin-digests': {
        type: 'boolean',
        description: 'Tier 4: write the images unpinned (the hardened review then flags them)',
      },
      digest: {
        type: 'string',
        multiple: true,
        valueName: 'image=sha256:…',
        description: 'Tier 4: use this digest for an image instead of resolving it (offline); repeatable',
      },
      yes: { type: 'boolean', short: 'y', description: 'Do not ask; use detected values and defaults' },
      'dry-run': { type: 'boolean', description: 'Print the files and the self-check; write nothing' },
      diff: { type: 'boolean', description: 'Show what would change in existing files; write nothing' },
      force: { type: 'boolean', description: 'Overwrite existing files that differ' },
    },
    examples: [
      'dockwright init',
      'dockwright init --tier 2 --yes',
      'dockwright init services/api --tier 2 --dry-run',
      'dockwright init shop --tier 2 --lang node --path ./shop --yes',
    ],
    load: () => import('./init.js'),
  },
  {
    name: 'analyze',
    summary: 'Analyze a built image: layers, wasted space, secrets, user, SBOM',
    usage: 'dockwright analyze <image.tar | oci-dir | image-ref> [options]',
    description:
      'Reads docker save archives (classic and Docker 25+), oci-archive tarballs and OCI layout directories\n(layers plain, gzip or zstd), or streams an image from the Docker engine (DOCKER_HOST) without a temp file.\nGates exit 1 when breached; the efficiency score is defined in docs/image-efficiency.md.',
    formats: ['text', 'json', 'sarif'],
    options: {
      platform: {
        type: 'string',
        valueName: 'os/arch[/variant]',
        description: 'Which image of a multi-platform archive (default: the host platform, else linux/amd64)',
      },
      'max-size': {
        type: 'string',
        valueName: 'size',
        description: 'Exit 1 when the image is larger (e.g. 500MB)',
      },
      'min-efficiency': {
        type: 'string',
        valueName: 'ratio',
        description: 'Exit 1 when the efficiency is lower (0-1 or a percentage, e.g. 0.95)',
      },
      'max-wasted': {
        type: 'string',
        valueName: 'size|pct',
        description: 'Exit 1 when more bytes are wasted (e.g. 20MB, or 10% of all layer bytes)',
      },
      'fail-on': {
        type: 'string',
        valueName: 'level',
        choices: ['error', 'warning', 'info', 'style', 'none'],
        description: 'Exit 1 when a finding is at or above this severity (default: error)',
      },
      html: { type: 'string', valueName: 'file', description: 'Also write a self-contained HTML report' },
      sbom: {
        type: 'string',
        valueName: 'format',
        choices: ['cyclonedx', 'spdx'],
        description:
          'Emit an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) to -o, or to stdout instead of the report',
      },
      output: { type: 'string', short: 'o', valueName: 'file', description: 'Write the SBOM to this file' },
      engine: {
        type: 'string',
        valueName: 'name',
        choices: ['docker', 'podman'],
        description: 'Read an image reference from this engine (default: docker, through DOCKER_HOST)',
      },
    },
    examples: [
      'dockwright analyze image.tar',
      'dockwright analyze oci-dir --platform linux/arm64 --format json',
      'dockwright analyze myapp:latest --max-size 300MB --min-efficiency 0.95 --fail-on warning',
      'dockwright analyze image.tar --html report.html --sbom cyclonedx -o sbom.json',
    ],
    load: () => import('./analyze.js'),
  },
  {
    name: 'verify',
    summary: 'Build and run a setup on the engine that is present (Docker, Podman, Buildah)',
    usage: 'dockwright verify [dir] [options]',
    description:
      'Builds the Dockerfile, reads the image facts (size, layers, user, HEALTHCHECK), runs the container, waits for\nhealthy (or probes the port), checks it runs as non-root and stops within the grace period on SIGTERM, then\nremoves everything it created (labelled dockwright.verify.run=<id>). Without a bridge network it uses host\nnetworking. A `# syntax=` frontend that cannot be pulled is retried without the line; an unreachable base image\nis reported as such. Exit 0 when every check passes, 1 when one fails, 2 when no engine is available. See docs/verify.md.',
    formats: ['text', 'json'],
    options: {
      engine: {
        type: 'string',
        valueName: 'name',
        choices: ['docker', 'podman', 'buildah'],
        description: 'Engine to use (default: the first that answers: docker, podman, buildah)',
      },
      file: {
        type: 'string',
        short: 'f',
        valueName: 'file',
        description: 'Dockerfile (with --compose: the Compose file), relative to dir',
      },
      target: { type: 'string', valueName: 'stage', description: 'Build stage to verify' },
      'no-cache': { type: 'boolean', description: 'Build without the cache' },
      'build-arg': { type: 'string', multiple: true, valueName: 'NAME=VALUE', description: 'Build argument' },
      platform: { type: 'string', valueName: 'os/arch', description: 'Build for this platform' },
      offline: {
        type: 'boolean',
        description: "Build with the engine's built-in frontend (ignore `# syntax=`); no pull attempt",
      },
      network: {
        type: 'string',
        valueName: 'name',
        description: 'Network for build and run (default: bridge, else host)',
      },
      port: {
        type: 'string',
        valueName: 'n',
        description: 'Port to run the app on (default: its own, or a free one)',
      },
      env: {
        type: 'string',
        multiple: true,
        valueName: 'NAME=VALUE',
        description: 'Environment for the container',
      },
      user: {
        type: 'string',
        valueName: 'name|uid',
        description: 'The user the container must run as (default: any non-root)',
      },
      probe: {
        type: 'string',
        valueName: 'path',
        description: 'HTTP path to probe when the image has no HEALTHCHECK',
      },
      init: { type: 'boolean', description: 'Run with --init (as compose `init: true`)' },
      grace: { type: 'string', valueName: 's', description: 'Seconds from SIGTERM to SIGKILL (default 10)' },
      timeout: { type: 'string', valueName: 's', description: 'Seconds to wait for healthy (default 120)' },
      'keep-image': { type: 'boolean', description: 'Keep the built image' },
      compose: {
        type: 'boolean',
        description:
          'Verify the Compose stack (compose.yaml, or -f): docker compose up --wait, else started in depends_on order',
      },
      'compare-naive': {
        type: 'boolean',
        description: 'Also build a naive single-stage image and report the size reduction (spec: >50%)',
      },
    },
    examples: [
      'dockwright verify',
      'dockwright verify --compose',
      'dockwright verify --compare-naive --format json',
      'dockwright verify services/api --format json',
      'dockwright verify --engine podman --offline',
    ],
    load: () => import('./verify.js'),
  },
  {
    name: 'explain',
    summary: 'Explain a build or runtime failure from its log',
    usage: 'dockwright explain [log-file | -] [options]',
    description:
      'Reads a build log (BuildKit plain or TTY, classic builder, podman/buildah), `docker compose up` output,\n`docker inspect` JSON, `docker events`, `docker images`/`history` or `dockwright verify` output (`-` or a pipe:\nstandard input). Says the cause, the evidence lines and the fix; with --dir, the Dockerfile/compose line.\nExit 0 when explained, 1 when not recognised (the most suspicious lines are shown), 2 on bad input.\nSituations and causes: docs/explain.md.',
    formats: ['text', 'json'],
    options: {
      dir: {
        type: 'string',
        valueName: 'dir',
        description: 'Project to link the failure to (Dockerfile, compose files, .dockerignore)',
      },
      dockerfile: {
        type: 'string',
        valueName: 'file',
        description:
          'Dockerfile to prefer, relative to --dir (default: the one the log names, else ./Dockerfile)',
      },
    },
    examples: [
      'docker build --progress=plain . 2>&1 | dockwright explain --dir .',
      'dockwright explain build.log --format json',
      'docker inspect api-1 | dockwright explain -',
    ],
    load: () => import('./explain.js'),
  },
  {
    name: 'migrate',
    summary: 'Move a setup to Podman (Quadlet units) or Buildah (build commands)',
    usage:
      'dockwright migrate podman [-f compose.yaml...] [options] | dockwright migrate buildah [dir] [options]',
    description:
      'podman: Quadlet units (.container, .volume, .network, .build, optional .pod) and a README from the resolved\nCompose project. buildah: `buildah build` commands and a script for the Dockerfiles and docker-bake.hcl targets.\nEvery Compose key without a Podman equivalent is listed, never dropped silently. See docs/migrate.md.',
    formats: ['text', 'json'],
    options: {
      // `-f` is --file, as in docker compose; the global --format keeps its long form.
      format: { type: 'string', valueName: 'name', description: 'Output format: text (default) or json' },
      file: {
        type: 'string',
        short: 'f',
        multiple: true,
        valueName: 'file',
        description: 'Compose file; repeatable, later files override earlier ones (podman)',
      },
      profile: {
        type: 'string',
        multiple: true,
        valueName: 'name',
        description: 'Enable a Compose profile (podman)',
      },
      'env-file': {
        type: 'string',
        multiple: true,
        valueName: 'file',
        description: 'Variables for interpolation (podman)',
      },
      'project-name': {
        type: 'string',
        short: 'p',
        valueName: 'name',
        description: 'Compose project name (podman)',
      },
      out: {
        type: 'string',
        valueName: 'dir',
        description: 'Where to write (default: ./quadlet for podman, the project dir for buildah)',
      },
      selinux: { type: 'boolean', description: 'Label bind mounts :Z (one service) or :z (shared) (podman)' },
      pod: {
        type: 'boolean',
        description: 'Put all services in one .pod (shared network namespace) (podman)',
      },
      userns: {
        type: 'string',
        valueName: 'mode',
        description: 'UserNS= for every container, e.g. keep-id (podman)',
      },
      'dry-run': { type: 'boolean', description: 'Print the files; write nothing' },
      force: { type: 'boolean', description: 'Overwrite existing files' },
    },
    examples: [
      'dockwright migrate podman',
      'dockwright migrate podman -f compose.yaml -f compose.prod.yaml --selinux --out ~/.config/containers/systemd',
      'dockwright migrate podman --dry-run --format json',
      'dockwright migrate buildah .',
    ],
    load: () => import('./migrate.js'),
  },
  {
    name: 'compose',
    summary: 'Show the resolved Compose project, as Docker Compose will run it',
    usage: 'dockwright compose config [-f file...] [--profile name] [--env-file file] [options]',
    description:
      'Loads the compose files like Docker Compose v2 (discovery, .env, overrides, extends, include, profiles),\nvalidates them against the Compose specification and prints the normalised model.\nEvery problem is reported with file:line:col (not just the first); any error exits 2.',
    formats: ['yaml', 'json'],
    options: {
      // `-f` is --file here, as in docker compose; the global --format keeps its long form.
      format: { type: 'string', valueName: 'name', description: 'Output format: yaml (default) or json' },
      file: {
        type: 'string',
        short: 'f',
        multiple: true,
        valueName: 'file',
        description: 'Compose file; repeatable, later files override earlier ones',
      },
      profile: {
        type: 'string',
        multiple: true,
        valueName: 'name',
        description: 'Enable a profile; repeatable',
      },
      'env-file': {
        type: 'string',
        multiple: true,
        valueName: 'file',
        description: "Variables for interpolation instead of the project's .env; repeatable",
      },
      'project-name': { type: 'string', short: 'p', valueName: 'name', description: 'Project name' },
      'project-directory': {
        type: 'string',
        valueName: 'dir',
        description: 'Project directory (default: the first compose file’s directory)',
      },
      services: { type: 'boolean', description: 'Print only the names of the active services' },
      quiet: { type: 'boolean', short: 'q', description: 'Print no warnings, only errors' },
    },
    examples: [
      'dockwright compose config',
      'dockwright compose config -f compose.yaml -f compose.prod.yaml --profile debug',
      'dockwright compose config --env-file .env.staging --format json',
    ],
    load: () => import('./compose.js'),
  },
  {
    name: 'lsp',
    summary: 'Language server (stdio) for editors: diagnostics, quick fixes and rule docs as you type',
    usage: 'dockwright lsp [--stdio] [options]',
    description:
      'Speaks the Language Server Protocol on standard input/output for Dockerfiles, compose files and\n.dockerignore files. No formatting: dockwright has no Dockerfile formatter. Editor setup: docs/lsp.md.',
    formats: ['text'],
    options: {
      stdio: { type: 'boolean', description: 'Use standard input/output (the default and only transport)' },
      debounce: {
        type: 'string',
        valueName: 'ms',
        description: 'Wait this long after the last edit before re-linting (default 200)',
      },
    },
    examples: ['dockwright lsp --stdio'],
    load: () => import('./lsp.js'),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name || c.aliases?.includes(name));
}
