/**
 * Hints for failed checks, from the spec's error-handling table (scenario → action), made specific with what
 * verify saw. Each failing step carries one.
 */
import type { ContainerState } from '../engine/types.js';

export const HINTS = {
  copyPath:
    'A COPY source does not exist in the build context: check the path against the context and .dockerignore (the path is relative to the context, not to the Dockerfile).',
  buildDeps:
    'Build fails on deps (spec: check base image compatibility, pin versions): check the lockfile matches the manifest and the registry is reachable.',
  parse:
    'The Dockerfile does not parse with this frontend (heredocs need the dockerfile:1.4+ frontend): run `dockwright lint`.',
  tls: 'TLS failed inside the build: a proxy CA must be trusted in the image (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE).',
  buildOther: 'Read the log lines above; `dockwright explain` reads a full build log.',
  exitsImmediately:
    'Container exits immediately (spec: verify CMD exec form, PID 1 handling): the app crashed at start; read its log lines above (missing configuration or environment variables are common).',
  commandMissing:
    'Container exits immediately: the command or a file it needs is missing from the image; check CMD/ENTRYPOINT (exec form) and what the final stage copies.',
  permission:
    'Permission denied at runtime (spec: verify USER directive, file ownership): COPY --chown the files the app writes, or write to a volume/tmpfs the user owns.',
  portInUse:
    'Port already in use (spec: use a different host port mapping): stop what holds the port, or pass --port / change the published port.',
  oom: 'OOM killed (spec: set appropriate memory limits): raise the memory limit (deploy.resources.limits.memory, --memory) or lower the app’s heap (NODE_OPTIONS=--max-old-space-size).',
  healthBinary:
    'Health check failing (spec: verify endpoint, add startup grace period): the HEALTHCHECK’s probe program is not in the image (slim and distroless images have no curl/wget); probe with the runtime itself (node -e "fetch(…)", python -c …) or copy a static probe binary.',
  healthFailing:
    'Health check failing (spec: verify endpoint, add startup grace period): check the app listens on the port and path the probe uses, and give it a start_period long enough to boot.',
  healthTimeout:
    'Health check failing (spec: verify endpoint, add startup grace period): it never reported healthy in time; raise --timeout or the start_period, and check the probe’s endpoint.',
  root: 'Runs as root (spec: verify USER directive): add a non-root user in the final stage and switch to it (USER 1000:1000 or the image’s own user, e.g. `node`).',
  wrongUser:
    'The container runs as a different user than expected: check USER in the final stage and compose `user:`.',
  stop: 'PID 1 ignores SIGTERM unless it handles it: handle SIGTERM in the app (close the server, then exit), or run it under an init (tini, `init: true` in compose, `docker run --init`).',
  dns: 'DNS resolution failure (spec: check network attachment, service names): the app connects to a host name no service provides; use the Compose service name.',
  dependency:
    'A dependency never reached its condition (depends_on): fix that service first; its own failure is reported above.',
  tooLarge:
    'Image too large (spec: switch to multi-stage, Alpine/distroless): only the runtime belongs in the final stage.',
  secretMissing:
    'The app reads a secret file that is not mounted: check the service’s `secrets:` list and the top-level `secrets:` file path (mounted at /run/secrets/<name>).',
  cleanup: 'Remove the leftovers by hand: docker rm -f / rmi / network rm / volume rm with the ids listed.',
} as const;

/** The hint for a failed build, from its log. */
export function buildHint(log: string): string {
  if (
    /failed to compute cache key|"\/[^"]*": not found|COPY failed|failed to calculate checksum/i.test(log)
  ) {
    return HINTS.copyPath;
  }
  if (/unknown instruction|dockerfile parse error/i.test(log)) return HINTS.parse;
  if (/x509|certificate/i.test(log)) return HINTS.tls;
  if (
    /npm ERR!|npm error|ERR_PNPM|yarn.*error|pip.*error|could not find a version|go: |cargo|error\[E/i.test(
      log,
    )
  ) {
    return HINTS.buildDeps;
  }
  return HINTS.buildOther;
}

/** The hint for a container that stopped (or failed to start), from its state and logs. */
export function exitHint(
  state: Pick<ContainerState, 'exitCode' | 'oomKilled'> | undefined,
  logs: string,
): string {
  if (state?.oomKilled || state?.exitCode === 137) {
    if (state.oomKilled) return HINTS.oom;
  }
  if (/EADDRINUSE|address already in use|port is already allocated|bind: address/i.test(logs)) {
    return HINTS.portInUse;
  }
  if (/\/run\/secrets\/\S*/.test(logs) && /ENOENT|no such file/i.test(logs)) return HINTS.secretMissing;
  if (/EACCES|permission denied|EROFS|read-only file system/i.test(logs)) return HINTS.permission;
  if (
    /ENOTFOUND|EAI_AGAIN|getaddrinfo|Name or service not known|no such host|could not translate host/i.test(
      logs,
    )
  ) {
    return HINTS.dns;
  }
  if (
    state?.exitCode === 127 ||
    state?.exitCode === 126 ||
    /executable file not found|exec format error|no such file or directory|Cannot find module|MODULE_NOT_FOUND/i.test(
      logs,
    )
  ) {
    return HINTS.commandMissing;
  }
  return HINTS.exitsImmediately;
}

/** The hint for an unhealthy container, from the health probe outputs. */
export function healthHint(healthLog: readonly string[]): string {
  const text = healthLog.join('\n');
  if (
    /not found|executable file not found|No such file or directory|exit status 127|OCI runtime exec failed/i.test(
      text,
    )
  ) {
    return HINTS.healthBinary;
  }
  return HINTS.healthFailing;
}
