/**
 * The platforms the base images of the Node, Bun, Python and static stacks publish, limited to the three the
 * tier 4 bake file targets (linux/amd64, linux/arm64, linux/arm/v7). A multi-platform build can only produce a
 * platform every image of the Dockerfile has, so a stack intersects the lists of the images it uses.
 *
 * Sources (read November 2026):
 * - node: docker-library/repo-info `node:22-bookworm-slim` and `node:22-alpine` (amd64, arm/v7, arm64, …);
 *   `node:24-bookworm-slim` lists amd64 and arm64 but no arm/v7 (Node.js 24 dropped 32-bit ARM builds);
 *   nodejs/docker-node versions.json (20 and 22: arm32v7 for bookworm-slim and alpine).
 * - gcr.io/distroless/nodejs*: GoogleContainerTools/distroless nodejs/BUILD (`filter_architectures` drops `arm`
 *   from Node 24 on) over the debian12 ARCHITECTURES list (amd64, arm64, arm v7, s390x, ppc64le).
 * - nginxinc/nginx-unprivileged (alpine): its alpine-stable workflow builds linux/amd64, arm/v6, arm/v7, arm64,
 *   386, ppc64le, riscv64, s390x.
 * - python:<v>-slim-bookworm: docker-library/repo-info `python:3.12-slim-bookworm` (amd64, arm/v7, arm64, 386,
 *   ppc64le).
 * - ghcr.io/astral-sh/uv: astral-sh/uv build-docker.yml builds linux/amd64 and linux/arm64 only.
 * - oven/bun: Bun publishes linux x64 and aarch64 builds only (no 32-bit ARM); not checked against oven-sh's
 *   own image workflow, which was not available to read.
 */

export const AMD64 = 'linux/amd64';
export const ARM64 = 'linux/arm64';
export const ARMV7 = 'linux/arm/v7';

/** The tier 4 candidates, in the order bake lists them. */
export const ALL_PLATFORMS: readonly string[] = [AMD64, ARM64, ARMV7];

const SIXTY_FOUR_BIT: readonly string[] = [AMD64, ARM64];

/** node:<major>-bookworm-slim, node:<major>-alpine and distroless nodejs<major>: arm/v7 up to Node 22. */
export function nodeImagePlatforms(major: number): readonly string[] {
  return major >= 24 ? SIXTY_FOUR_BIT : ALL_PLATFORMS;
}

export const BUN_PLATFORMS = SIXTY_FOUR_BIT;
export const NGINX_UNPRIVILEGED_PLATFORMS = ALL_PLATFORMS;
export const PYTHON_SLIM_PLATFORMS = ALL_PLATFORMS;
export const UV_IMAGE_PLATFORMS = SIXTY_FOUR_BIT;

/** The platforms in every list, in ALL_PLATFORMS order. */
export function intersectPlatforms(...lists: readonly (readonly string[])[]): string[] {
  return ALL_PLATFORMS.filter((p) => lists.every((l) => l.includes(p)));
}
