import { COSIGN_IMAGE, TRIVY_IMAGE } from '../tool-images.js';

/**
 * Container images the GitLab and CircleCI pipelines run, each pinned to a full version (a major tag would move
 * under the user). Versions confirmed against published tags/release notes in 2025–2026; bump them together with
 * Renovate or Dependabot. Trivy 0.69.4 was a malicious release (2026 trivy supply-chain incident): never use it.
 */
export const PIPELINE_IMAGES = {
  /** Rootless BuildKit with `buildctl-daemonless.sh` (GitLab's recommended Kaniko replacement). */
  buildkit: 'moby/buildkit:v0.25.1-rootless',
  trivy: TRIVY_IMAGE,
  /** Docker CLI + buildx (Alpine) and its daemon for docker-in-docker with TLS. */
  docker: 'docker:28.5.1',
  dind: 'docker:28.5.1-dind',
  /** QEMU user emulators registered through binfmt_misc for non-native platforms. */
  binfmt: 'tonistiigi/binfmt:qemu-v9.2.2',
  /** Small shell image for skopeo/cosign/git jobs (packages from its Alpine release). */
  alpine: 'alpine:3.22.2',
  node: 'node:22.20.0-alpine3.22',
  /** CircleCI: convenience image for the lint job, machine image for everything that runs Docker. */
  circleciNode: 'cimg/node:22.14',
  circleciMachine: 'ubuntu-2404:2025.09.1',
  /** CircleCI runs cosign as a container (the image is distroless; its entrypoint is cosign). */
  cosign: COSIGN_IMAGE,
} as const;

/** Severities that fail the scan (the default). */
export const FAIL_SEVERITIES = 'CRITICAL,HIGH';
